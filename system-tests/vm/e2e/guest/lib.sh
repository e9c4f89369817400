# Helpers for the e2e checks (sourced). A check is a shell function check_<name> that
# returns 0 when it passes; on failure it prints why (its output is shown with the FAIL).
# Lines it prints starting with "INFO " are shown after a PASS too (measurements).

E2E_LIB=/usr/local/lib/yolo-edge-e2e
SOCKET=/run/yolo-edge/detections.sock
# A user in group yolo-edge, as a client of the socket would be.
CLIENT_USER=e2e-client
# A user outside group yolo-edge, who must not reach the socket.
STRANGER_USER=e2e-stranger

# wait_until SECONDS COMMAND...: polls COMMAND every 0.2 s until it succeeds.
wait_until() {
    deadline=$(($(date +%s) + $1))
    shift
    until "$@"; do
        [ "$(date +%s)" -lt "$deadline" ] || return 1
        sleep 0.2
    done
}

# prop UNIT PROPERTY: one property of a unit as systemctl shows it.
prop() { systemctl show -P "$2" "$1"; }

# json_int FIELD: the integer value of FIELD in each JSON line on stdin.
json_int() { sed -n "s/.*\"$1\":\([0-9]*\).*/\1/p"; }

# count_type TYPE FILE: how many lines of FILE are messages of TYPE.
count_type() { grep -c "^{\"type\":\"$1\"" "$2" || true; }

# journal_since MARK: the yolo-edge units' journal since MARK, a time taken with `mark=$(now)`.
now() { date +@%s; }
journal_since() { journalctl -q --no-pager -u yolo-edge.service -u yolo-edge.socket --since "$1"; }

# sandbox_unit NAME COMMAND...: writes the oneshot unit NAME.service that runs COMMAND inside
# yolo-edge.service's sandbox: every [Service] setting except how it starts, notifies and
# restarts. Its output goes to the journal.
sandbox_unit() {
    unit=/run/systemd/system/$1.service
    shift
    {
        printf '[Service]\nType=oneshot\nExecStart=%s\n' "$*"
        sed -n '/^\[Service\]/,/^\[/p' /lib/systemd/system/yolo-edge.service |
            grep -Ev '^(\[|#|$|Type=|NotifyAccess=|Exec|Watchdog|Restart)'
    } > "$unit"
    systemctl daemon-reload
}

# configured_model: the model path in the installed config.
configured_model() { sed -n 's/^model = "\(.*\)"$/\1/p' /etc/yolo-edge/config.toml; }
