#!/bin/sh
# Buckets for the build pipeline.
set -eu
mc alias set ci "$MINIO_URL" "$MINIO_ACCESS_KEY" "$MINIO_SECRET_KEY"
mc mb --ignore-existing ci/artifacts ci/cache
mc policy set public ci/artifacts
mc anonymous set upload ci/cache
