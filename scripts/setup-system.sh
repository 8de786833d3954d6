#!/bin/sh
# Installs the system packages the tests need (Debian's Chromium for the end-to-end tests and benchmarks, a CJK
# font so screenshots show Chinese, nginx for the test of several server instances behind a balancer) — only
# those missing. Uses sudo only when not root: CI images and servers
# often run as root with no sudo installed, a developer's machine the other way round.
set -eu

missing=""
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
if ! fc-list 2>/dev/null | grep -qi 'WenQuanYi'; then missing="$missing fonts-wqy-microhei"; fi
# (the test runs nginx as a child process, never as a service; where /usr/sbin is not on PATH, apt-get finds it
# installed already and does nothing)
command -v nginx >/dev/null 2>&1 || missing="$missing nginx"

if [ -z "$missing" ]; then
  echo "setup-system: chromium, fonts-wqy-microhei and nginx already installed"
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  as_root=""
elif command -v sudo >/dev/null 2>&1; then
  as_root="sudo"
else
  echo "setup-system: need root to install$missing, and sudo is not available; run this script as root" >&2
  exit 1
fi

echo "setup-system: installing$missing"
$as_root apt-get update -qq
# shellcheck disable=SC2086 # the package list is meant to split
$as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
