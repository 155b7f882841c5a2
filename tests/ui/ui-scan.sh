#!/usr/bin/env bash
# The vulnerability scan view, opened with `:scan IMAGE` on the engine's
# test image, with a stub trivy (tests/fixtures/vuln/stub-scanner) first in
# berth's PATH: "Scanning IMAGE with trivy..." while it runs and Esc
# cancels it (the tool is killed, as it is when berth quits); then the counts, the tool, and the
# findings sorted by severity with installed -> fixed versions; `v` narrows
# to medium, high, critical; a failing tool's error shows; with no tool in
# PATH the message names both Trivy and Grype.
set -u
. "$BERTH_SRCDIR/tests/ui/lib/ui.sh"

stubs=$UI_TMP/stubs
mkdir -p "$stubs"
cp "$BERTH_SRCDIR/tests/fixtures/vuln/stub-scanner" "$stubs/trivy"
mode=$UI_TMP/mode
log=$UI_TMP/argv
echo ok >"$mode"
image=$BERTH_TEST_IMAGE
UI_ENV="PATH=$stubs:/usr/bin:/bin VULN_STUB_MODE_FILE=$mode VULN_STUB_LOG=$log
VULN_STUB_FIXTURE=$BERTH_SRCDIR/tests/fixtures/vuln/trivy-alpine.json"
ui_start 160 40
tmux_wait_for '^NAME' 10 || fail "no table"

scan() {
    tmux_keys :
    tmux_wait_for '^:' 5 || fail "the command prompt did not open"
    tmux_text "scan $1"
    tmux_keys Enter
}

# slow_scan: a scan of $image the stub drags out; sets pid to the stub's.
slow_scan() {
    echo slow >"$mode"
    rm -f "$log.pid"
    scan "$image"
    tmux_wait_for "Scanning $image with trivy\.\.\." 10 || fail "no progress line"
    for _ in $(seq 50); do [ -s "$log.pid" ] && break; sleep 0.1; done
    [ -s "$log.pid" ] || fail "the stub did not start"
    pid=$(cat "$log.pid")
}

# A slow scan: the progress line, then Esc cancels and kills the tool.
slow_scan
kill -0 "$pid" 2>/dev/null || fail "the tool is not running while the view says so"
tmux_keys Escape
tmux_wait_for "Scan of $image cancelled" 5 || fail "no cancel message"
for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
kill -0 "$pid" 2>/dev/null && { kill -9 "$pid"; fail "the tool outlived the cancel"; }
echo "running: progress shown; Esc cancelled and the tool is gone"

# A finished scan: header, order, versions, colours by severity.
echo ok >"$mode"
scan "$image"
tmux_wait_for "Vulnerabilities: $image +\[trivy\] +C1 H4 M1 L1 U1 +8 findings, showing all" 10 ||
    fail "no header with the counts and the tool"
[ "$(sed -n 6p "$log")" = "$image" ] || fail "the tool was not given the image: $(cat "$log")"
tmux_wait_for 'SEVERITY +ID +PACKAGE +INSTALLED -> FIXED +TITLE' 5 || fail "no column titles"
tmux_wait_for 'CRITICAL +CVE-2022-37434 +zlib +1\.2\.11-r3 -> 1\.2\.12-r2 +zlib: heap-based' 5 ||
    fail "the critical finding row is not shown"
tmux_wait_for 'MEDIUM +CVE-2023-5363 +libssl1\.1 +1\.1\.1l-r7 -> - +openssl: Incorrect' 5 ||
    fail "a finding without a fix does not say so"
order=$(tmux_screen | grep -oE '^ (CRITICAL|HIGH|MEDIUM|LOW|NEGLIGIBLE|UNKNOWN) ' | tr -d ' ' | uniq |
    tr '\n' ' ')
[ "$order" = "CRITICAL HIGH MEDIUM LOW UNKNOWN " ] || fail "rows not sorted by severity: $order"
[ "$(tmux_screen | grep -cE '^ HIGH +CVE-')" = 4 ] || fail "not 4 high rows"
tmux_wait_for "Scan of $image: C1 H4 M1 L1 U1" 5 || fail "no status line with the counts"
# The critical row is drawn in its own colour, apart from the medium one.
crit=$(_tmux capture-pane -t main -p -e | grep 'CVE-2022-37434' | grep -o $'\e\\[[0-9;]*m' | head -n 1)
med=$(_tmux capture-pane -t main -p -e | grep 'CVE-2023-5363' | grep -o $'\e\\[[0-9;]*m' | head -n 1)
[ -n "$crit" ] && [ "$crit" != "$med" ] || fail "severities not coloured apart ($crit / $med)"
echo "findings: counts, tool, sorted rows, versions, colours"

tmux_keys v
tmux_wait_for 'showing medium and worse' 5 || fail "v did not narrow to medium"
tmux_wait_gone 'CVE-2024-0727' 5 || fail "the low finding is still shown"
tmux_screen | grep -q 'CVE-2023-5363' || fail "the medium finding went too"
tmux_keys v v
tmux_wait_for 'showing critical only' 5 || fail "v v did not narrow to critical"
[ "$(tmux_screen | grep -cE '^ [A-Z]+ +(CVE|GHSA)-')" = 1 ] || fail "more than the critical row"
tmux_keys v
tmux_wait_for 'showing all' 5 || fail "v did not come back to all"
tmux_wait_for 'GHSA-35jh-r3h4-6jhm' 5 || fail "the unknown finding is not back"
echo "v narrows by severity and back"
tmux_keys Escape
tmux_wait_gone 'Vulnerabilities: ' 5 || fail "the view did not close"

# The tool fails: its last stderr line is the error.
echo fail >"$mode"
scan "${BERTH_TEST_PREFIX}scan-missing:1"
tmux_wait_for "trivy failed \(exit status 1\): .*FATAL trivy: unable to find the specified image" 10 ||
    fail "the tool's error is not shown"
tmux_keys Escape
tmux_wait_gone 'Vulnerabilities: ' 5 || fail "the view did not close"
echo "a failing tool's error is shown"

# No tool at all.
rm -f "$stubs/trivy"
scan "$image"
tmux_wait_for 'No vulnerability scanner found: install Trivy \(trivy\) or Grype \(grype\)' 10 ||
    fail "no message naming both tools"
tmux_keys Escape
tmux_wait_gone 'Vulnerabilities: ' 5 || fail "the view did not close"
echo "no tool: the message names Trivy and Grype"

tmux_keys :
tmux_text "scan"
tmux_keys Enter
tmux_wait_for 'usage: scan IMAGE' 5 || fail "no usage for a bare scan"

# Quitting (F10) during a scan stops the tool too.
cp "$BERTH_SRCDIR/tests/fixtures/vuln/stub-scanner" "$stubs/trivy"
slow_scan
tmux_keys F10
for _ in $(seq 50); do tmux_dead && break; sleep 0.1; done
tmux_dead || fail "F10 in the scan view did not quit"
for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
kill -0 "$pid" 2>/dev/null && { kill -9 "$pid"; fail "the tool outlived berth"; }
echo "quitting during a scan stops the tool"
ui_check_exit
