#!/usr/bin/env bash
# The options `berth --help` prints are the options the manual page and the
# README describe: each one listed by --help has an entry in both, and
# neither documents an option that --help does not know.
set -u
. "$BERTH_SRCDIR/tests/lib/common.sh"

[ -x "$BERTH_BIN" ] || fail "no binary at $BERTH_BIN"
help=$("$BERTH_BIN" --help 2>&1) || fail "berth --help failed: $help"

# options LINES: "-X --long" or "--long" for each option line of a listing
# (lines starting with blanks, then -X, or --long).
options() {
    sed -nE 's/^[[:space:]]+(-[A-Za-z]), (--[a-z][a-z-]*).*/\1 \2/p;
             s/^[[:space:]]+(--[a-z][a-z-]*).*/\1/p'
}

from_help=$(options <<<"$help" | sort -u)
[ "$(wc -l <<<"$from_help")" -ge 5 ] || fail "found too few options in --help: $from_help"

# The rendered OPTIONS section of the manual page; "--host=URL" becomes
# "--host URL" so both listings read the same way.
man_text=$(LC_ALL=C.UTF-8 groff -man -Tutf8 "$BERTH_SRCDIR/man/berth.1" 2>/dev/null |
    sed 's/.\x08//g' | sed -n '/^OPTIONS$/,/^[A-Z]/p' | sed -E 's/(--[a-z-]+)=/\1 /')
from_man=$(options <<<"$man_text" | sort -u)

readme_text=$(sed -n '/^OPTIONS$/,/^[A-Z][A-Z -]*$/p' "$BERTH_SRCDIR/README")
from_readme=$(options <<<"$readme_text" | sort -u)

echo "--help:"
sed 's/^/  /' <<<"$from_help"
bad=0
for doc in man README; do
    if [ $doc = man ]; then listed=$from_man; else listed=$from_readme; fi
    missing=$(comm -23 <(echo "$from_help") <(echo "$listed"))
    extra=$(comm -13 <(echo "$from_help") <(echo "$listed"))
    if [ -n "$missing" ]; then
        echo "$doc does not describe (or pairs differently): $(tr '\n' ' ' <<<"$missing")"
        bad=1
    fi
    if [ -n "$extra" ]; then
        echo "$doc describes options --help does not know: $(tr '\n' ' ' <<<"$extra")"
        bad=1
    fi
done
[ $bad -eq 0 ] || fail "documentation and --help disagree"
echo "man page and README describe the same options as --help"
