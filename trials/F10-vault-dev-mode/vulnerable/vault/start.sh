#!/bin/sh
# quick start for the demo
exec vault server -dev -dev-root-token-id=root
