# Checks of the installed package and its units that need no running detector: they pass
# with a daemon that stops after reading its config, and keep passing once it runs for real.

check_package_installed() {
    status=$(dpkg-query -W -f='${Status} ${Version}' yolo-edge)
    echo "dpkg: $status"
    case "$status" in "install ok installed "*) ;; *) return 1 ;; esac
    binary=$(yolo-edge --version)
    [ "${status##* }" = "$binary" ] || { echo "package ${status##* } but binary $binary"; return 1; }
}

check_system_user() {
    groups=$(id -nG yolo-edge) || return 1
    echo "yolo-edge groups: $groups"
    echo " $groups " | grep -q " video " || { echo "not in group video"; return 1; }
    shell=$(getent passwd yolo-edge | cut -d: -f7)
    [ "$shell" = /usr/sbin/nologin ] || { echo "login shell $shell"; return 1; }
}

check_units_verify() {
    # No man-db in the guest: the man page is checked in system-tests/packaging.
    systemd-analyze verify --man=no yolo-edge.service yolo-edge.socket > /tmp/verify.log 2>&1
    status=$?
    cat /tmp/verify.log
    [ "$status" -eq 0 ] && [ ! -s /tmp/verify.log ]
}

check_security_exposure() {
    score=$(systemd-analyze security --no-pager yolo-edge.service | sed -n 's/.*Overall exposure level for yolo-edge.service: \([0-9.]*\).*/\1/p')
    echo "exposure $score"
    [ -n "$score" ] && awk -v s="$score" 'BEGIN { exit !(s <= 2.0) }'
}

check_vivid_present() {
    wait_until 20 test -c /dev/video0 || { echo "no /dev/video0"; return 1; }
    driver=$(v4l2-ctl -d /dev/video0 --info | sed -n 's/^[[:space:]]*Driver name[[:space:]]*: //p' | head -n 1)
    echo "driver: $driver"
    [ "$driver" = vivid ]
}

# The unit's sandbox (user, groups, device policy, syscall filter, ...) applied to v4l2-ctl
# streaming from vivid: the hardening must leave V4L2 capture working. Without its
# DeviceAllow= for video4linux the same sandbox must fail, or the probe proves nothing.
check_sandbox_allows_capture() {
    wait_until 20 test -c /dev/video0 || return 1
    sandbox_unit yolo-edge-capture-probe \
        /usr/bin/v4l2-ctl -d /dev/video0 --stream-mmap --stream-count=5 --stream-to=/dev/null
    systemctl start yolo-edge-capture-probe.service || { journalctl -q -u yolo-edge-capture-probe | tail; return 1; }
    echo "captured 5 frames in the sandbox"
    sed -i '/^DeviceAllow=char-video4linux/d' /run/systemd/system/yolo-edge-capture-probe.service
    systemctl daemon-reload
    if systemctl start yolo-edge-capture-probe.service; then
        echo "the sandbox without DeviceAllow=char-video4linux captured too"
        return 1
    fi
    rm /run/systemd/system/yolo-edge-capture-probe.service
    systemctl daemon-reload
    systemctl reset-failed
}

# The packaged binary loads the configured model and runs inference (threads, arena) inside
# the sandbox, e.g. under MemoryDenyWriteExecute= and the syscall filter. Its timing tells
# how slow inference is in this guest.
check_engine_runs_in_sandbox() {
    model=$(configured_model)
    [ -f "$model" ] || { echo "no model at '$model'"; return 1; }
    sandbox_unit yolo-edge-engine-probe /usr/bin/yolo-edge bench --model "$model" --threads 2 --runs 2 --warmup 1
    systemctl start yolo-edge-engine-probe.service
    status=$?
    journalctl -q -o cat -u yolo-edge-engine-probe.service | sed 's/^/INFO /'
    rm /run/systemd/system/yolo-edge-engine-probe.service
    systemctl daemon-reload
    [ "$status" -eq 0 ]
}

# A config error stops the service at once with status 78 and a message naming the key and
# line, and Restart= does not loop on it.
check_config_error_not_restarted() {
    cp /etc/yolo-edge/config.toml /tmp/config.toml.saved
    sed -i '1i bogus_setting = 1' /etc/yolo-edge/config.toml
    mark=$(now)
    systemctl start yolo-edge.service && { echo "started with a bad config"; return 1; }
    cp /tmp/config.toml.saved /etc/yolo-edge/config.toml
    sleep 4  # past RestartSec
    status=$(prop yolo-edge.service ExecMainStatus) restarts=$(prop yolo-edge.service NRestarts)
    echo "exit status $status, restarts $restarts"
    journal_since "$mark" | grep -F "config.toml:1: key 'bogus_setting': unknown key" || {
        journal_since "$mark"
        return 1
    }
    systemctl reset-failed yolo-edge.service
    [ "$status" = 78 ] && [ "$restarts" = 0 ]
}

# The socket unit creates the socket with the unit's owner, group and mode; a user outside
# group yolo-edge cannot connect (so cannot start the daemon either); stopping removes it.
check_socket_unit() {
    systemctl start yolo-edge.socket || return 1
    owner=$(stat -c '%F %a %U:%G' "$SOCKET")
    echo "socket: $owner"
    [ "$owner" = "socket 660 root:yolo-edge" ] || return 1
    if runuser -u "$STRANGER_USER" -- socat -u "UNIX-CONNECT:$SOCKET" /dev/null 2>/tmp/stranger.log; then
        echo "a user outside group yolo-edge connected"
        return 1
    fi
    grep -q 'Permission denied' /tmp/stranger.log || { cat /tmp/stranger.log; return 1; }
    [ "$(prop yolo-edge.service ActiveState)" = inactive ] || { echo "the refused client started the service"; return 1; }
    systemctl stop yolo-edge.socket
    [ ! -e "$SOCKET" ] || { echo "socket file left after stop"; return 1; }
}
