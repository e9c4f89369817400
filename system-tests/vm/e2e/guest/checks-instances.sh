# Checks of the template units yolo-edge@.service and yolo-edge@.socket: one daemon per camera
# (docs/multiple-cameras.md). The guest's vivid has two instances (run-e2e.sh loads it with
# n_devs=2), so instance a captures from vivid-000 and instance b from vivid-001, each with its
# own config (/etc/yolo-edge/NAME.toml), socket (/run/yolo-edge/NAME.sock) and watchdog, and
# threads = 1 each, side by side on the guest's two vCPUs.

INSTANCES="a b"
# WatchdogSec= of the instances: longer than the time between two frames of one instance here
# (two daemons on two emulated vCPUs), and shorter than INSTANCE_OBSERVE_SEC, so that a stall
# during the observation would end in a restart. Each instance pings every
# INSTANCE_PING_INTERVAL s after a frame (health.watchdog_interval), so a ping follows each
# frame within that time, whatever WatchdogSec is.
INSTANCE_WATCHDOG_SEC=60
INSTANCE_PING_INTERVAL=2
INSTANCE_OBSERVE_SEC=65
# Longest wait for the first frame of both instances (model load included).
INSTANCE_FIRST_FRAME_TIMEOUT=150

instance_socket() { echo "/run/yolo-edge/$1.sock"; }
instance_prop() { prop "yolo-edge@$1.service" "$2"; }
instance_active() { [ "$(instance_prop "$1" ActiveState)" = active ]; }
instance_restarts_above() { [ "$(instance_prop "$1" NRestarts)" -gt "$2" ]; }
instance_journal_since() { journalctl -q --no-pager -u "yolo-edge@$1.service" -u "yolo-edge@$1.socket" --since "$2"; }

# vivid_capture_node INDEX: the capture node of vivid instance INDEX (0 or 1), e.g. /dev/video0.
vivid_capture_node() {
    for name in /sys/class/video4linux/video*/name; do
        if [ "$(cat "$name")" = "vivid-00$1-vid-cap" ]; then
            node=${name%/name}
            echo "/dev/${node##*/}"
            return 0
        fi
    done
    return 1
}

# instances_prepare: the configs of a and b (the installed config with the instance's camera,
# one thread and a ping after each frame), WatchdogSec= for the template, and no other daemon
# holding a camera. The config's socket key is left as installed (detections.sock): the
# template's --socket must win over it.
instances_prepare() {
    systemctl stop yolo-edge.socket yolo-edge.service
    wait_until 20 vivid_capture_node 1 >/dev/null || { echo "no second vivid instance"; ls /sys/class/video4linux; return 1; }
    index=0
    for name in $INSTANCES; do
        node=$(vivid_capture_node "$index") || return 1
        sed -e "s|^source = .*|source = \"$node\"|" -e 's|^# threads = .*|threads = 1|' \
            -e "s|^watchdog_interval = .*|watchdog_interval = $INSTANCE_PING_INTERVAL|" \
            /etc/yolo-edge/config.toml > "/etc/yolo-edge/$name.toml"
        grep -qx 'threads = 1' "/etc/yolo-edge/$name.toml" || { echo "could not set threads in $name.toml"; return 1; }
        echo "$name: $node"
        index=$((index + 1))
    done
    mkdir -p /run/systemd/system/yolo-edge@.service.d
    printf '[Service]\nWatchdogSec=%ss\n' "$INSTANCE_WATCHDOG_SEC" > /run/systemd/system/yolo-edge@.service.d/e2e-watchdog.conf
    systemctl daemon-reload
}

instances_stop() {
    for name in $INSTANCES; do
        systemctl stop "yolo-edge@$name.socket" "yolo-edge@$name.service"
    done
    systemctl reset-failed 'yolo-edge@*' 2>/dev/null
    true
}

# instance_client_start NAME FILE: a client (user e2e-client) of instance NAME's socket that
# writes what it receives to FILE; its pid is in $client_NAME.
instance_client_start() {
    timeout 600 runuser -u "$CLIENT_USER" -- socat -u "UNIX-CONNECT:$(instance_socket "$1")" STDOUT > "$2" 2>&1 &
    eval "client_$1=\$!"
}
instance_client_stop() {
    eval "pid=\$client_$1"
    kill "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    true
}

