# Helpers for the capture checks in the VM guests (sourced): guest/tests.sh (vivid) and
# uvc/guest-tests.sh (a UVC camera). Each check prints one "PASS name: detail" or
# "FAIL name: detail" line; the host counts them.

pass() { echo "PASS $1: $2"; }
fail() { echo "FAIL $1: $2"; }

# field KEY FILE: a scalar from the capture command's one-line JSON report.
field() { sed -nE "s/.*\"$1\":(\"[^\"]*\"|[^,}]*).*/\1/p" "$2" | tr -d '"'; }
# list KEY FILE: the items of an array field, comma separated.
list() { sed -nE "s/.*\"$1\":\\[([^]]*)\\].*/\\1/p" "$2"; }
recoveries() { list recoveryMilliseconds "$1"; }

# check NAME FILE KEY=VALUE...: passes when every listed field has the given value.
check() {
    name=$1 report=$2
    shift 2
    for expectation in "$@"; do
        key=${expectation%%=*} wanted=${expectation#*=}
        actual=$(field "$key" "$report")
        if [ "$actual" != "$wanted" ]; then
            fail "$name" "$key is '$actual', expected '$wanted' ($(cat "$report" /tmp/"$name".err 2>/dev/null | tail -n 3 | tr '\n' ' '))"
            return 1
        fi
    done
    pass "$name" "$(summary "$report")"
}

summary() {
    echo "$(field format "$1") $(field width "$1")x$(field height "$1") granted $(field grantedFps "$1") fps," \
        "measured $(field measuredFps "$1") fps, $(field frames "$1") frames," \
        "$(field drops "$1") drops (gaps before frames [$(list framesAfterGaps "$1")])," \
        "$(field reconnects "$1") reconnects, $(field openAttempts "$1") opens, recovery [$(recoveries "$1")] ms"
}

# capture NAME ARGS...: runs a capture into /tmp/NAME.json (errors and events in /tmp/NAME.err).
capture() {
    name=$1
    shift
    yolo-edge capture --json "$@" >/tmp/"$name".json 2>/tmp/"$name".err
}

# capture_without_drops NAME ARGS...: a capture that should see no sequence gaps. Under TCG on a
# busy host vivid's frame timer sometimes fires late and vivid then skips sequence numbers itself,
# so one retry is allowed and the first attempt's gaps are reported.
capture_without_drops() {
    name=$1
    capture "$@"
    if [ "$(field drops /tmp/"$name".json)" != "0" ]; then
        echo "INFO $name: retrying, first attempt had $(field drops /tmp/"$name".json) drops" \
            "before frames [$(list framesAfterGaps /tmp/"$name".json)]"
        capture "$@"
    fi
}

# rate_between REPORT LOW HIGH: the measured rate is within [LOW, HIGH].
rate_between() {
    awk -v rate="$(field measuredFps "$1")" -v low="$2" -v high="$3" \
        'BEGIN { exit !(rate != "" && rate >= low && rate <= high) }'
}
