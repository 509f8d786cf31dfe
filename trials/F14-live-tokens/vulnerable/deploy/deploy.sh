#!/bin/sh
set -eu
export GITHUB_TOKEN=ghp_mdS7jnqFCiI5ydYgqTxIBAiCofjZUljbQ6oP
export VAULT_TOKEN=hvs.3Q0w7MQ0JTcKADr9Eu7e3xdRP7PI0g63eB1h3d1P7keaYRtciy4Lja4CDY3FTHbsfrpsRLPGaJYpUa7w5h2hzyCswU7
gh release create "$1"
