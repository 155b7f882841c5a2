# shellcheck shell=bash
# Functions for the log pane's tmux tests (tests/ui/logs-*.sh). Source it
# after ui.sh.
#
#   logs_open NAME        filter the table to UI_PREFIX+NAME and press l
#   logs_lines            the pane's text rows (title, prompt and footer left out)
#   logs_expect_lines F   the pane's rows equal the lines of file F (in order)
#   logs_wait_lines F     wait (10 s) until they do
#   logs_colour TEXT      the foreground colour in force where the first row
#                         holding TEXT starts it ("default", "31", "38;5;208")

logs_open() {
    ui_filter "$UI_PREFIX$1"
    tmux_wait_for "^${UI_PREFIX}$1 " 10 || fail "$1 not in the table"
    tmux_keys l
    tmux_wait_for "^ Logs: ${UI_PREFIX}$1 " 10 || fail "the log pane did not open for $1"
}

# Rows between the pane's title and the status line (the screen's last two
# rows are the status line and the footer), blank ones dropped.
logs_lines() {
    tmux_screen | head -n -2 | awk '/^ Logs: /{on = 1; next} on' | sed 's/ *$//' | grep -v '^$'
}

logs_expect_lines() {
    local got
    got=$(logs_lines)
    if [ "$got" != "$(cat "$1")" ]; then
        echo "pane rows:" >&2
        printf '%s\n' "$got" | sed 's/^/  |/' >&2
        echo "expected:" >&2
        sed 's/^/  |/' "$1" >&2
        return 1
    fi
}

logs_wait_lines() {
    local deadline=$((SECONDS + 10))
    while ! logs_expect_lines "$1" 2>/dev/null; do
        if [ $SECONDS -ge $deadline ]; then
            logs_expect_lines "$1"
            return 1
        fi
        sleep 0.1
    done
}

# tmux's capture only writes the changes of style, so the colour of a row
# is the last one set before it: walk the captured sequences in order.
logs_colour() {
    _tmux capture-pane -t main -p -e | TEXT="$1" perl -ne '
        BEGIN { $fg = "default"; }
        my $line = $_;
        my $at = index($line, $ENV{TEXT});
        my $upto = $at >= 0 ? substr($line, 0, $at) : $line;
        while ($upto =~ /\e\[([0-9;]*)m/g) {
            my @p = split /;/, ($1 eq "" ? "0" : $1);
            while (@p) {
                my $x = shift @p;
                if ($x == 0 || $x == 39) { $fg = "default"; }
                elsif (($x >= 30 && $x <= 37) || ($x >= 90 && $x <= 97)) { $fg = $x; }
                elsif ($x == 38) { my $k = shift @p; $fg = "38;5;" . shift @p if $k == 5; }
                elsif ($x == 48) { my $k = shift @p; shift @p if $k == 5; }
            }
        }
        if ($at >= 0) { print "$fg\n"; exit; }'
}
