#!/usr/bin/env bash
# The scan runner (src/vuln_scan.c) with stub scanners first in PATH
# (tests/fixtures/vuln/stub-scanner copied as trivy and/or grype):
# the tool is found and run as an argv with its JSON flags (a reference
# full of shell syntax reaches it untouched), its report is parsed and
# cached by image id; trivy wins when both are there; a failing tool's
# stderr makes the error; output that is not JSON, or more than 64 MiB of
# it, is an error; with
# neither tool the message names both; a cancelled scan kills the tool.
# The image scanned is the engine's test image, by reference and id.
set -u
. "$BERTH_SRCDIR/tests/lib/common.sh"

run=$BERTH_BUILDDIR/tests/bin/vuln_scan_run
[ -x "$run" ] || fail "no driver at $run"
fixtures=$BERTH_SRCDIR/tests/fixtures/vuln
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/trivy" "$tmp/grype" "$tmp/both" "$tmp/none"
cp "$fixtures/stub-scanner" "$tmp/trivy/trivy"
cp "$fixtures/stub-scanner" "$tmp/grype/grype"
cp "$fixtures/stub-scanner" "$tmp/both/trivy"
cp "$fixtures/stub-scanner" "$tmp/both/grype"
export VULN_STUB_LOG=$tmp/argv

image=$BERTH_TEST_IMAGE
image_id=$($DOCKER image inspect -f '{{.Id}}' "$image" 2>/dev/null) ||
    fail "cannot inspect $image"

# scan DIR MODE FIXTURE [ARGS...]: run the driver with DIR first in PATH.
scan() {
    local dir=$1 mode=$2 fixture=$3
    shift 3
    PATH=$dir:/usr/bin:/bin VULN_STUB_MODE=$mode VULN_STUB_FIXTURE=$fixtures/$fixture \
        timeout 30 "$run" "$@" >"$tmp/out" 2>"$tmp/err"
}

# Trivy: argv, counts, order, cache.
scan "$tmp/trivy" ok trivy-alpine.json "$image" "$image_id" ||
    fail "trivy scan failed: $(cat "$tmp/out" "$tmp/err")"
cat "$tmp/out"
grep -qx 'tool: trivy' "$tmp/out" || fail "tool is not trivy"
[ "$(tr '\n' ' ' <"$tmp/argv")" = "trivy image --format json --quiet $image " ] ||
    fail "trivy argv: $(tr '\n' ' ' <"$tmp/argv")"
grep -qx 'counts: C1 H4 M1 L1 U1' "$tmp/out" || fail "trivy counts wrong"
grep -qx 'CRITICAL|CVE-2022-37434|zlib|1.2.11-r3|1.2.12-r2|zlib: heap-based buffer over-read and overflow in inflate() in inflate.c via a large gzip header extra field' "$tmp/out" ||
    fail "the critical finding is not there as it should be"
order=$(grep '|' "$tmp/out" | cut -d'|' -f1 | uniq | tr '\n' ' ')
[ "$order" = "CRITICAL HIGH MEDIUM LOW UNKNOWN " ] || fail "not sorted by severity: $order"
[ "$(grep -c '|' "$tmp/out")" = 8 ] || fail "not 8 findings"
grep -qx 'cached: C1 H4 M1 L1 U1' "$tmp/out" || fail "counts not cached under the image id"
echo "ok: trivy found, run as argv, report parsed, sorted and cached"

# Grype alone.
scan "$tmp/grype" ok grype-debian.json "$image" ||
    fail "grype scan failed: $(cat "$tmp/out" "$tmp/err")"
grep -qx 'tool: grype' "$tmp/out" || fail "tool is not grype: $(cat "$tmp/out")"
[ "$(tr '\n' ' ' <"$tmp/argv")" = "grype $image -o json --quiet " ] ||
    fail "grype argv: $(tr '\n' ' ' <"$tmp/argv")"
