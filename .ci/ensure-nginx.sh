#!/usr/bin/env bash
# Makes sure the reverse-proxy integration test (NginxIT) can run: Debian's nginx, installed
# with apt when missing. Maven runs this before the integration tests (exec-maven-plugin).
# It never starts nginx as a service: the test runs its own copy on 127.0.0.1.
set -euo pipefail
if command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; then
  exit 0
fi
echo "ensure-nginx: nginx missing; installing Debian's nginx (the test starts its own on 127.0.0.1)"
SUDO=""
if [ "$(id -u)" != "0" ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
  else
    echo "ensure-nginx: cannot install nginx: not root and no password-less sudo." >&2
    echo "ensure-nginx: install it yourself: apt-get install -y nginx (NginxIT needs /usr/sbin/nginx)" >&2
    exit 1
  fi
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-nginx: no apt-get here; install nginx yourself (NginxIT needs /usr/sbin/nginx)." >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
# policy-rc.d 101: the package must not start nginx as a service on port 80.
POLICY=/usr/sbin/policy-rc.d
CREATED_POLICY=""
if [ ! -e "$POLICY" ]; then
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$POLICY" >/dev/null && $SUDO chmod +x "$POLICY" && CREATED_POLICY=1
fi
cleanup() { if [ -n "$CREATED_POLICY" ]; then $SUDO rm -f "$POLICY"; fi; }
trap cleanup EXIT
$SUDO apt-get update -qq || { echo "ensure-nginx: apt-get update failed" >&2; exit 1; }
$SUDO apt-get install -y -qq --no-install-recommends nginx >/dev/null \
  || { echo "ensure-nginx: apt-get install nginx failed" >&2; exit 1; }
{ command -v nginx >/dev/null || [ -x /usr/sbin/nginx ]; } \
  || { echo "ensure-nginx: nginx installed but /usr/sbin/nginx is missing" >&2; exit 1; }
echo "ensure-nginx: $(/usr/sbin/nginx -v 2>&1) ready"
