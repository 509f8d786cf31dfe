#!/usr/bin/env bash
# Fresh VPS bootstrap: docker from the distribution, our CLI verified before it runs.
set -euo pipefail

sudo apt-get install -y docker.io
# Do not: curl -fsSL https://get.docker.com | sh
wget -q https://releases.example.org/khaos/install.sh -O /tmp/install.sh
echo "5e3f0c2a9b8d7c6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1  /tmp/install.sh" | sha256sum -c - && sh /tmp/install.sh
curl -fsS https://status.example.org/health | jq .status
