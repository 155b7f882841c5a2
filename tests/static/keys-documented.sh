#!/usr/bin/env bash
# Every row of the README's KEYS table names keys and an action exactly as
# the binary binds them in the table or in one of the panels' own key
# tables (berth --help-keys), so the README cannot promise a key that does
# something else or nothing.
set -u
. "$BERTH_SRCDIR/tests/lib/common.sh"

[ -x "$BERTH_BIN" ] || fail "no binary at $BERTH_BIN"
bindings=$("$BERTH_BIN" --help-keys 2>&1) || fail "berth --help-keys failed: $bindings"

# The table: the rows after the "Keys  Action  What it does" header, up to
# the first blank line; columns are separated by two or more spaces.
rows=$(sed -n '/^KEYS$/,/^[A-Z][A-Z -]*$/p' "$BERTH_SRCDIR/README" |
    awk '/^ +Keys +Action +What it does/ { on = 1; next } on && /^[[:space:]]*$/ { exit } on')
[ -n "$rows" ] || fail "README has no KEYS table"

n=0
bad=0
while IFS= read -r row; do
    keys=$(sed -E 's/^ +//; s/  +/\t/g' <<<"$row" | cut -f1)
    action=$(sed -E 's/^ +//; s/  +/\t/g' <<<"$row" | cut -f2)
    n=$((n + 1))
    if ! awk -F'\t' -v k="$keys" -v a="$action" \
        '$1 !~ /^(log|dialog|editor)$/ && $2 == k && $3 == a { found = 1 } END { exit !found }' \
        <<<"$bindings"; then
        got=$(awk -F'\t' -v a="$action" '$1 !~ /^(log|dialog|editor)$/ && $3 == a { print $1 ": " $2 }' <<<"$bindings")
        echo "README: '$keys' -> $action; the binary binds: '${got:-no such action in the table}'"
        bad=$((bad + 1))
    fi
done <<<"$rows"
echo "$n key rows checked, $bad wrong"
[ "$n" -ge 5 ] || fail "only $n rows found in the KEYS table"
[ $bad -eq 0 ] || fail "README KEYS table disagrees with berth --help-keys"