# instance_status NAME: the JSON status line of instance NAME, as its clients' user asks.
instance_status() { runuser -u "$CLIENT_USER" -- timeout 20 yolo-edge status --json --socket "$(instance_socket "$1")"; }

# The template and its socket as the guest's systemd loads them; the instance's exposure; and
# an instance without its config stops at once with status 78, not restarted.
check_instance_units() {
    systemd-analyze verify --man=no yolo-edge@a.service yolo-edge@a.socket > /tmp/verify-instance.log 2>&1
    status=$?
    cat /tmp/verify-instance.log
    [ "$status" -eq 0 ] && [ ! -s /tmp/verify-instance.log ] || return 1
    score=$(systemd-analyze security --no-pager yolo-edge@a.service | sed -n 's/.*Overall exposure level for yolo-edge@a.service: \([0-9.]*\).*/\1/p')
    echo "INFO exposure of yolo-edge@a.service $score"
    [ -n "$score" ] && awk -v s="$score" 'BEGIN { exit !(s <= 2.0) }' || return 1
    echo "ExecStart: $(prop yolo-edge@a.service ExecStart | grep -o 'argv\[\][^;]*')"
    prop yolo-edge@a.service ExecStart | grep -qF 'run --config /etc/yolo-edge/a.toml --socket /run/yolo-edge/a.sock' || return 1
    [ "$(prop yolo-edge@a.socket Listen)" = "/run/yolo-edge/a.sock (Stream)" ] || { prop yolo-edge@a.socket Listen; return 1; }

    mark=$(now)
    systemctl start yolo-edge@missing.service && { echo "started without /etc/yolo-edge/missing.toml"; return 1; }
    sleep 4  # past RestartSec
    status=$(prop yolo-edge@missing.service ExecMainStatus) restarts=$(prop yolo-edge@missing.service NRestarts)
    echo "without its config: exit status $status, restarts $restarts"
    instance_journal_since missing "$mark" | grep -F '/etc/yolo-edge/missing.toml' || { instance_journal_since missing "$mark"; return 1; }
    systemctl reset-failed yolo-edge@missing.service
    [ "$status" = 78 ] && [ "$restarts" = 0 ]
}

# The device classes libcamera needs besides video4linux: the sandbox admits the media
# controller that vivid registers (media-ctl reads its topology as user yolo-edge), and refuses
# it without DeviceAllow=char-media, so the probe proves something. /proc/devices tells which
# classes this kernel has (dma_heap only with CONFIG_DMABUF_HEAPS).
check_sandbox_allows_media_controller() {
    grep -E ' (video4linux|media|dma_heap)$' /proc/devices | sed 's/^/INFO \/proc\/devices: /'
    grep -qE ' media$' /proc/devices || { echo "no media class in /proc/devices"; return 1; }
    wait_until 20 test -c /dev/media0 || { echo "no /dev/media0"; return 1; }
    heaps=$(ls /dev/dma_heap 2>/dev/null | xargs echo)
    echo "INFO /dev/dma_heap: ${heaps:-none (this kernel has no DMA heaps; char-dma_heap admits nothing here)}"
    sandbox_unit yolo-edge-media-probe /usr/bin/media-ctl -d /dev/media0 --print-topology
    systemctl start yolo-edge-media-probe.service || { journalctl -q -u yolo-edge-media-probe | tail; return 1; }
    journalctl -q -o cat -u yolo-edge-media-probe.service | grep -m 1 -i 'driver' | sed 's/^/INFO media-ctl in the sandbox read \/dev\/media0: /'
    sed -i '/^DeviceAllow=char-media/d' /run/systemd/system/yolo-edge-media-probe.service
    systemctl daemon-reload
    if systemctl start yolo-edge-media-probe.service; then
        echo "the sandbox without DeviceAllow=char-media read /dev/media0 too"
        return 1
    fi
    rm /run/systemd/system/yolo-edge-media-probe.service
    systemctl daemon-reload
    systemctl reset-failed
}

