#!/usr/bin/env bash
# Usage: ensure-debian-package.sh EXECUTABLE PACKAGE...
# Installs the Debian PACKAGEs when EXECUTABLE is missing (a fresh machine has only Node and npm).
# Idempotent and non-interactive; needs root (or password-less sudo) and apt.
set -euo pipefail

executable=$1
shift
name=$(basename "$executable")

if [ -x "$executable" ]; then
  echo "$name: already installed"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo -n"; else
    echo "$name: missing and not running as root; install it with: apt-get install -y $*" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "$@" >/dev/null
echo "$name: installed"
