#!/usr/bin/env bash
# The compose editor through tmux with the real binary: open a file with
# --edit, type, see a bad port flagged at its line, fix it, save (the file
# on disk is byte-exact what was typed, its mode kept, FILE.bak the old
# text); an invalid file is refused, then saved on a second C-s; a change
# made on disk is detected at save; kill -9 mid-edit and reopen offers the
# typed text back; SIGTERM keeps it too; $EDITOR runs on F4 and the file
# is checked again; `:edit FILE` opens the editor from the command prompt.
set -u
. "$BERTH_SRCDIR/tests/ui/lib/ui.sh"

dir="$UI_TMP/proj"
mkdir -p "$dir"
file="$dir/compose.yml"
state="$UI_TMP/state"
recover_dir="$state/berth/recover"
original='services:
  web:
    image: berth-test/busybox:latest
    ports:
      - "8080:80"
'
printf '%s' "$original" >"$file"
chmod 640 "$file"
other="$UI_TMP/other-editor"
printf '#!/bin/sh\necho "# added by the other editor" >>"$1"\n' >"$other"
chmod +x "$other"
UI_ENV="XDG_STATE_HOME=$state EDITOR=$other"

# What the recovery folder holds (text of every file in it).
recovered() {
    cat "$recover_dir"/*.yml 2>/dev/null
}

wait_recovered() { # TEXT: the recovery copy holds TEXT
    local _
    for _ in $(seq 1 100); do
        recovered | grep -Fq -- "$1" && return 0
        sleep 0.1
    done
    fail "no recovery copy with '$1' in $recover_dir"
}

start_editor() {
    ui_start 110 30 --edit "$file"
    tmux_wait_for "compose\.yml +(\[\+\])? *Ln [0-9]+, Col" 10 || fail "the editor did not open"
}

# --- type, see the error at its line, fix it, save -------------------------

start_editor
tmux_wait_for '^ +1[EW]? +services:' 5 || fail "line 1 not shown with its number"
# Line 5 is `      - "8080:80"`: replace the mapping with a bad port.
tmux_keys Down Down Down Down End
for _ in 1 2 3 4 5 6 7 8 9; do tmux_keys BSpace; done
tmux_text '"99999:80"'
tmux_wait_for '^ +5E +- "99999:80"' 5 || fail "the bad port is not marked at line 5"
tmux_wait_for '5:[0-9]+ error: .*99999.*out of range' 5 || fail "the finding is not listed"
tmux_wait_for '\[\+\] Ln 5, Col 19 +1 error' 5 || fail "the status line does not show the error"
# F8 goes through the findings: the version warning at 1:1, then the port.
tmux_keys F8
tmux_wait_for '1/2 1:1 warning' 5 || fail "F8 did not go to the first finding"
tmux_keys F8
tmux_wait_for '2/2 5:9 error: .*99999' 5 || fail "F8 did not go to the port error"
tmux_wait_for 'Ln 5, Col 9 ' 5 || fail "F8 did not put the cursor on the finding"
tmux_keys End
# Fix it with word moves and typing, add a line with wide characters.
tmux_keys C-Left C-Left
tmux_keys Delete Delete Delete Delete Delete
tmux_text '8081'
tmux_wait_gone '^ +5E' 5 || fail "the error mark stayed after the fix"
tmux_keys End Enter
tmux_text '# café 漢字 ok'
tmux_keys C-s
tmux_wait_for 'Saved: .*compose\.yml' 5 || fail "C-s did not save"
want='services:
  web:
    image: berth-test/busybox:latest
    ports:
      - "8081:80"
      # café 漢字 ok
'
printf '%s' "$want" | cmp -s - "$file" || {
    diff <(printf '%s' "$want") "$file" >&2
    fail "the file on disk is not what was typed"
}
[ "$(stat -c %a "$file")" = 640 ] || fail "the mode was not kept: $(stat -c %a "$file")"
printf '%s' "$original" | cmp -s - "$file.bak" || fail "compose.yml.bak does not hold the old text"
[ -z "$(recovered)" ] || fail "the recovery copy was not removed by the save"
echo "typed, flagged, fixed and saved byte-exact; mode 640 kept; .bak holds the old text"

# --- an invalid file is refused, then forced ---------------------------------

tmux_keys Up End Left Left Left Left
tmux_text '0'
tmux_wait_for '^ +5E +- "80810:80"' 5 || fail "the new error is not marked"
tmux_keys C-s
tmux_wait_for 'Not saved: 1 error' 5 || fail "the invalid file was not refused"
printf '%s' "$want" | cmp -s - "$file" || fail "a refused save changed the file"
tmux_keys C-s
tmux_wait_for 'Saved with errors: ' 5 || fail "the second C-s did not force the save"
grep -q '"80810:80"' "$file" || fail "the forced save did not write the text"
tmux_keys BSpace
tmux_keys C-s
tmux_wait_for 'Saved: .*compose\.yml' 5 || fail "the fixed file was not saved"
printf '%s' "$want" | cmp -s - "$file" || fail "the file is not the fixed text"
echo "invalid save refused, forced by a second C-s"

# --- a change on disk is detected --------------------------------------------

echo "# changed outside" >>"$file"
tmux_keys M-'<'
tmux_text 'x-a: 1'
tmux_keys Enter C-s
tmux_wait_for 'changed on disk since it was opened' 5 || fail "the external change was not detected"
tmux_keys c
grep -q '^# changed outside' "$file" || fail "cancel still overwrote the external change"
grep -q '^x-a: 1' "$file" && fail "cancel still wrote the buffer"
tmux_keys C-s
tmux_wait_for 'changed on disk' 5 || fail "the second save did not warn again"
tmux_keys o
tmux_wait_for 'Saved: .*compose\.yml' 5 || fail "overwrite did not save"
head -n 1 "$file" | grep -q '^x-a: 1$' || fail "the overwrite did not write the buffer"
grep -q '^# changed outside' "$file" && fail "the overwrite kept the external line"
echo "external change detected; cancel kept it; overwrite replaced it"

# --- kill -9 mid-edit, then reopen: the text comes back --------------------

tmux_text 'x-typed: 42'
tmux_keys Enter
wait_recovered 'x-typed: 42'
pid=$(ui_pid)
[ -n "$pid" ] || fail "no berth process"
kill -9 "$pid"
tmux_stop
grep -q 'x-typed' "$file" && fail "the typed text was saved without C-s"
start_editor
tmux_wait_for 'Unsaved text from an earlier edit.*r=recover' 10 || fail "no recovery offered"
tmux_keys r
tmux_wait_for '^ +2[EW]? +x-typed: 42' 5 || fail "the recovered text is not in the editor"
tmux_wait_for '\[\+\]' 5 || fail "recovered text not marked as unsaved"
tmux_keys C-s
tmux_wait_for 'Saved: .*compose\.yml' 5 || fail "the recovered text was not saved"
grep -q '^x-typed: 42$' "$file" || fail "the recovered text is not in the file"
[ -z "$(recovered)" ] || fail "the recovery copy outlived the save"
echo "kill -9 mid-edit: recovery offered, text back, saved"

# --- SIGTERM keeps what was typed; discard removes it ------------------------

tmux_text 'x-term: 1'
kill -TERM "$(ui_pid)"
for _ in $(seq 1 50); do tmux_dead && break; sleep 0.1; done
tmux_dead || fail "berth did not end on SIGTERM"
recovered | grep -q 'x-term: 1' || fail "SIGTERM lost the typed text"
tmux_stop
start_editor
tmux_wait_for 'Unsaved text from an earlier edit' 10 || fail "no recovery offered after SIGTERM"
tmux_keys d
tmux_wait_for 'Discarded the recovered text' 5 || fail "discard not confirmed"
[ -z "$(recovered)" ] || fail "discard kept the recovery copy"
tmux_wait_gone 'x-term' 5 || fail "discarded text still shown"
echo "SIGTERM kept the text; discard removed it"

# --- $EDITOR, then revalidated -------------------------------------------------

tmux_keys F4
tmux_wait_for 'Back from the editor: 0 errors' 10 || fail "F4 did not run \$EDITOR and check the file"
tmux_wait_for '# added by the other editor' 5 || fail "the other editor's change is not shown"
tail -n 1 "$file" | grep -q 'added by the other editor' || fail "\$EDITOR did not run on the file"

# C-f finds text; F3 finds the next match, wrapping.
tmux_keys C-f
tmux_wait_for '^Find:' 5 || fail "C-f did not ask for the text"
tmux_text 'image'
tmux_keys Enter
tmux_wait_for 'Ln 5, Col 10 ' 5 || fail "C-f did not find 'image' on line 5"
tmux_keys F3
tmux_wait_for 'Search wrapped' 5 || fail "F3 did not wrap to the only match"

# --- :edit from the command prompt, quitting asks ----------------------------

tmux_keys C-q
tmux_wait_gone 'compose\.yml +Ln' 5 || fail "C-q did not close an unmodified editor"
tmux_keys :
tmux_text "edit $file"
tmux_keys Enter
tmux_wait_for 'compose\.yml +Ln 1, Col 1' 5 || fail ":edit did not open the editor"
tmux_text 'zz'
tmux_keys Escape
tmux_wait_for 'Unsaved changes: s=save, d=discard' 5 || fail "quitting with changes did not ask"
tmux_keys c
tmux_wait_for '\[\+\] Ln 1, Col 3' 5 || fail "cancel closed the editor"
tmux_keys C-q
tmux_wait_for 'Unsaved changes' 5 || fail "C-q did not ask"
tmux_keys d
tmux_wait_gone 'Ln 1, Col' 5 || fail "discard did not close the editor"
grep -q '^zz' "$file" && fail "discarded text reached the file"
[ -z "$(recovered)" ] || fail "discard kept a recovery copy"
echo "\$EDITOR ran and the file was rechecked; :edit opened it; quit asked"
ui_quit
