#!/usr/bin/env bash
# The README shows exactly two set-up commands, .ci/setup and .ci/test, and
# the scripts behind them are wired as it says: .ci/test runs .ci/setup
# --no-open then the whole suite, and CI (.ci/run) goes through .ci/test.
#
# Commands in the README are indented lines starting with "$ "; the set-up
# section runs from the "SET-UP" heading to the next all-capitals heading.
set -u
. "$BERTH_SRCDIR/tests/lib/common.sh"

cd "$BERTH_SRCDIR" || fail "no source dir"
[ -f README ] || fail "no README"

section=$(awk '
    /^[A-Z][A-Z0-9 ,&-]*$/ { insec = ($0 ~ /^SET-UP/) ; next }
    insec { print }
' README)
[ -n "$section" ] || fail "README has no SET-UP section"

mapfile -t commands < <(grep -E '^[[:space:]]+\$ ' <<<"$section" | sed -E 's/^[[:space:]]+\$ //')
echo "set-up commands: ${#commands[@]}"
printf '  %s\n' "${commands[@]}"
[ "${#commands[@]}" -eq 2 ] || fail "SET-UP shows ${#commands[@]} commands, want exactly 2"
[[ "${commands[0]}" =~ ^(sudo\ )?\.ci/setup([[:space:]]|$) ]] ||
    fail "first command is '${commands[0]}', want .ci/setup"
[[ "${commands[1]}" =~ ^(sudo\ )?\.ci/test([[:space:]]|$) ]] ||
    fail "second command is '${commands[1]}', want .ci/test"

# Both must be runnable as shown.
for s in .ci/setup .ci/test .ci/run; do
    [ -f "$s" ] || fail "$s missing"
done
[ -x .ci/setup ] || fail ".ci/setup is not executable"
[ -x .ci/test ] || fail ".ci/test is not executable"

# code_lines FILE: the script without comments and blank lines.
code_lines() {
    sed -e 's/^[[:space:]]*#.*$//' -e '/^[[:space:]]*$/d' "$1"
}
code_lines .ci/run | grep -Eq '(^|[[:space:]/"])\.ci/test([[:space:]"]|$)' ||
    fail ".ci/run does not call .ci/test"
code_lines .ci/test | grep -Eq 'setup"?[[:space:]]+--no-open' ||
    fail ".ci/test does not run .ci/setup --no-open"
code_lines .ci/test | grep -Eq 'make.*[[:space:]]check([[:space:]]|$)' ||
    fail ".ci/test does not run make check"
code_lines .ci/run | grep -q -- '--enable-asan' || fail ".ci/run does not build with --enable-asan"
echo "README commands and .ci wiring agree"
