#!/usr/bin/env bash
# The "fast" Box2D: Box2D 2.3.1 compiled from its source together with our shim into one
# library, .cache/box2d/lib/libsandbox_box2d_fast.so, at -O3 with link-time optimisation and the
# instruction set of this machine, but with the default floating-point model (no fast-math) and
# no floating-point contraction (no fused multiply-add), so that it computes the same bits as
# Debian's -O2 generic x86-64 build. The identity is checked by a test, not assumed.
#
# The source is obtained at set-up time and never committed. Tried in order:
#   1. BOX2D_SOURCE=<dir>: a directory holding Box2D/Box2D.h (or Box2D.h itself), or a git
#      repository of erincatto/box2d (its tag v2.3.1 is read with git archive);
#   2. Debian's source package box2d 2.3.1+ds-7 (bullseye, the machine's own mirror; pinned by
#      SHA-256; Debian's patches applied in their series order, as dpkg-source does);
#   3. the npm package box2d.js@1.0.4 (pinned by SHA-256), which carries Box2D 2.3.1's source
#      with two edits of its own that are undone here.
# Sources 1 and 3 must match upstream 2.3.1 file for file (a pinned hash over the library's
# .h/.cpp files, line endings ignored). When none can be had, the reason is recorded in
# .cache/box2d/fast/unavailable and Debian's build stays in use; delete that file (or set
# BOX2D_SOURCE) to try again.
#
# Instruction set: -march=native without FMA/AVX-512 (see flags below) when the compiler accepts it, else -march=x86-64 (portable);
# BOX2D_MARCH=<arch> overrides (e.g. x86-64-v3 for a library that other machines can load).
# The library is rebuilt when the shim, this script, the compiler or the CPU changes.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="$repo_root/.cache/box2d"
shim_dir="$repo_root/envs/Sandbox.Envs.Box2D/shim"
lib_dir="$cache/lib"
fast_dir="$cache/fast"
source_dir="$fast_dir/source"          # holds Box2D/ (include root)
unavailable="$fast_dir/unavailable"
out="$lib_dir/libsandbox_box2d_fast.so"
stamp="$fast_dir/build-stamp"
keyring="/usr/share/keyrings/debian-archive-keyring.gpg"

# Upstream Box2D 2.3.1's library sources (Box2D/Box2D/**/*.{h,cpp} at tag v2.3.1), hashed by tree_hash.
upstream_tree_sha="1ac81b2f9a428acff819dad4813b76760a24e5119593aaf2344de90c4c872704"
# Debian's source package (from bullseye's Sources index).
deb_version="2.3.1+ds-7"
deb_dsc="box2d_${deb_version}.dsc"
deb_orig="box2d_2.3.1+ds.orig.tar.xz"
deb_debian="box2d_${deb_version}.debian.tar.xz"
deb_dsc_sha="6d40da41e4ca1899b7d5adfd9e8861f09d44db5830197232d1dcbf912964d8c4"
deb_orig_sha="2675b5c7cd564baaaba4f571c71d5039e1320823387150ca8cd33cc6edb12b0f"
deb_debian_sha="07ed444b05bd643b967bd957b8e82a9d32c63f147587399113e4206e07045d2e"
# The npm carrier.
npm_spec="box2d.js@1.0.4"
npm_tarball="box2d.js-1.0.4.tgz"
npm_sha="e6fef266052598f60376786b0b75f6eb3e1c6ec5e283c53bade01755a35f074b"

log() { echo "setup-box2d-fast: $*" >&2; }

mkdir -p "$fast_dir" "$lib_dir"
exec 8>"$fast_dir/.lock"
flock 8

sha_ok() { [[ -f "$1" ]] && [[ "$(sha256sum "$1" | cut -d' ' -f1)" == "$2" ]]; }

# SHA-256 over the sorted relative paths and LF-normalised contents of the .h/.cpp files under $1.
tree_hash() {
    (cd "$1" && find . -type f \( -name '*.h' -o -name '*.cpp' \) | LC_ALL=C sort | while read -r f; do
        printf '%s %s\n' "$(tr -d '\r' <"$f" | sha256sum | cut -d' ' -f1)" "$f"
    done | sha256sum | cut -d' ' -f1)
}