# Each instance's socket unit: its file with the owner and mode of yolo-edge.socket; a client of
# one starts that instance only, which takes the socket from systemd and serves its own camera.
check_instances_socket_activation() {
    instances_prepare || return 1
    for name in $INSTANCES; do
        systemctl start "yolo-edge@$name.socket" || return 1
        owner=$(stat -c '%F %a %U:%G' "$(instance_socket "$name")")
        echo "$name socket: $owner"
        [ "$owner" = "socket 660 root:yolo-edge" ] || return 1
        [ "$(instance_prop "$name" ActiveState)" = inactive ] || { echo "$name started before a client came"; return 1; }
    done
    mark=$(now)
    for name in $INSTANCES; do
        instance_client_start "$name" "/tmp/activated-$name.jsonl"
        wait_until "$START_TIMEOUT" grep -q '^{"type":"hello"' "/tmp/activated-$name.jsonl" || {
            instance_client_stop "$name"
            echo "no hello on the activated $name.sock"
            instance_journal_since "$name" "$mark" | tail
            return 1
        }
        instance_client_stop "$name"
        head -c 200 "/tmp/activated-$name.jsonl"; echo
        if [ "$name" = a ]; then
            [ "$(instance_prop b ActiveState)" = inactive ] || { echo "a client of a.sock started b"; return 1; }
        fi
        [ "$(instance_prop "$name" ActiveState)" = active ] || return 1
        instance_journal_since "$name" "$mark" | grep -q 'socket passed by systemd' || { instance_journal_since "$name" "$mark"; return 1; }
        node=$(sed -n 's/^source = "\(.*\)"$/\1/p' "/etc/yolo-edge/$name.toml")
        head -n 1 "/tmp/activated-$name.jsonl" | grep -qF "\"source\":\"$node\"" || { echo "$name's hello names another source than $node"; return 1; }
    done
    # Stopping a daemon leaves its socket listening for the next client.
    systemctl stop yolo-edge@a.service yolo-edge@b.service
    for name in $INSTANCES; do
        [ -S "$(instance_socket "$name")" ] || { echo "$name.sock gone with its service"; return 1; }
    done
    instances_stop
    for name in $INSTANCES; do
        [ ! -e "$(instance_socket "$name")" ] || { echo "$name.sock left after its socket unit stopped"; return 1; }
    done
}

# watchdog_stamps_record: appends each instance's last watchdog ping time (systemd's
# WatchdogTimestampMonotonic, µs) to /tmp/watchdog-NAME.
watchdog_stamps_record() {
    for name in $INSTANCES; do
        instance_prop "$name" WatchdogTimestampMonotonic >> "/tmp/watchdog-$name"
    done
}

