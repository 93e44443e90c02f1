#!/usr/bin/env bash
# Makes sure the programs a test needs are there, installing Debian's packages with apt when one
# is missing. Maven runs it (exec-maven-plugin) before the browser tests (chromium,
# chromium-driver) and before the integration tests (nginx). Each argument is
# program=package; the program is looked up on PATH and in /usr/sbin. Packages are never
# started as services: a policy-rc.d refuses that while apt runs (nginx would take port 80).
#   .ci/ensure-debian.sh chromium=chromium chromedriver=chromium-driver
set -euo pipefail
has() { command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ]; }
missing=()
for pair in "$@"; do
  program=${pair%%=*}
  package=${pair#*=}
  has "$program" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "ensure-debian: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" != "0" ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
  else
    echo "ensure-debian: cannot install: not root and no password-less sudo." >&2
    echo "ensure-debian: install them yourself: apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-debian: no apt-get here; install ${missing[*]} yourself." >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
POLICY=/usr/sbin/policy-rc.d
CREATED_POLICY=""
if [ ! -e "$POLICY" ]; then
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$POLICY" >/dev/null && $SUDO chmod +x "$POLICY" && CREATED_POLICY=1
fi
cleanup() { if [ -n "$CREATED_POLICY" ]; then $SUDO rm -f "$POLICY"; fi; }
trap cleanup EXIT
$SUDO apt-get update -qq || { echo "ensure-debian: apt-get update failed" >&2; exit 1; }
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
  || { echo "ensure-debian: apt-get install ${missing[*]} failed" >&2; exit 1; }
for pair in "$@"; do
  has "${pair%%=*}" || { echo "ensure-debian: ${pair#*=} installed but ${pair%%=*} is not on PATH" >&2; exit 1; }
done
echo "ensure-debian: ${missing[*]} ready"