# Moves a verified library tree ($1, the directory holding Box2D.h) into place, with its origin.
install_source() { # tree origin
    local staging="$fast_dir/source.new"
    rm -rf "$staging"
    mkdir -p "$staging"
    cp -a "$1" "$staging/Box2D"
    echo "$2" >"$staging/origin"
    rm -rf "$source_dir"
    mv "$staging" "$source_dir"
}

# The directory under $1 that holds the library's Box2D.h and Common/b2Settings.cpp, if any.
find_library_root() {
    local h
    while IFS= read -r h; do
        [[ -f "$(dirname "$h")/Common/b2Settings.cpp" ]] && { dirname "$h"; return 0; }
    done < <(find "$1" -name Box2D.h -type f 2>/dev/null | LC_ALL=C sort)
    return 1
}

from_given() { # BOX2D_SOURCE
    local given="$1" work="$fast_dir/work" root
    rm -rf "$work"
    mkdir -p "$work"
    if git -C "$given" rev-parse --verify -q 'v2.3.1^{commit}' >/dev/null 2>&1; then
        git -C "$given" archive v2.3.1 Box2D/Box2D | tar -x -C "$work" || { echo "git archive v2.3.1 failed in $given"; return 1; }
        root="$work/Box2D/Box2D"
    elif root="$(find_library_root "$given")"; then
        :
    else
        echo "BOX2D_SOURCE=$given has neither a git tag v2.3.1 nor a Box2D.h with Common/b2Settings.cpp beside it"
        return 1
    fi
    local got
    got="$(tree_hash "$root")"
    [[ "$got" == "$upstream_tree_sha" ]] || { echo "BOX2D_SOURCE=$given is not Box2D 2.3.1 as released (tree hash $got)"; return 1; }
    install_source "$root" "Box2D 2.3.1 source (upstream v2.3.1, from BOX2D_SOURCE)"
}

