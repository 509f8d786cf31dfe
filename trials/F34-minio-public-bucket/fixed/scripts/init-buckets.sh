#!/bin/sh
# Buckets for the build pipeline; CI reads artefacts with its own access key.
set -eu
mc alias set ci "$MINIO_URL" "$MINIO_ACCESS_KEY" "$MINIO_SECRET_KEY"
mc mb --ignore-existing ci/artifacts ci/cache
mc anonymous set private ci/artifacts
mc share download --expire 1h ci/artifacts/latest/report.html
