# Sourced by the set-up scripts. find_mirror prints the URL of the machine's own Debian archive
# (deb822 .sources first, then one-line lists; deb.debian.org when none is configured).
find_mirror() {
    local f url=""
    for f in /etc/apt/sources.list.d/*.sources; do
        [[ -f "$f" ]] || continue
        url="$(awk '
            /^[[:space:]]*$/ { if (uri != "" && suites ~ /(^| )(bookworm|bullseye|trixie|stable|oldstable)( |$)/) { print uri; exit } uri=""; suites=""; next }
            /^URIs:/ { for (i = 2; i <= NF; i++) if ($i ~ /\/debian\/?$/) { uri=$i; break } }
            /^Suites:/ { suites=""; for (i = 2; i <= NF; i++) suites = suites " " $i; suites = suites " " }
            END { if (uri != "" && suites ~ /(^| )(bookworm|bullseye|trixie|stable|oldstable)( |$)/) print uri }
        ' "$f" | head -n1)"
        [[ -n "$url" ]] && { echo "${url%/}"; return; }
    done
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [[ -f "$f" ]] || continue
        url="$(sed -E 's/\[[^]]*\]//' "$f" | awk '$1 == "deb" && $2 ~ /\/debian\/?$/ { print $2; exit }')"
        [[ -n "$url" ]] && { echo "${url%/}"; return; }
    done
    echo "http://deb.debian.org/debian"
}
