#!/usr/bin/env bash
# All set-up (packages, Box2D 2.3.1, data), a Release build, then every test. Idempotent.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"
export SANDBOX_HOME="$here"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
scripts/setup.sh --for-tests
dotnet build Sandbox.sln -c Release -nologo -v quiet
dotnet test Sandbox.sln -c Release --no-build
