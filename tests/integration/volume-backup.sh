#!/usr/bin/env bash
# Volume backup and restore against the real engine, through `berth volume`:
# a volume with files of several sizes (one over 200 MB), a symlink, an
# empty directory, non-root owners and odd modes is backed up to .tar.gz and
# restored into a new volume; `ls -lnR` listings, a tar listing and sha256
# sums taken inside containers must be identical. A backup cancelled with
# SIGINT leaves no file (nor temporary file) and no helper container; a
# restore into a volume that holds files is refused unless --merge or
# --clear is given; a missing volume and a missing file fail cleanly.
set -u
. "$BERTH_SRCDIR/tests/lib/common.sh"

[ -x "$BERTH_BIN" ] || fail "no binary at $BERTH_BIN"
unset DOCKER_HOST DOCKER_CONTEXT
prefix=${BERTH_TEST_PREFIX}vol-$$-
src=${prefix}src
dst=${prefix}dst
tmp=$(mktemp -d)

cleanup() {
    $DOCKER ps -aq --filter "label=berth.helper" --filter status=created |
        xargs -r $DOCKER rm -f >/dev/null 2>&1
    cleanup_prefix "$prefix"
    rm -rf "$tmp"
}
trap cleanup EXIT

# inside VOL CMD: run a shell command in a throwaway container on VOL.
inside() {
    $DOCKER run --rm -v "$1:/data" "$BERTH_TEST_IMAGE" sh -c "$2"
}


$DOCKER volume create "$src" >/dev/null || fail "cannot create $src"
inside "$src" '
    cd /data &&
    dd if=/dev/urandom of=big bs=1M count=210 2>/dev/null &&
    dd if=/dev/urandom of=medium bs=1k count=700 2>/dev/null &&
    printf x > one && : > zero &&
    mkdir -p deep/a/b emptydir && echo nested > deep/a/b/file &&
    ln -s deep/a/b/file link && ln -s /nowhere dangling &&
    chown 1234:2345 one deep/a/b/file && chown 99:98 deep/a &&
    chmod 4751 deep && chmod 0600 one && chmod 1777 emptydir && chmod 0444 medium' ||
    fail "cannot fill $src"

# Listings taken with busybox: ls -lnR (owners, modes, sizes, times, link
# targets; not the "total" block counts, which depend on allocation), then
# sha256 of every regular file.
snap() {
    inside "$1" 'cd /data && ls -lnR . | grep -v "^total " &&
        sha256sum big medium one zero deep/a/b/file'
}
want=$(snap "$src") || fail "cannot list $src"
echo "$want" | grep -q ' 1234 *2345 ' || fail "source listing lacks the non-root owner: $want"

# --- backup -------------------------------------------------------------------
out=$("$BERTH_BIN" volume backup "$src" "$tmp/backup.tar.gz") || fail "backup failed: $out"
echo "$out"
[ -s "$tmp/backup.tar.gz" ] || fail "no backup file"
gzip -t "$tmp/backup.tar.gz" || fail "the backup is not a valid gzip file"
tar tzvf "$tmp/backup.tar.gz" --numeric-owner >"$tmp/tar.txt" || fail "tar cannot read the backup"
grep -q '1234/2345 .* ./one$' "$tmp/tar.txt" || fail "owner of ./one not kept: $(cat "$tmp/tar.txt")"
grep -q '^l.* ./link -> deep/a/b/file$' "$tmp/tar.txt" || fail "symlink not in the archive"
grep -q '^d.* ./emptydir/$' "$tmp/tar.txt" || fail "empty directory not in the archive"
bigsize=$(awk '$NF == "./big" {print $3}' "$tmp/tar.txt")
[ "$bigsize" = $((210 * 1024 * 1024)) ] || fail "big file size in archive: $bigsize"
ls "$tmp" | grep -v '^backup.tar.gz$' | grep -v '^tar.txt$' && fail "stray files beside the backup"
$DOCKER ps -aq --filter label=berth.helper | grep -q . && fail "a helper container was left"
echo "ok: backup has every entry, owner and size"

# A second backup to the same name is refused, and the file is untouched.
sum_before=$(sha256sum <"$tmp/backup.tar.gz")
"$BERTH_BIN" volume backup "$src" "$tmp/backup.tar.gz" 2>"$tmp/err" && fail "overwrote an existing file"
grep -q exists "$tmp/err" || fail "no 'exists' message: $(cat "$tmp/err")"
[ "$(sha256sum <"$tmp/backup.tar.gz")" = "$sum_before" ] || fail "existing backup changed"

