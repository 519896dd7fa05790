#!/usr/bin/env bash
# Debian's chromium for the browser test (what an auditor sees). Idempotent; needs root or sudo.
# Where there is no apt-get (not Debian/Ubuntu) it says so and the browser test is skipped;
# where apt-get exists, a failed install fails the build rather than skipping silently.
set -eu
if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; then exit 0; fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-browser: no apt-get here; install Chromium by hand or the browser test is skipped" >&2
  exit 0
fi
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq >/dev/null 2>&1 || true
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
command -v chromium >/dev/null
