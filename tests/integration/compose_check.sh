#!/usr/bin/env bash
# `berth compose-check` as installed: every corpus file gets its intended
# verdict as an exit status (0 valid, 1 invalid) with findings printed as
# FILE:LINE:COL: error|warning: text and a summary; `--check-compose` says
# the same; usage errors exit 2. Then a realistic file that berth accepts
# (ports, healthcheck, depends_on with a condition, a named volume, a user
# network, variables from .env) is run by docker-compose on the real engine,
# and the same file with one mistake is refused by both.
set -u
. "$BERTH_SRCDIR/tests/lib/common.sh"

corpus=$BERTH_SRCDIR/tests/fixtures/compose-corpus
[ -x "$BERTH_BIN" ] || fail "no binary at $BERTH_BIN"
prefix=${BERTH_TEST_PREFIX}ccheck-$$
tmp=$(mktemp -d /tmp/berth-compose-check.XXXXXX)

cleanup() {
    if [ -f "$tmp/app/docker-compose.yml" ] && command -v docker-compose >/dev/null; then
        (cd "$tmp/app" && docker-compose -p "$prefix" down -v -t 1 >/dev/null 2>&1)
    fi
    cleanup_prefix "$prefix"
    rm -rf "$tmp"
}
trap cleanup EXIT
trap "exit 1" TERM INT

# --- the corpus, through the binary ------------------------------------------
n=0
while IFS=$'\t' read -r file expect _; do
    [ "$file" = file ] && continue
    n=$((n + 1))
    out=$("$BERTH_BIN" compose-check "$corpus/$file" 2>"$tmp/err")
    rc=$?
    [ -s "$tmp/err" ] && fail "$file: unexpected stderr: $(cat "$tmp/err")"
    summary=$(tail -n 1 <<<"$out")
    findings=$(head -n -1 <<<"$out")
    case "$expect" in
    valid)
        [ $rc -eq 0 ] || fail "$file: exit $rc, want 0: $out"
        [ -z "$findings" ] || fail "$file: valid but printed: $findings"
        [ "$summary" = "checked 1 file: 0 errors, 0 warnings" ] || fail "$file: summary '$summary'"
        ;;
    "valid (warn)")
        [ $rc -eq 0 ] || fail "$file: exit $rc, want 0: $out"
        grep -qE "^$corpus/$file:[0-9]+:[0-9]+: warning: " <<<"$findings" ||
            fail "$file: no warning line in: $out"
        grep -q ': error: ' <<<"$findings" && fail "$file: errors in a valid file: $out"
        [[ "$summary" == "checked 1 file: 0 errors, "[1-9]* ]] || fail "$file: summary '$summary'"
        ;;
    invalid)
        [ $rc -eq 1 ] || fail "$file: exit $rc, want 1: $out"
        grep -qE "^$corpus/$file:[0-9]+:[0-9]+: error: " <<<"$findings" ||
            fail "$file: no FILE:LINE:COL: error line in: $out"
        [[ "$summary" == "checked 1 file: "[1-9]*" error"* ]] || fail "$file: summary '$summary'"
        ;;
    *) fail "VERDICTS.tsv: unknown verdict '$expect' for $file" ;;
    esac
    alias_out=$("$BERTH_BIN" --check-compose "$corpus/$file" 2>&1)
    [ "$alias_out" = "$out" ] || fail "$file: --check-compose differs from compose-check"
done <"$corpus/VERDICTS.tsv"
[ $n -ge 40 ] || fail "read only $n corpus rows"
echo "corpus: $n files, every verdict as intended"

