#!/bin/sh
# production start: config file, TLS and raft storage on a volume
exec vault server -config=/vault/config/vault.hcl