# Both instances at once, started as services (each binds its socket itself from --socket),
# one thread each: both stay active with the same process for INSTANCE_OBSERVE_SEC s (longer
# than WatchdogSec, so a stalled one would have been restarted), systemd keeps receiving the
# pings of both, and both publish detections of their own camera on their own socket.
check_instances_run_together() {
    instances_prepare || return 1
    mark=$(now)
    for name in $INSTANCES; do
        systemctl start --no-block "yolo-edge@$name.service"
    done
    for name in $INSTANCES; do
        wait_until "$START_TIMEOUT" instance_active "$name" || {
            echo "$name did not become ready"
            instance_journal_since "$name" "$mark" | tail
            return 1
        }
        [ -S "$(instance_socket "$name")" ] || { echo "no $(instance_socket "$name")"; return 1; }
        instance_client_start "$name" "/tmp/together-$name.jsonl"
    done
    [ ! -e "$SOCKET" ] || { echo "an instance bound $SOCKET, the config's socket"; return 1; }
    for name in $INSTANCES; do
        wait_until "$INSTANCE_FIRST_FRAME_TIMEOUT" has_frames "/tmp/together-$name.jsonl" 1 || {
            echo "no frame from $name"
            instance_client_stop a; instance_client_stop b
            return 1
        }
    done
    echo "INFO first frames of both $(($(date +%s) - ${mark#@})) s after start"

    pids=""
    frames_before=""
    rm -f /tmp/watchdog-a /tmp/watchdog-b
    for name in $INSTANCES; do
        pids="$pids $(instance_prop "$name" MainPID)"
        frames_before="$frames_before $(instance_status "$name" | json_int frames)"
    done
    observe_started=$(date +%s%N)
    observe_mark=$(now)
    deadline=$(($(date +%s) + INSTANCE_OBSERVE_SEC))
    while [ "$(date +%s)" -lt "$deadline" ]; do
        watchdog_stamps_record
        for name in $INSTANCES; do
            instance_active "$name" || { echo "$name left active"; break 2; }
        done
        sleep 2
    done
    elapsed_ms=$((($(date +%s%N) - observe_started) / 1000000))
    for name in $INSTANCES; do
        instance_client_stop "$name"
    done

    failed=0 index=1
    for name in $INSTANCES; do
        pid_before=$(echo $pids | cut -d' ' -f$index)
        before=$(echo $frames_before | cut -d' ' -f$index)
        status=$(instance_status "$name")
        after=$(echo "$status" | json_int frames)
        inference_ms=$(echo "$status" | sed -n 's/.*"inference_ms":\([0-9.]*\).*/\1/p')
        pings=$(sort -un "/tmp/watchdog-$name" | grep -cv '^0$')
        fps=$(awk -v n=$((after - before)) -v ms="$elapsed_ms" 'BEGIN { printf "%.3f", n * 1000 / ms }')
        echo "INFO yolo-edge@$name ($(sed -n 's/^source = "\(.*\)"$/\1/p' "/etc/yolo-edge/$name.toml"), threads 1):" \
            "$((after - before)) frames in $((elapsed_ms / 1000)) s = $fps fps, latest inference $inference_ms ms," \
            "$pings distinct watchdog pings seen (WatchdogSec=${INSTANCE_WATCHDOG_SEC}s)," \
            "restarts $(instance_prop "$name" NRestarts), $(frames_in "/tmp/together-$name.jsonl") detections lines received"
        echo "$status" | head -c 400; echo
        [ "$(instance_prop "$name" ActiveState)" = active ] || { echo "$name not active"; failed=1; }
        [ "$(instance_prop "$name" MainPID)" = "$pid_before" ] || { echo "$name's process changed"; failed=1; }
        [ "$(instance_prop "$name" NRestarts)" = 0 ] || { echo "$name was restarted"; failed=1; }
        [ "$((after - before))" -ge 2 ] || { echo "$name processed $((after - before)) frames while observed"; failed=1; }
        # Pings at different times throughout (the timestamps advance), not one at start.
        [ "$pings" -ge 2 ] || { echo "$name: systemd saw $pings watchdog pings"; failed=1; }
        if instance_journal_since "$name" "$observe_mark" | grep 'Watchdog timeout'; then failed=1; fi
        head -n 1 "/tmp/together-$name.jsonl" | grep -q '^{"type":"hello","protocol":1,' || { echo "no hello first from $name"; failed=1; }
        node=$(sed -n 's/^source = "\(.*\)"$/\1/p' "/etc/yolo-edge/$name.toml")
        head -n 1 "/tmp/together-$name.jsonl" | grep -qF "\"source\":\"$node\"" || { echo "$name's hello names another source than $node"; failed=1; }
        index=$((index + 1))
    done
    # The human-readable status of each, as an operator runs it.
    for name in $INSTANCES; do
        echo "INFO yolo-edge status --socket $(instance_socket "$name"): $(runuser -u "$CLIENT_USER" -- timeout 20 yolo-edge status --socket "$(instance_socket "$name")" | head -n 1)"
    done
    [ "$failed" -eq 0 ]
}

