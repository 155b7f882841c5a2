# shellcheck shell=bash
# Helpers for the network tests; source after common.sh.
#
#   net_free_octet FIRST LAST   print an n in FIRST..LAST such that
#                               172.30.n.0/24 overlaps no network on the
#                               engine (none of their subnets), or fail

net_free_octet() {
    local used n
    # shellcheck disable=SC2046 # one argument per network id
    used=$($DOCKER network inspect -f '{{range .IPAM.Config}}{{.Subnet}} {{end}}' \
        $($DOCKER network ls -q) | tr ' ' '\n' | grep -v '^$')
    for n in $(seq "$1" "$2"); do
        # Wider ranges that hold 172.30.n.0/24 count as taken too.
        if ! echo "$used" | grep -Eq "^172\.30\.$n\.|^172\.30\.0\.0/1[6-9]|^172\.16\.0\.0/12|^172\.0\.0\.0/8"; then
            echo "$n"
            return 0
        fi
    done
    fail "no free 172.30.x.0/24 subnet in $1..$2 on this engine"
}
