#!/usr/bin/env bash
# Makes sure the browser tests can run: Debian's chromium and chromium-driver, installed
# with apt when missing. Maven runs this before the tests (exec-maven-plugin).
set -euo pipefail
if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
  exit 0
fi
echo "ensure-browser: chromium or chromedriver missing; installing Debian's chromium and chromium-driver"
SUDO=""
if [ "$(id -u)" != "0" ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
  else
    echo "ensure-browser: cannot install chromium: not root and no password-less sudo." >&2
    echo "ensure-browser: install them yourself: apt-get install -y chromium chromium-driver" >&2
    exit 1
  fi
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-browser: no apt-get here; install Chromium and ChromeDriver (/usr/bin/chromium, /usr/bin/chromedriver) yourself." >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq || { echo "ensure-browser: apt-get update failed" >&2; exit 1; }
$SUDO apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null \
  || { echo "ensure-browser: apt-get install chromium chromium-driver failed" >&2; exit 1; }
command -v chromium >/dev/null && command -v chromedriver >/dev/null \
  || { echo "ensure-browser: chromium installed but not on PATH" >&2; exit 1; }
echo "ensure-browser: $(chromium --version 2>/dev/null | head -1) ready"
