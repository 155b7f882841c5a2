#!/usr/bin/env bash
# The manual page renders with groff in its strictest warning mode and has
# the sections an operator looks for.
set -u
. "$BERTH_SRCDIR/tests/lib/common.sh"

page=$BERTH_SRCDIR/man/berth.1
[ -f "$page" ] || fail "no manual page at $page"
command -v groff >/dev/null || fail "groff not installed (Debian: groff-base)"

out=$(mktemp)
err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT

LC_ALL=C.UTF-8 groff -ww -man -Tutf8 "$page" >"$out" 2>"$err"
rc=$?
[ $rc -eq 0 ] || { cat "$err"; fail "groff exited with $rc"; }
[ ! -s "$err" ] || { cat "$err"; fail "groff printed warnings"; }

# Rendered text, without overstrike, for the section checks.
text=$(sed 's/.\x08//g' "$out")
for section in NAME SYNOPSIS DESCRIPTION OPTIONS ENVIRONMENT FILES "EXIT STATUS" EXAMPLES; do
    grep -q "^$section\$" <<<"$text" || fail "section $section missing from the rendered page"
done
lines=$(wc -l <<<"$text")
[ "$lines" -ge 60 ] || fail "rendered page has only $lines lines"
echo "rendered $lines lines, no warnings"
