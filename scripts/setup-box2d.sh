#!/usr/bin/env bash
# Fetches Box2D 2.3.1 (Debian bullseye binary packages) into .cache/box2d/ and builds
# our C ABI shim against it (the "debian" build). Then, when Box2D 2.3.1's source can be had,
# builds the "fast" library: the same source at -O3 with link-time optimisation and this
# machine's instruction set, without fast-math or floating-point contraction, with the shim
# linked in (see setup-box2d-fast.sh). Idempotent: a second run with nothing stale does nothing.
#
# Why bullseye's 2.3.1 and not the machine's 2.4.1: see shared/specs/envs.md §8.
# Nothing is installed system-wide; apt runs with a private sources list, lists and cache.
# The Debian mirror is the machine's own (from /etc/apt); BOX2D_DEBIAN_MIRROR overrides it.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="$repo_root/.cache/box2d"
shim_dir="$repo_root/envs/Sandbox.Envs.Box2D/shim"
lib_dir="$cache/lib"
root_dir="$cache/root"
deb_dir="$cache/debs"

version="2.3.1+ds-7"
runtime_deb="libbox2d2.3.0_${version}_amd64.deb"
dev_deb="libbox2d-dev_${version}_amd64.deb"
runtime_sha="2b9b4ad23a65f73345153caae877e50305a6c53c91e6975afaf3e8c4ef1305df"
dev_sha="97cc6cc13d88fd31542262ad192d18e67b30a9a8a7b0ce3a55ea3c08ce142772"
keyring="/usr/share/keyrings/debian-archive-keyring.gpg"

box2d_so_rel="usr/lib/x86_64-linux-gnu/libBox2D.so.2.3.0"
shim_out="$lib_dir/libsandbox_box2d.so"
box2d_out="$lib_dir/libBox2D.so.2.3.0"

log() { echo "setup-box2d: $*" >&2; }
die() { echo "setup-box2d: $*" >&2; exit 1; }

mkdir -p "$cache"
# Two builds (say the library and its tests) may start this at once; let one do the work.
exec 9>"$cache/.lock"
flock 9

sha_ok() { # file expected-sha
    [[ -f "$1" ]] && [[ "$(sha256sum "$1" | cut -d' ' -f1)" == "$2" ]]
}

# find_mirror: the machine's own Debian archive.
source "$repo_root/scripts/lib/debian-mirror.sh"

