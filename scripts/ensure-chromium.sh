#!/usr/bin/env bash
# Debian's chromium, for the add-in's end-to-end tests and benchmark (driven by playwright-core).
exec bash "$(dirname "$0")/ensure-debian-package.sh" /usr/bin/chromium chromium fonts-liberation
