#!/usr/bin/env bash
# Installs the npm packages of one test directory from its package-lock.json. ./mvnw verify runs this before the
# tests (exec-maven-plugin in pom.xml), so the README's test command is all a new clone needs; install.sh uses it too.
#
# Offline-friendly: nothing is fetched when node_modules already matches the lock file (npm's own record of what it
# installed, node_modules/.package-lock.json, is newer than package.json and package-lock.json), and npm ci takes
# what it can from its cache. Without npm, or when the install fails (no network, no cache), it says what is
# missing and exits 0: the tests that need the packages then skip with the same hint. Under CI (CI=true) both are
# failures instead, like every missing test tool.
set -euo pipefail
dir="$1"
ci() { [ "${CI:-}" = "true" ]; }

if ! command -v npm >/dev/null 2>&1; then
  echo "npm not found, so the npm packages of $dir are not installed and the browser tests will be skipped;" \
       "install node and npm (apt-get install nodejs npm) to run them"
  if ci; then echo "CI=true: a missing npm is a failure" >&2; exit 1; fi
  exit 0
fi
cd "$dir"
record=node_modules/.package-lock.json
if [ -f "$record" ] && [ "$record" -nt package-lock.json ] && [ "$record" -nt package.json ]; then
  echo "npm packages of $dir are up to date with package-lock.json"
  exit 0
fi
if ! npm ci --prefer-offline --no-audit --no-fund; then
  echo "npm ci failed in $dir (offline with an empty npm cache?): the tests that need its packages will be skipped" >&2
  if ci; then exit 1; fi
fi
