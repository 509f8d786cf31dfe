"""GitHub webhook: the model picks a label from a fixed list; humans apply fixes."""
import subprocess

import anthropic
from flask import Flask, request

app = Flask(__name__)
client = anthropic.Anthropic()
ALLOWED_LABELS = {"bug", "docs", "question", "feature"}


def classify(issue_text):
    reply = client.messages.create(
        model="claude-3-5-sonnet-latest",
        max_tokens=10,
        messages=[{"role": "user", "content": f"One word from bug/docs/question/feature for:\n{issue_text}"}],
    )
    return reply.content[0].text.strip().lower()


@app.post("/webhook")
def webhook():
    event = request.json
    body = event["issue"]["body"]
    label = classify(body)
    revision = subprocess.run(["git", "-C", "/srv/repo", "rev-parse", "HEAD"], capture_output=True, text=True).stdout
    return {"label": label if label in ALLOWED_LABELS else "triage", "revision": revision}
