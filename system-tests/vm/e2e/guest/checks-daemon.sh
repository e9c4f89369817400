# Checks of the running daemon: model loaded, vivid captured, detections on the socket.
# They need `yolo-edge run` wired to the engine and the camera; system-tests/vm/e2e/enabled-checks
# says which run.

# Frames a client must receive, and the longest wait for each. Inference under qemu TCG takes
# 10-30 s per 640x640 frame, over 40 s on a loaded host: the checks ask for a flowing
# pipeline, not for speed, and stop waiting as soon as the frames are there.
MIN_FRAMES=2
FRAME_TIMEOUT=60
# Longest wait for READY=1 and for a watchdog-triggered restart (run-e2e.sh sets WatchdogSec=60s).
START_TIMEOUT=120

# start_daemon: the service running on its own socket (not socket-activated), ready.
start_daemon() {
    systemctl stop yolo-edge.socket
    [ "$(prop yolo-edge.service ActiveState)" = active ] && return 0
    timeout "$START_TIMEOUT" systemctl start yolo-edge.service || { echo "start failed"; return 1; }
}

# restarts_above N: systemd restarted the service more than N times. daemon_active: it runs.
restarts_above() { [ "$(prop yolo-edge.service NRestarts)" -gt "$1" ]; }
daemon_active() { [ "$(prop yolo-edge.service ActiveState)" = active ]; }

# frames_in FILE: the detections lines a client received.
frames_in() { count_type detections "$1"; }

# client_start FILE: a client (user e2e-client) that writes what it receives to FILE until
# client_stop; its pid is in $client.
client_start() {
    timeout 600 runuser -u "$CLIENT_USER" -- socat -u "UNIX-CONNECT:$SOCKET" STDOUT > "$1" 2>&1 &
    client=$!
}
client_stop() { kill "$client" 2>/dev/null; wait "$client" 2>/dev/null; true; }

# has_frames FILE N: FILE holds at least N detections lines.
has_frames() { [ "$(frames_in "$1")" -ge "$2" ]; }

# receive_frames FILE N: connects a client and waits for N frames (FRAME_TIMEOUT s each).
receive_frames() {
    client_start "$1"
    wait_until $(($2 * FRAME_TIMEOUT)) has_frames "$1" "$2"
    status=$?
    client_stop
    echo "$(frames_in "$1") frames"
    return "$status"
}

check_start_ready() {
    systemctl stop yolo-edge.service yolo-edge.socket
    started=$(date +%s)
    # Type=notify: start returns only once the daemon sent READY=1.
    timeout "$START_TIMEOUT" systemctl start yolo-edge.service || return 1
    echo "ready after $(($(date +%s) - started)) s"
    status=$(prop yolo-edge.service StatusText)
    echo "STATUS=$status"
    [ "$(prop yolo-edge.service ActiveState)" = active ] || return 1
    echo "$status" | grep -q 'loaded' && echo "$status" | grep -q 'listening'
}

check_detections_from_camera() {
    start_daemon || return 1
    receive_frames /tmp/frames.jsonl "$MIN_FRAMES" || return 1
    head -c 300 /tmp/frames.jsonl; echo
    head -n 1 /tmp/frames.jsonl | grep -q '^{"type":"hello","protocol":1,' || { echo "no hello first"; return 1; }
    head -n 1 /tmp/frames.jsonl | grep -q '"source":"/dev/video0"' || { echo "hello names another source"; return 1; }
    # The frame size vivid reports is the size the boxes refer to.
    size=$(v4l2-ctl -d /dev/video0 --get-fmt-video | sed -n 's|.*Width/Height *: *\([0-9]*\)/\([0-9]*\).*|"width":\1,"height":\2|p')
    [ -n "$size" ] || { echo "vivid reports no frame size"; return 1; }
    grep '"type":"detections"' /tmp/frames.jsonl | grep -vqF "$size" && { echo "frames not $size"; return 1; }
    # Camera sequence numbers only increase.
    grep '"type":"detections"' /tmp/frames.jsonl | json_int camera_seq | sort -n -c || return 1
}

check_status_command() {
    start_daemon || return 1
    line=$(runuser -u "$CLIENT_USER" -- timeout 20 yolo-edge status --json) || return 1
    echo "$line"
    echo "$line" | grep -q '"type":"status"' && echo "$line" | grep -q '"state":"streaming"'
}

check_reload_keeps_clients() {
    start_daemon || return 1
    pid=$(prop yolo-edge.service MainPID) restarts=$(prop yolo-edge.service NRestarts)
    client_start /tmp/reload.jsonl
    wait_until "$FRAME_TIMEOUT" has_frames /tmp/reload.jsonl 1 || { client_stop; echo "no frame before reload"; return 1; }
    mark=$(now)
    systemctl reload yolo-edge.service || { client_stop; return 1; }
    # Frames continue after the second hello, on the same connection.
    wait_until $((2 * FRAME_TIMEOUT)) awk '/^{"type":"hello"/ { hellos++ } hellos == 2 && /^{"type":"detections"/ { frames++ }
        END { exit !(frames > 0) }' /tmp/reload.jsonl
    status=$?
    client_stop
    [ "$(prop yolo-edge.service ActiveState)" = active ] || return 1
    [ "$(prop yolo-edge.service MainPID)" = "$pid" ] || { echo "main process changed"; return 1; }
    [ "$(prop yolo-edge.service NRestarts)" = "$restarts" ] || { echo "restarted"; return 1; }
    hellos=$(count_type hello /tmp/reload.jsonl)
    echo "client saw $hellos hello lines and $(frames_in /tmp/reload.jsonl) frames"
    # The unchanged camera is handed to the new pipeline, never opened twice.
    journal_since "$mark" | grep -E 'took over|reloaded:|busy|previous configuration'
    journal_since "$mark" | grep -q 'Device or resource busy' && { echo "the camera was opened twice"; return 1; }
    [ "$hellos" -eq 2 ] && [ "$status" -eq 0 ]
}