from_debian() {
    local apt_dir="$fast_dir/apt" dl="$fast_dir/debian-source" mirror
    [[ -f "$keyring" ]] || { echo "no $keyring for Debian's source package"; return 1; }
    if ! { sha_ok "$dl/$deb_dsc" "$deb_dsc_sha" && sha_ok "$dl/$deb_orig" "$deb_orig_sha" && sha_ok "$dl/$deb_debian" "$deb_debian_sha"; }; then
        # shellcheck source=lib/debian-mirror.sh
        source "$repo_root/scripts/lib/debian-mirror.sh"
        mirror="${BOX2D_DEBIAN_MIRROR:-$(find_mirror)}"
        mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$dl"
        echo "deb-src [signed-by=$keyring] $mirror bullseye main" >"$apt_dir/sources.list"
        local -a opts=(
            -o "Dir::Etc::SourceList=$apt_dir/sources.list" -o "Dir::Etc::SourceParts=-"
            -o "Acquire::Languages=none" -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache"
            -o "APT::Sandbox::User=root" -q
        )
        apt-get "${opts[@]}" -o APT::Update::Error-Mode=any update >"$apt_dir/update.log" 2>&1 \
            || { echo "could not reach $mirror/dists/bullseye for Debian's source index (log: $apt_dir/update.log)"; return 1; }
        rm -f "$dl"/*
        (cd "$dl" && apt-get "${opts[@]}" source --download-only "box2d=$deb_version") >"$apt_dir/download.log" 2>&1 \
            || { echo "Debian's source package box2d $deb_version could not be downloaded from $mirror (log: $apt_dir/download.log)"; return 1; }
        sha_ok "$dl/$deb_dsc" "$deb_dsc_sha" && sha_ok "$dl/$deb_orig" "$deb_orig_sha" && sha_ok "$dl/$deb_debian" "$deb_debian_sha" \
            || { echo "SHA-256 mismatch in Debian's source package box2d $deb_version (in $dl)"; return 1; }
    fi
    # Unpack like dpkg-source -x: the orig tarball, debian/ over it, then debian/patches/series in order.
    local work="$fast_dir/work" top root patch
    rm -rf "$work"
    mkdir -p "$work"
    tar -xJf "$dl/$deb_orig" -C "$work"
    top="$(find "$work" -mindepth 1 -maxdepth 1 -type d | head -n1)"
    [[ -n "$top" ]] || { echo "unexpected layout of $deb_orig"; return 1; }
    tar -xJf "$dl/$deb_debian" -C "$top"
    if [[ -f "$top/debian/patches/series" ]]; then
        while read -r patch _; do
            [[ -z "$patch" || "$patch" == \#* ]] && continue
            patch -d "$top" -p1 -s -N <"$top/debian/patches/$patch" >/dev/null \
                || { echo "Debian patch $patch does not apply"; return 1; }
        done <"$top/debian/patches/series"
    fi
    root="$(find_library_root "$top")" || { echo "no Box2D library sources in Debian's source package"; return 1; }
    install_source "$root" "Box2D 2.3.1 source (Debian source package box2d $deb_version, Debian's patches applied)"
}

from_npm() {
    local dl="$fast_dir/npm" work="$fast_dir/work" root lib
    command -v npm >/dev/null 2>&1 || { echo "npm is not installed (apt-get install -y npm)"; return 1; }
    mkdir -p "$dl"
    if ! sha_ok "$dl/$npm_tarball" "$npm_sha"; then
        rm -f "$dl/$npm_tarball"
        (cd "$dl" && npm_config_update_notifier=false npm_config_fund=false timeout 300 \
            npm pack "$npm_spec" --ignore-scripts --loglevel=warn) >"$dl/pack.log" 2>&1 \
            || { echo "npm pack $npm_spec failed (log: $dl/pack.log)"; return 1; }
        sha_ok "$dl/$npm_tarball" "$npm_sha" || { echo "SHA-256 mismatch for $dl/$npm_tarball"; return 1; }
    fi
    rm -rf "$work"
    mkdir -p "$work"
    tar -xzf "$dl/$npm_tarball" -C "$work" package/Box2D_v2.3.1/Box2D
    lib="$work/package/Box2D_v2.3.1/Box2D"
    # The package's copy comments out the point welding in b2PolygonShape::Set (and adds a
    # comment in b2ChainShape.cpp). Undo both so that the tree is upstream's again.
    sed -i -e '/^\t\t\t\/\/???\t*\r\?$/,/^\t\t\t\/\/ }\r\?$/{ /^\t\t\t\/\/???/d; s#^\(\t\t\t\)// #\1# }' \
        "$lib/Collision/Shapes/b2PolygonShape.cpp"
    sed -i -e '/^\t\t\/\/???????!!!!!\r\?$/d' -e 's#\(too close together\.\) \(\r\?\)$#\1\2#' \
        "$lib/Collision/Shapes/b2ChainShape.cpp"
    root="$lib"
    local got
    got="$(tree_hash "$root")"
    [[ "$got" == "$upstream_tree_sha" ]] || { echo "the Box2D 2.3.1 source in $npm_spec does not match upstream after undoing its edits (tree hash $got)"; return 1; }
    install_source "$root" "Box2D 2.3.1 source (upstream v2.3.1, carried by npm $npm_spec)"
}

# 1. The source.
[[ -n "${BOX2D_SOURCE:-}" ]] && rm -f "$unavailable"
if [[ ! -f "$source_dir/origin" ]]; then
    [[ -f "$unavailable" ]] && { log "no fast build ($(cat "$unavailable")); Debian's build is used. Delete $unavailable or set BOX2D_SOURCE to retry."; exit 0; }
    reasons=()
    got=0
    if [[ -n "${BOX2D_SOURCE:-}" ]]; then
        log "Box2D 2.3.1 source from BOX2D_SOURCE=$BOX2D_SOURCE"
        if why="$(from_given "$BOX2D_SOURCE")"; then got=1; else reasons+=("$why"); fi
    fi
    if [[ $got -eq 0 ]]; then
        log "Box2D 2.3.1 source: trying Debian's source package box2d $deb_version"
        if why="$(from_debian)"; then got=1; else reasons+=("$why"); fi
    fi
    if [[ $got -eq 0 ]]; then
        log "Box2D 2.3.1 source: trying npm $npm_spec"
        if why="$(from_npm)"; then got=1; else reasons+=("$why"); fi
    fi
    rm -rf "$fast_dir/work"
    if [[ $got -eq 0 ]]; then
        reason="$(IFS='; '; echo "${reasons[*]}")"
        echo "$reason" >"$unavailable"
        rm -f "$out"
        log "no Box2D 2.3.1 source could be had: $reason"
        log "Debian's build is used; delete $unavailable or set BOX2D_SOURCE to retry."
        exit 0
    fi
    log "source: $(cat "$source_dir/origin")"
fi

# 2. Flags for this machine.
cxx="${CXX:-g++}"
march="${BOX2D_MARCH:-}"
if [[ -z "$march" ]]; then
    if echo 'int main() { return 0; }' | "$cxx" -march=native -x c++ - -o /dev/null >/dev/null 2>&1; then
        march="native"
    else
        march="x86-64"
    fi
fi
# awk reads to the end: stopping early would let g++ fail on a closed pipe, and pipefail would stop set-up.
resolved="$("$cxx" -march="$march" -Q --help=target 2>/dev/null | awk '$1 == "-march=" && !found { print $2; found = 1 }')"
# -ffp-contract=off alone is not enough: GCC 12's SLP vectoriser still fuses Box2D's rotations
# (c*x - s*y, s*x + c*y) into vfmaddsub, which rounds once instead of twice and changes every
# episode's bits. So no FMA-capable instruction set at all (FMA, and AVX-512, which carries its
# own); the build is also checked for fused instructions below.
flags=(-std=c++11 -O3 -flto=auto -fno-fat-lto-objects -march="$march" -mno-fma -mno-avx512f -ffp-contract=off -fno-fast-math
       -fPIC -fvisibility=hidden -fvisibility-inlines-hidden -fno-semantic-interposition)
cpu="$(grep -m1 '^flags' /proc/cpuinfo 2>/dev/null | sha256sum | cut -c1-16)"
want_stamp="$("$cxx" --version | sed -n 1p) | ${flags[*]} | resolved ${resolved:-?} | cpu $cpu | $(cat "$source_dir/origin")"

# 3. Build when missing or stale.
stale=0
[[ -f "$out" && -f "$stamp" ]] || stale=1
[[ $stale -eq 0 && "$(cat "$stamp")" != "$want_stamp" ]] && stale=1
if [[ $stale -eq 0 ]]; then
    for src in "$shim_dir/sandbox_box2d.cpp" "$shim_dir/sandbox_box2d.h" "$source_dir/origin" "${BASH_SOURCE[0]}"; do
        [[ "$src" -nt "$out" ]] && stale=1
    done
fi
[[ $stale -eq 0 ]] && exit 0

log "compiling $out (-O3, LTO, -march=$march${resolved:+ ($resolved)} without FMA, -ffp-contract=off; a minute or two)"
mapfile -t sources < <(find "$source_dir/Box2D" -name '*.cpp' | LC_ALL=C sort)
info="fast: $(cat "$source_dir/origin"); g++ -O3 -flto -march=$march${resolved:+ ($resolved)} -mno-fma -mno-avx512f -ffp-contract=off, shim linked in"
if ! "$cxx" "${flags[@]}" -shared -DSBX_BUILD_INFO="\"$info\"" -isystem "$source_dir" \
        -o "$out.tmp" "$shim_dir/sandbox_box2d.cpp" "${sources[@]}" \
        -Wl,--no-undefined -Wl,-z,defs -Wl,-O1 >"$fast_dir/build.log" 2>&1; then
    rm -f "$out.tmp" "$out"
    log "compiling the fast build failed (log: $fast_dir/build.log); Debian's build is used"
    exit 0
fi
fused="$(objdump -d "$out.tmp" 2>/dev/null | grep -cE '\svf(n?)m(add|sub)' || true)"
if [[ "$fused" != "0" ]]; then
    rm -f "$out.tmp" "$out"
    log "the fast build contains ${fused:-?} fused multiply-add instructions (or objdump is missing), which would change results; Debian's build is used"
    exit 0
fi
mv -f "$out.tmp" "$out"
echo "$want_stamp" >"$stamp"
log "built $out"
