#!/usr/bin/env bash
# Nightly export of the analytics data, then an off-site copy.
set -euo pipefail

curl -fsS "https://api.analytics.example.org/v1/export?format=csv&api_key=9f8e7d6c5b4a3f2e1d0cAb8a7Z" -o /backup/export.csv
pg_dump "$DATABASE_URL" | gzip > /backup/db.sql.gz
# off-site copy
rclone copy /backup "webdav://backup:Hq5-Zt8r-Pw2x@dav.storage.example.net/nightly"
