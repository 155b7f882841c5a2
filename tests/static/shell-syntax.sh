#!/usr/bin/env bash
# Every shell script of the tree parses (bash -n): the CI and set-up
# scripts, the test runner and its library, the tests themselves and the
# benchmarks. A script is a *.sh file or a file whose first line names a
# shell; generated autotools files are left out.
set -u
. "$BERTH_SRCDIR/tests/lib/common.sh"

cd "$BERTH_SRCDIR" || fail "no source dir $BERTH_SRCDIR"

checked=0
bad=0
seen=" "
while IFS= read -r -d '' f; do
    case "$f" in
    *.sh) ;;
    *)
        first=$(head -n 1 "$f" 2>/dev/null | tr -d '\0')
        case "$first" in
        '#!'*bash* | '#!'*/sh | '#!'*'env sh') ;;
        *) continue ;;
        esac
        ;;
    esac
    checked=$((checked + 1))
    seen="$seen${f#./} "
    if ! err=$(bash -n "$f" 2>&1); then
        printf 'syntax error in %s:\n%s\n' "$f" "$err"
        bad=$((bad + 1))
    fi
done < <(find .ci tests bench -type f \
    -not -path '*/fixtures/*' -not -name '*.c' -not -name '*.o' -not -name '*.am' \
    -not -name '*.log' -print0 2>/dev/null)

echo "$checked scripts checked, $bad with errors"
# The scripts that must exist have to be among those found, or the search
# itself is broken and the check proves nothing.
for want in .ci/setup .ci/test .ci/run tests/run tests/lib/engine-up tests/lib/common.sh \
    tests/static/shell-syntax.sh bench/batch.sh; do
    [[ "$seen" == *" $want "* ]] || fail "$want was not checked (missing, or not seen as a script)"
done
[ "$bad" -eq 0 ] || fail "$bad script(s) do not parse"