# All at once: exit 1, one summary naming the count.
all=$("$BERTH_BIN" compose-check "$corpus"/*.yml)
[ $? -eq 1 ] || fail "the whole corpus should exit 1"
invalid=$(grep -c $'\tinvalid\t' "$corpus/VERDICTS.tsv")
tail -n 1 <<<"$all" | grep -q "($invalid of $n files with errors)" ||
    fail "summary: $(tail -n 1 <<<"$all"), want $invalid of $n files with errors"

# --- usage ------------------------------------------------------------------
out=$("$BERTH_BIN" compose-check 2>"$tmp/err")
[ $? -eq 2 ] || fail "no file: want exit 2"
[ -z "$out" ] || fail "no file: stdout should be empty"
grep -q 'no compose file given' "$tmp/err" || fail "no file: message is '$(cat "$tmp/err")'"
"$BERTH_BIN" compose-check --format yaml "$corpus/v01-minimal.yml" >/dev/null 2>&1
[ $? -eq 2 ] || fail "bad --format: want exit 2"
out=$("$BERTH_BIN" compose-check "$tmp/missing.yml" "$tmp" 2>&1)
[ $? -eq 1 ] || fail "unreadable files: want exit 1"
grep -qx "$tmp/missing.yml: error: cannot read: No such file or directory" <<<"$out" ||
    fail "missing file: $out"
grep -q "^$tmp: error: cannot read: Is a directory" <<<"$out" || fail "directory: $out"
out=$("$BERTH_BIN" compose-check --format json "$corpus/i20-depends-on-unknown.yml")
[ $? -eq 1 ] || fail "json: want exit 1"
grep -q '"line":[[:space:]]*7' <<<"$out" || fail "json has no line 7: $out"

# --- agreement with the engine ------------------------------------------------
command -v docker-compose >/dev/null || fail "docker-compose not installed (Debian: docker-compose)"
mkdir -p "$tmp/app"
cat >"$tmp/app/.env" <<'ENV'
WEB_PORT=80
ENV
cat >"$tmp/app/docker-compose.yml" <<YAML
version: "2.4"
x-common: &common
  image: $BERTH_TEST_IMAGE
  restart: "no"
services:
  db:
    <<: *common
    command: ["sleep", "600"]
    healthcheck:
      test: ["CMD", "sh", "-c", "exit 0"]
      interval: 1s
      timeout: 2s
      retries: 3
    volumes:
      - data:/data
    networks: [back]
  web:
    <<: *common
    command: ["httpd", "-f", "-p", "\${WEB_PORT}"]
    ports:
      - "127.0.0.1::\${WEB_PORT}"
    depends_on:
      db:
        condition: service_healthy
    networks: [back, default]
volumes:
  data:
networks:
  back:
YAML
out=$("$BERTH_BIN" compose-check "$tmp/app/docker-compose.yml")
[ $? -eq 0 ] || fail "berth refused the app file: $out"
[ "$out" = "checked 1 file: 0 errors, 0 warnings" ] || fail "app file: $out"
(cd "$tmp/app" && docker-compose -p "$prefix" up -d) >"$tmp/up.log" 2>&1 ||
    { cat "$tmp/up.log"; fail "docker-compose up failed on a file berth accepts"; }
for svc in db web; do
    state=$(docker inspect -f '{{.State.Status}}' "${prefix}_${svc}_1" 2>&1)
    [ "$state" = running ] || fail "$svc is '$state' after docker-compose up"
done
port=$(docker port "${prefix}_web_1" 80/tcp) || fail "web publishes no port 80"
echo "engine runs the file berth accepts (web on $port)"

# One mistake: a network nobody declared. Both refuse it.
sed 's/networks: \[back, default\]/networks: [back, front]/' "$tmp/app/docker-compose.yml" \
    >"$tmp/app/bad.yml"
out=$("$BERTH_BIN" compose-check "$tmp/app/bad.yml")
[ $? -eq 1 ] || fail "berth accepted an undeclared network: $out"
grep -q "bad.yml:25:22: error: .*network \"front\", which is not declared" <<<"$out" || fail "bad.yml: $out"
(cd "$tmp/app" && docker-compose -p "${prefix}bad" -f bad.yml up --no-start) >"$tmp/bad.log" 2>&1 &&
    fail "docker-compose accepted bad.yml"
grep -qi 'front' "$tmp/bad.log" || fail "docker-compose refused bad.yml for another reason: $(cat "$tmp/bad.log")"
echo "both refuse the undeclared network"
