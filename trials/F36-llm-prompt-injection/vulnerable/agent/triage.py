"""GitHub webhook: summarise new issues and apply the fix the model proposes."""
import subprocess

import anthropic
from flask import Flask, request

app = Flask(__name__)
client = anthropic.Anthropic()


def propose_patch(issue_text):
    reply = client.messages.create(
        model="claude-3-5-sonnet-latest",
        max_tokens=2048,
        messages=[{"role": "user", "content": f"Write a unified diff that fixes this issue:\n{issue_text}"}],
    )
    return reply.content[0].text


@app.post("/webhook")
def webhook():
    event = request.json
    body = event["issue"]["body"]
    patch = propose_patch(body)
    with open("/srv/repo/fix.patch", "w") as f:
        f.write(patch)
    subprocess.run(f"cd /srv/repo && git apply fix.patch && git commit -am '{patch[:50]}'", shell=True, check=True)
    return {"ok": True}
