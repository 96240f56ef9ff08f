#!/usr/bin/env bash
# Installs what the browser tests need: Debian's chromium and the npm packages of src/test/browser.
# Called by .ci/run; safe to run again (apt and npm ci are idempotent). ./mvnw verify installs the npm packages
# itself when npm is there, so on a machine with chromium and npm this script is not needed.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium
  else
    sudo apt-get update -q
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium
  fi
fi
if ! command -v node >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q nodejs npm
  else
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -q nodejs npm
  fi
fi
CI=true bash "$here/../npm-ci.sh" "$here"   # the same step ./mvnw verify runs; here a failure stops the script
echo "browser test tools ready: $(/usr/bin/chromium --version 2>/dev/null), node $(node --version)"