# --- restore into a new volume ----------------------------------------------------
out=$("$BERTH_BIN" volume restore "$tmp/backup.tar.gz" "$dst") || fail "restore failed: $out"
echo "$out"
got=$(snap "$dst") || fail "cannot list $dst"
if [ "$got" != "$want" ]; then
    diff <(echo "$want") <(echo "$got") >&2
    fail "restored volume differs from the source"
fi
echo "ok: restored listing and checksums identical ($(echo "$want" | wc -l) lines)"
# The source was mounted read-only: it is unchanged.
[ "$(snap "$src")" = "$want" ] || fail "the source volume changed during backup"

# --- restore into a volume that holds files -----------------------------------------
inside "$dst" 'echo extra > /data/extra && echo changed > /data/one' || fail "cannot change $dst"
"$BERTH_BIN" volume restore "$tmp/backup.tar.gz" "$dst" >"$tmp/out" 2>"$tmp/err" &&
    fail "restore into a non-empty volume was not refused"
grep -q 'not empty' "$tmp/err" || fail "refusal does not say why: $(cat "$tmp/err")"
[ "$(inside "$dst" 'cat /data/one')" = changed ] || fail "refused restore changed the volume"
echo "ok: restore into a non-empty volume refused: $(cat "$tmp/err")"

"$BERTH_BIN" volume restore "$tmp/backup.tar.gz" "$dst" --merge >/dev/null || fail "merge failed"
[ "$(inside "$dst" 'cat /data/extra')" = extra ] || fail "merge removed a file it should keep"
[ "$(inside "$dst" 'cat /data/one')" = x ] || fail "merge did not write over one"
echo "ok: merge writes over and keeps the rest"

$DOCKER volume create --label keep=me "${prefix}lab" >/dev/null
inside "${prefix}lab" 'echo old > /data/old'
"$BERTH_BIN" volume restore "$tmp/backup.tar.gz" "${prefix}lab" --clear >/dev/null || fail "clear failed"
inside "${prefix}lab" 'test -e /data/old' && fail "--clear kept an old file"
[ "$($DOCKER volume inspect -f '{{.Labels.keep}}' "${prefix}lab")" = me ] || fail "--clear lost the label"
got=$(snap "${prefix}lab")
[ "$got" = "$want" ] || fail "cleared-then-restored volume differs"
echo "ok: clear empties first, keeps labels, restores identically"

# --- failures ---------------------------------------------------------------------
"$BERTH_BIN" volume backup "${prefix}nope" "$tmp/nope.tar.gz" 2>"$tmp/err" && fail "backup of a missing volume worked"
grep -qi 'no such volume' "$tmp/err" || fail "missing volume message: $(cat "$tmp/err")"
[ -e "$tmp/nope.tar.gz" ] && fail "a file was left for a missing volume"
printf 'not a gzip file at all' >"$tmp/bad.tar.gz"
"$BERTH_BIN" volume restore "$tmp/bad.tar.gz" "${prefix}bad" 2>"$tmp/err" && fail "restore of garbage worked"
echo "ok: garbage refused: $(cat "$tmp/err")"

# --- cancel mid-backup -------------------------------------------------------------
"$BERTH_BIN" volume backup "$src" "$tmp/cancel.tar.gz" >"$tmp/out" 2>"$tmp/err" &
pid=$!
# Wait for the temporary file to grow, then interrupt.
for _ in $(seq 1 100); do
    f=$(ls "$tmp" | grep '^cancel.tar.gz\.' | head -n 1)
    [ -n "$f" ] && [ "$(stat -c %s "$tmp/$f" 2>/dev/null || echo 0)" -gt 1000000 ] && break
    sleep 0.1
done
[ -n "${f:-}" ] || fail "the backup did not start writing"
kill -INT $pid
rc=0
wait $pid || rc=$?
[ $rc -ne 0 ] || fail "a cancelled backup exited 0"
grep -qi cancel "$tmp/err" || fail "no 'cancelled' message: $(cat "$tmp/err")"
ls "$tmp" | grep -q '^cancel' && fail "cancel left a file: $(ls "$tmp")"
$DOCKER ps -aq --filter label=berth.helper | grep -q . && fail "cancel left a helper container"
echo "ok: cancel mid-backup (temporary file ${f}) leaves no file and no container"
exit 0