# A stalled instance is restarted by its own watchdog while the other goes on untouched, and
# stopping one leaves the other's socket (the shared /run/yolo-edge is preserved).
check_instance_watchdog_independent() {
    instances_prepare || return 1
    for name in $INSTANCES; do
        [ "$(instance_prop "$name" ActiveState)" = active ] || timeout "$START_TIMEOUT" systemctl start "yolo-edge@$name.service" || return 1
    done
    pid_a=$(instance_prop a MainPID) pid_b=$(instance_prop b MainPID)
    restarts_a=$(instance_prop a NRestarts) restarts_b=$(instance_prop b NRestarts)
    frames_b=$(instance_status b | json_int frames)
    mark=$(now)
    stalled=$(date +%s)
    kill -STOP "$pid_a"
    wait_until $((INSTANCE_WATCHDOG_SEC + 60)) instance_restarts_above a "$restarts_a" || { echo "a was not restarted"; return 1; }
    echo "INFO yolo-edge@a stalled (SIGSTOP): restarted by its watchdog $(($(date +%s) - stalled)) s later (WatchdogSec=${INSTANCE_WATCHDOG_SEC}s)"
    instance_journal_since a "$mark" | grep -q 'Watchdog timeout' || { instance_journal_since a "$mark"; return 1; }
    instance_journal_since b "$mark" | grep 'Watchdog timeout' && { echo "b's watchdog fired too"; return 1; }
    [ "$(instance_prop b MainPID)" = "$pid_b" ] && [ "$(instance_prop b NRestarts)" = "$restarts_b" ] || { echo "b was restarted"; return 1; }
    [ -S "$(instance_socket b)" ] || { echo "b.sock gone while a restarted"; return 1; }
    wait_until "$START_TIMEOUT" instance_active a || return 1
    [ "$(instance_prop a MainPID)" != "$pid_a" ] || return 1
    instance_client_start a /tmp/after-stall-a.jsonl
    wait_until "$INSTANCE_FIRST_FRAME_TIMEOUT" has_frames /tmp/after-stall-a.jsonl 1
    status=$?
    instance_client_stop a
    [ "$status" -eq 0 ] || { echo "no frame from a after its restart"; return 1; }
    frames_b_after=$(instance_status b | json_int frames)
    echo "INFO yolo-edge@b meanwhile: same process, not restarted, $((frames_b_after - frames_b)) frames processed"
    [ "$frames_b_after" -gt "$frames_b" ] || return 1

    systemctl stop yolo-edge@a.service
    [ ! -e "$(instance_socket a)" ] || { echo "a.sock left after a stopped"; return 1; }
    [ -S "$(instance_socket b)" ] || { echo "stopping a removed b.sock"; return 1; }
    sleep 3  # b's socket watch would stop b if its file had gone
    [ "$(instance_prop b ActiveState)" = active ] && [ "$(instance_prop b MainPID)" = "$pid_b" ] || { echo "b stopped with a"; return 1; }
    instance_status b > /dev/null || { echo "b does not answer after a stopped"; return 1; }
    instances_stop
}

# The package's maintainer scripts know the instances: an upgrade (postinst configure
# OLD-VERSION, as dpkg runs it) restarts each running instance on the new binary, and removing
# the package stops every instance and instance socket, which would otherwise go on running a
# deleted binary. It removes the package: run it last.
check_package_scripts_handle_instances() {
    instances_prepare || return 1
    # From a known state: the instances the checks before left running hold their sockets.
    instances_stop
    systemctl start yolo-edge@a.socket || return 1
    for name in $INSTANCES; do
        instance_active "$name" || timeout "$START_TIMEOUT" systemctl start "yolo-edge@$name.service" || return 1
    done
    pid_a=$(instance_prop a MainPID) pid_b=$(instance_prop b MainPID)
    version=$(dpkg-query -W -f='${Version}' yolo-edge)
    /var/lib/dpkg/info/yolo-edge.postinst configure "$version" || { echo "postinst failed"; return 1; }
    for name in $INSTANCES; do
        wait_until "$START_TIMEOUT" instance_active "$name" || { echo "$name not active after the upgrade"; return 1; }
    done
    echo "INFO upgrade (postinst configure $version) restarted the instances: a $pid_a -> $(instance_prop a MainPID), b $pid_b -> $(instance_prop b MainPID)"
    [ "$(instance_prop a MainPID)" != "$pid_a" ] && [ "$(instance_prop b MainPID)" != "$pid_b" ] || { echo "not restarted"; return 1; }

    dpkg --remove yolo-edge || return 1
    for unit in yolo-edge@a.service yolo-edge@b.service yolo-edge@a.socket; do
        state=$(prop "$unit" ActiveState)
        echo "after dpkg --remove: $unit $state"
        [ "$state" = inactive ] || return 1
    done
    [ ! -e /run/yolo-edge/a.sock ] && [ ! -e /run/yolo-edge/b.sock ] || { echo "instance sockets left"; return 1; }
}