grep -qx 'counts: C1 H1 M1 L1 N1' "$tmp/out" || fail "grype counts wrong: $(cat "$tmp/out")"
grep -qx 'MEDIUM|GHSA-j8r2-6x86-q33q|requests|2.28.1|2.31.0, 2.32.0|Unintended leak of Proxy-Authorization header in requests' "$tmp/out" ||
    fail "grype finding wrong: $(cat "$tmp/out")"
grep -qx 'cached: C1 H1 M1 L1 N1' "$tmp/out" || fail "grype counts not cached under the reference"
echo "ok: grype found and parsed"

# Both: trivy first.
scan "$tmp/both" ok trivy-empty.json "$image" || fail "scan with both failed: $(cat "$tmp/out")"
grep -qx 'tool: trivy' "$tmp/out" || fail "trivy not preferred: $(cat "$tmp/out")"
grep -qx 'counts: clean' "$tmp/out" || fail "empty report not clean: $(cat "$tmp/out")"
echo "ok: trivy preferred; an empty report is clean"

# No shell: the reference reaches the tool as one argument, unexpanded.
odd='berth-t-scan-$(touch '"$tmp"'/pwned);x`id`'
scan "$tmp/trivy" ok trivy-empty.json "$odd" >/dev/null
[ -e "$tmp/pwned" ] && fail "the image reference went through a shell"
[ "$(sed -n 6p "$tmp/argv")" = "$odd" ] || fail "reference changed on the way: $(sed -n 6p "$tmp/argv")"
echo "ok: no shell between the runner and the tool"

# A failing tool: its stderr is the error.
scan "$tmp/trivy" fail trivy-alpine.json "${BERTH_TEST_PREFIX}scan-missing:1" &&
    fail "a failing tool gave success: $(cat "$tmp/out")"
grep -q "^error: trivy failed (exit status 1): .*FATAL trivy: unable to find the specified image \"${BERTH_TEST_PREFIX}scan-missing:1\"" "$tmp/out" ||
    fail "the tool's error is not shown: $(cat "$tmp/out")"
grep -q 'Vulnerability scanning is enabled' "$tmp/out" && fail "progress lines in the error"
echo "ok: $(tail -n 1 "$tmp/out")"

# Output that is not JSON.
scan "$tmp/grype" garbage grype-debian.json "$image" && fail "garbage accepted"
grep -q '^error: grype: the output is not valid JSON' "$tmp/out" ||
    fail "garbage not reported: $(cat "$tmp/out")"
echo "ok: $(tail -n 1 "$tmp/out")"

# Output beyond the bound.
scan "$tmp/trivy" huge trivy-alpine.json "$image" && fail "70 MB of output accepted"
grep -q '^error: trivy wrote more than 64 MiB of output' "$tmp/out" ||
    fail "unbounded output not reported: $(cat "$tmp/out")"
echo "ok: $(tail -n 1 "$tmp/out")"

# Neither tool.
scan "$tmp/none" ok trivy-alpine.json "$image" && fail "a scan ran with no tool"
grep -qx 'tool: ' "$tmp/out" || fail "a tool was found: $(cat "$tmp/out")"
grep -q '^error: .*Trivy (trivy).*Grype (grype)' "$tmp/out" ||
    fail "the message does not name both tools: $(cat "$tmp/out")"
echo "ok: $(tail -n 1 "$tmp/out")"

# Cancel: the tool is killed.
rm -f "$VULN_STUB_LOG.pid"
scan "$tmp/trivy" slow trivy-alpine.json --cancel-after 1000 "$image" ||
    fail "cancel run failed: $(cat "$tmp/out" "$tmp/err")"
grep -q '^cancelled after' "$tmp/out" || fail "not cancelled: $(cat "$tmp/out")"
[ -s "$VULN_STUB_LOG.pid" ] || fail "the slow stub never started"
pid=$(cat "$VULN_STUB_LOG.pid")
for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
kill -0 "$pid" 2>/dev/null && { kill -9 "$pid"; fail "the tool (pid $pid) outlived the cancel"; }
echo "ok: cancel killed the tool ($(cat "$tmp/out"))"
