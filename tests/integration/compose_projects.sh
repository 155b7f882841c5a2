#!/usr/bin/env bash
# Compose project discovery against a real engine: docker-compose (1.29,
# Debian's) starts two projects from two folders, one with two compose files
# and a service that crashes, the other with a service of the same name.
# tests/bin/compose_projects lists the engine's containers and groups them
# with projects_build(); every project, service, container and count must
# match what the docker CLI itself reports for the same labels, and the
# relative config_files docker-compose writes must come back joined with the
# project's folder. berth compose-check must accept the files docker-compose
# runs.
set -u
. "$BERTH_SRCDIR/tests/lib/common.sh"

prefix=${BERTH_TEST_PREFIX}cproj-$$-
bin=$BERTH_BUILDDIR/tests/bin/compose_projects
[ -x "$bin" ] || fail "$bin not built"
command -v docker-compose >/dev/null || fail "docker-compose not installed (Debian: docker-compose)"

tmp=$(mktemp -d /tmp/berth-compose-projects.XXXXXX)
one=$tmp/one
two=$tmp/two
mkdir -p "$one" "$two"

cleanup() {
    (cd "$one" && docker-compose -p "${prefix}one" -f compose.yml -f extra.yml down -t 1 \
        >/dev/null 2>&1)
    (cd "$two" && docker-compose -p "${prefix}two" down -t 1 >/dev/null 2>&1)
    cleanup_prefix "$prefix"
    rm -rf "$tmp"
}
trap cleanup EXIT
trap "exit 1" TERM INT

cat >"$one/compose.yml" <<YAML
version: "2.4"
services:
  web:
    image: $BERTH_TEST_IMAGE
    command: ["sleep", "600"]
  job:
    image: $BERTH_TEST_IMAGE
    command: ["sh", "-c", "exit 2"]
YAML
cat >"$one/extra.yml" <<YAML
version: "2.4"
services:
  cache:
    image: $BERTH_TEST_IMAGE
    command: ["sleep", "600"]
YAML
cat >"$two/docker-compose.yml" <<YAML
version: "2.4"
services:
  web:
    image: $BERTH_TEST_IMAGE
    command: ["sleep", "600"]
YAML

for f in "$one/compose.yml" "$one/extra.yml" "$two/docker-compose.yml"; do
    out=$("$BERTH_BIN" compose-check "$f" 2>&1) || fail "compose-check refused $f: $out"
done

(cd "$one" && docker-compose -p "${prefix}one" -f compose.yml -f extra.yml up -d --scale web=2) \
    >"$tmp/up-one.log" 2>&1 || { cat "$tmp/up-one.log"; fail "docker-compose up (one) failed"; }
(cd "$two" && docker-compose -p "${prefix}two" up -d) >"$tmp/up-two.log" 2>&1 ||
    { cat "$tmp/up-two.log"; fail "docker-compose up (two) failed"; }

# The job exits at once; wait until the engine says so.
for _ in $(seq 1 50); do
    state=$(docker inspect -f '{{.State.Status}} {{.State.ExitCode}}' "${prefix}one_job_1" 2>/dev/null)
    [ "$state" = "exited 2" ] && break
    sleep 0.2
done
[ "$state" = "exited 2" ] || fail "${prefix}one_job_1 is '$state', want 'exited 2'"

got=$("$bin" unix:///var/run/docker.sock "$prefix") || fail "compose_projects failed: $got"
echo "$got"

# What discovery should say, built from the docker CLI's own view: rows
# "SERVICE NUMBER NAME STATE STATUS..." sorted by service, then number.
expected() {
    local p proj dir files
    for p in one two; do
        proj=$prefix$p
        if [ $p = one ]; then
            dir=$one files="$one/compose.yml,$one/extra.yml"
        else
            dir=$two files="$two/docker-compose.yml"
        fi
        docker ps -a --filter "label=com.docker.compose.project=$proj" \
            --format '{{.Label "com.docker.compose.service"}} {{.Label "com.docker.compose.container-number"}} {{.Names}} {{.State}} {{.Status}}' |
            sort -k1,1 -k2,2n |
            awk -v proj="$proj" -v dir="$dir" -v files="$files" '
                # count KEY: add this row to the totals under KEY.
                function count(k) {
                    n[k]++
                    if ($4 == "running") r[k]++
                    if ($4 == "exited") { e[k]++; if ($0 !~ /Exited \(0\)/) c[k]++ }
                    if ($0 ~ /\(unhealthy\)/) u[k]++
                }
                {
                    count(""); count($1)
                    if (!($1 in n1)) { order[++ns] = $1; n1[$1] = 1 }
                    rows[$1] = rows[$1] sprintf("container %s/%s %s %s %s\n", proj, $1, $2, $3, $4)
                }
                END {
                    printf "project %s working_dir=%s files=%s total=%d running=%d exited=%d crashed=%d unhealthy=%d\n",
                        proj, dir, files, n[""], r[""], e[""], c[""], u[""]
                    for (i = 1; i <= ns; i++) {
                        s = order[i]
                        printf "service %s/%s containers=%d running=%d exited=%d crashed=%d unhealthy=%d\n%s",
                            proj, s, n[s], r[s], e[s], c[s], u[s], rows[s]
                    }
                }'
    done
}
want=$(expected)
if [ "$got" != "$want" ]; then
    echo "--- want"
    echo "$want"
    diff <(echo "$want") <(echo "$got")
    fail "discovery differs from the engine's view"
fi

# Fixed facts, so the comparison above cannot agree on nothing.
grep -qx "project ${prefix}one working_dir=$one files=$one/compose.yml,$one/extra.yml total=4 running=3 exited=1 crashed=1 unhealthy=0" <<<"$got" ||
    fail "project one is not as started"
grep -qx "service ${prefix}one/web containers=2 running=2 exited=0 crashed=0 unhealthy=0" <<<"$got" ||
    fail "project one should have two web containers"
grep -qx "service ${prefix}two/web containers=1 running=1 exited=0 crashed=0 unhealthy=0" <<<"$got" ||
    fail "project two's web must be kept apart from project one's"
grep -qx "container ${prefix}one/web 2 ${prefix}one_web_2 running" <<<"$got" ||
    fail "container numbers not read"
echo "discovery matches the engine: $(grep -c '^container' <<<"$got") containers in 2 projects"
