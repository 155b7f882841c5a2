#!/usr/bin/env bash
# `make dist` gives a tarball that stands on its own: unpacked in an empty
# folder it configures, builds and installs (DESTDIR), and the installed
# tree holds the program and its manual page. This catches sources, headers,
# data files and scripts that the build uses but the source lists forget.
set -u
. "$BERTH_SRCDIR/tests/lib/common.sh"

# This runs inside `make check`; the outer make's jobserver and flags must
# not leak into the nested builds.
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES

tmp=$(mktemp -d /tmp/berth-dist.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

version=$(sed -n 's/^PACKAGE_VERSION = //p' "$BERTH_BUILDDIR/Makefile")
[ -n "$version" ] || fail "cannot read PACKAGE_VERSION from $BERTH_BUILDDIR/Makefile"
name=berth-$version

echo "== make dist"
rm -f "$BERTH_BUILDDIR/$name.tar.gz"
make -C "$BERTH_BUILDDIR" dist >"$tmp/dist.log" 2>&1 || {
    tail -n 40 "$tmp/dist.log"
    fail "make dist failed"
}
[ -f "$BERTH_BUILDDIR/$name.tar.gz" ] || fail "make dist made no $name.tar.gz"
mv "$BERTH_BUILDDIR/$name.tar.gz" "$tmp/"
ls -l "$tmp/$name.tar.gz"

echo "== unpack, configure, build"
tar -C "$tmp" -xzf "$tmp/$name.tar.gz" || fail "cannot unpack the tarball"
[ -x "$tmp/$name/configure" ] || fail "the tarball has no configure script"
mkdir "$tmp/build"
(cd "$tmp/build" && "../$name/configure" -q --prefix=/usr/local) >"$tmp/configure.log" 2>&1 || {
    tail -n 40 "$tmp/configure.log"
    fail "the unpacked tarball does not configure"
}
make -C "$tmp/build" -j"$(nproc 2>/dev/null || echo 2)" >"$tmp/make.log" 2>&1 || {
    grep -E 'error|No rule' "$tmp/make.log" | head -n 20
    tail -n 20 "$tmp/make.log"
    fail "the unpacked tarball does not build"
}

echo "== install"
make -C "$tmp/build" install DESTDIR="$tmp/inst" >"$tmp/install.log" 2>&1 || {
    tail -n 40 "$tmp/install.log"
    fail "make install from the tarball failed"
}
bin=$tmp/inst/usr/local/bin/berth
man=$tmp/inst/usr/local/share/man/man1/berth.1
[ -x "$bin" ] || fail "installed tree has no bin/berth"
[ -f "$man" ] || fail "installed tree has no share/man/man1/berth.1"
cmp -s "$man" "$BERTH_SRCDIR/man/berth.1" || fail "installed manual page differs from man/berth.1"

# The installed program runs and reports the version it was built as.
out=$("$bin" --version 2>&1) || fail "installed berth --version failed: $out"
[[ "$out" == *"$version"* ]] || fail "installed berth --version says '$out', want $version"
echo "installed: $out"
(cd "$tmp/inst" && find . -type f | sort)