fetch_debs() {
    [[ "$(dpkg --print-architecture)" == "amd64" ]] \
        || die "only amd64 is supported (Debian's libbox2d 2.3.1 amd64 packages are pinned by hash)"
    [[ -f "$keyring" ]] || die "missing $keyring; run: apt-get install -y debian-archive-keyring"
    local mirror apt_dir
    mirror="${BOX2D_DEBIAN_MIRROR:-$(find_mirror)}"
    apt_dir="$cache/apt"
    mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$deb_dir"
    echo "deb [signed-by=$keyring] $mirror bullseye main" >"$apt_dir/sources.list"
    local -a opts=(
        -o "Dir::Etc::SourceList=$apt_dir/sources.list"
        -o "Dir::Etc::SourceParts=-"
        -o "Acquire::Languages=none"
        -o "Acquire::IndexTargets::deb::DEP-11::DefaultEnabled=false"
        -o "Acquire::IndexTargets::deb::DEP-11-icons::DefaultEnabled=false"
        -o "Acquire::IndexTargets::deb::DEP-11-icons-hidpi::DefaultEnabled=false"
        -o "Dir::State::Lists=$apt_dir/lists"
        -o "Dir::Cache=$apt_dir/cache"
        -o "APT::Sandbox::User=root"
        -q
    )
    log "apt-get update (private lists; $mirror bullseye main)"
    if ! apt-get "${opts[@]}" -o APT::Update::Error-Mode=any update >"$apt_dir/update.log" 2>&1; then
        die "could not reach $mirror/dists/bullseye (log: $apt_dir/update.log); check network access to that Debian archive, then rerun scripts/setup-box2d.sh"
    fi
    log "apt-get download libbox2d2.3.0=$version libbox2d-dev=$version"
    rm -f "$deb_dir"/*.deb
    if ! (cd "$deb_dir" && apt-get "${opts[@]}" download "libbox2d2.3.0=$version" "libbox2d-dev=$version") \
        >"$apt_dir/download.log" 2>&1; then
        die "could not download libbox2d $version from $mirror (bullseye main; log: $apt_dir/download.log); check network access to that Debian archive, then rerun scripts/setup-box2d.sh"
    fi
}

# 1. The two .deb files, verified by SHA-256.
if ! sha_ok "$deb_dir/$runtime_deb" "$runtime_sha" || ! sha_ok "$deb_dir/$dev_deb" "$dev_sha"; then
    fetch_debs
    sha_ok "$deb_dir/$runtime_deb" "$runtime_sha" || die "SHA-256 mismatch for $deb_dir/$runtime_deb (expected $runtime_sha); delete .cache/box2d and rerun"
    sha_ok "$deb_dir/$dev_deb" "$dev_sha" || die "SHA-256 mismatch for $deb_dir/$dev_deb (expected $dev_sha); delete .cache/box2d and rerun"
    rm -f "$root_dir/.unpacked"
fi

# 2. Unpack (no dpkg database involved).
if [[ ! -f "$root_dir/.unpacked" ]]; then
    log "unpacking into $root_dir"
    rm -rf "$root_dir"
    mkdir -p "$root_dir"
    dpkg -x "$deb_dir/$runtime_deb" "$root_dir"
    dpkg -x "$deb_dir/$dev_deb" "$root_dir"
    [[ -f "$root_dir/$box2d_so_rel" && -f "$root_dir/usr/include/Box2D/Box2D.h" ]] \
        || die "unexpected package layout: $root_dir/$box2d_so_rel or Box2D.h missing"
    touch "$root_dir/.unpacked"
fi

# 3. The shim, rebuilt when missing or older than any of its inputs.
stale=0
for out in "$shim_out" "$box2d_out"; do [[ -f "$out" ]] || stale=1; done
if [[ $stale -eq 0 ]]; then
    for src in "$shim_dir/sandbox_box2d.cpp" "$shim_dir/sandbox_box2d.h" "$root_dir/.unpacked" "${BASH_SOURCE[0]}"; do
        [[ "$src" -nt "$shim_out" ]] && stale=1
    done
fi
if [[ $stale -eq 1 ]]; then
    if ! command -v g++ >/dev/null 2>&1; then
        log "g++ not found; installing it with apt-get"
        apt-get update -q >&2 && apt-get install -y -q g++ >&2 || die "could not install g++; run: apt-get install -y g++"
    fi
    log "compiling $shim_out"
    mkdir -p "$lib_dir"
    cp -f "$root_dir/$box2d_so_rel" "$box2d_out.tmp"
    mv -f "$box2d_out.tmp" "$box2d_out"
    # Default floating-point model on purpose: no -ffast-math, no -march=native (envs.md §8).
    g++ -O2 -fPIC -shared -std=c++11 -fvisibility=hidden -Wall -Wextra \
        -DSBX_BUILD_INFO="\"debian: Debian bullseye libBox2D.so.2.3.0 $version (generic x86-64, -O2); shim g++ -O2\"" \
        -isystem "$root_dir/usr/include" \
        -o "$shim_out.tmp" "$shim_dir/sandbox_box2d.cpp" \
        "$box2d_out" -Wl,-rpath,'$ORIGIN' -Wl,--no-undefined -Wl,-z,defs
    mv -f "$shim_out.tmp" "$shim_out"
    log "built $shim_out"
fi

# 4. The fast build (optional: Debian's build above stays the fallback).
"$repo_root/scripts/setup-box2d-fast.sh"