# A frozen daemon stops pinging; systemd kills and restarts it, and frames flow again.
check_watchdog_restarts_stalled_daemon() {
    start_daemon || return 1
    pid=$(prop yolo-edge.service MainPID) restarts=$(prop yolo-edge.service NRestarts)
    mark=$(now)
    kill -STOP "$pid"
    wait_until "$START_TIMEOUT" restarts_above "$restarts" || { echo "no restart"; return 1; }
    journal_since "$mark" | grep -q 'Watchdog timeout' || { journal_since "$mark"; return 1; }
    wait_until "$START_TIMEOUT" daemon_active || return 1
    [ "$(prop yolo-edge.service MainPID)" != "$pid" ] || return 1
    receive_frames /tmp/after-watchdog.jsonl 1
}

# reconnects_at_least N: the daemon's status reports N or more camera reconnects.
reconnects_at_least() {
    reconnects=$(runuser -u "$CLIENT_USER" -- timeout 20 yolo-edge status --json | json_int reconnects)
    [ "${reconnects:-0}" -ge "$1" ]
}

# The daemon recovers by itself (same process, no restart) and frames resume.
expect_recovered_in_process() {
    pid=$1 restarts=$2 reconnects=$3
    wait_until 60 reconnects_at_least $((reconnects + 1)) || { echo "no reconnect reported"; return 1; }
    receive_frames /tmp/recovered.jsonl 1 || return 1
    [ "$(prop yolo-edge.service MainPID)" = "$pid" ] || { echo "the daemon was restarted"; return 1; }
    [ "$(prop yolo-edge.service NRestarts)" = "$restarts" ] || { echo "systemd restarted it"; return 1; }
}

check_camera_disconnect_recovered() {
    start_daemon || return 1
    pid=$(prop yolo-edge.service MainPID) restarts=$(prop yolo-edge.service NRestarts)
    reconnects=$(runuser -u "$CLIENT_USER" -- yolo-edge status --json | json_int reconnects)
    v4l2-ctl -d /dev/video0 -c disconnect=1 || return 1
    expect_recovered_in_process "$pid" "$restarts" "${reconnects:-0}"
}

# A true unplug and replug: vivid's platform device is unbound from its driver (the device
# nodes vanish under the open handles, as when a USB camera is pulled) and bound again.
# (rmmod is refused while the daemon holds the device, and it reopens within milliseconds.)
check_vivid_unplug_replug_recovered() {
    start_daemon || return 1
    pid=$(prop yolo-edge.service MainPID) restarts=$(prop yolo-edge.service NRestarts)
    reconnects=$(runuser -u "$CLIENT_USER" -- yolo-edge status --json | json_int reconnects)
    echo vivid.0 > /sys/bus/platform/drivers/vivid/unbind || return 1
    wait_until 10 test ! -e /dev/video0 || { echo "/dev/video0 stayed after unbind"; return 1; }
    sleep 3
    echo vivid.0 > /sys/bus/platform/drivers/vivid/bind || return 1
    wait_until 20 test -c /dev/video0 || { echo "/dev/video0 did not come back"; return 1; }
    expect_recovered_in_process "$pid" "$restarts" "${reconnects:-0}"
}

check_socket_activation() {
    systemctl stop yolo-edge.service
    systemctl start yolo-edge.socket || return 1
    [ "$(prop yolo-edge.service ActiveState)" = inactive ] || return 1
    mark=$(now)
    # The first client starts the daemon and gets its hello once the model is loaded.
    client_start /tmp/activated.jsonl
    wait_until $((START_TIMEOUT + FRAME_TIMEOUT)) has_frames /tmp/activated.jsonl 1 || {
        client_stop
        echo "no frames on the activated socket"
        return 1
    }
    client_stop
    head -n 1 /tmp/activated.jsonl | grep -q '^{"type":"hello"' || return 1
    journal_since "$mark" | grep -q 'socket passed by systemd' || { journal_since "$mark"; return 1; }
    # Stopping the daemon leaves the socket listening for the next client.
    systemctl stop yolo-edge.service
    [ -S "$SOCKET" ] || { echo "socket file gone with the service"; return 1; }
    systemctl stop yolo-edge.socket
}

# SIGTERM: stopped within 2 s, its socket file removed, the camera free for others. The limit
# allows 1 s more for systemctl's own round trip under TCG (measured 2.3 s in all once).
check_stop_releases_everything() {
    start_daemon || return 1
    started=$(date +%s%N)
    systemctl stop yolo-edge.service
    elapsed_ms=$((($(date +%s%N) - started) / 1000000))
    echo "stopped in $elapsed_ms ms, exit status $(prop yolo-edge.service ExecMainStatus)"
    [ "$elapsed_ms" -le 3000 ] || return 1
    [ ! -e "$SOCKET" ] || { echo "socket file left behind"; return 1; }
    v4l2-ctl -d /dev/video0 --stream-mmap --stream-count=1 --stream-to=/dev/null || { echo "camera still busy"; return 1; }
}
