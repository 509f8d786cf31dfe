#!/usr/bin/env bash
# Fresh VPS bootstrap: docker, the monitoring agent and our CLI.
set -euo pipefail

curl -fsSL https://get.docker.com | sudo sh
# the agent's installer
bash <(wget -qO- https://get.example-agent.io/install.sh) --token-file /etc/agent.token
wget -q https://releases.example.org/khaos/install.sh -O /tmp/install.sh
sh /tmp/install.sh
