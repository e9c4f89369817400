#!/bin/sh
# Checks against USB Video Class cameras driven by the real uvcvideo driver, run inside the UVC
# test guest (run-uvc.sh). Both serve one COCO image (a bus and people) as MJPEG and YUYV:
#   "UVC Test Camera"  uvc-usbip, in the guest, on the USB/IP virtual host controller (vhci_hcd):
#                      the V4L2 checks, including a real unplug and replug
#   "UVC xHCI Camera"  uvc-usbredir, on the host, behind qemu's xHCI controller: libcamera
# Prints one "PASS name: detail", "FAIL name: detail" or "SKIP name: reason" line per check.
L=/usr/local/lib/yolo-edge-uvc
MODEL=$L/model.tflite
. $L/capture-lib.sh
skip() { echo "SKIP $1: $2"; }
export LIBCAMERA_LOG_LEVELS='*:ERROR'

# wait_for SECONDS COMMAND...: polls COMMAND every 0.2 s until it succeeds.
wait_for() {
    deadline=$(($(date +%s) + $1))
    shift
    until "$@"; do
        [ "$(date +%s)" -lt "$deadline" ] || return 1
        sleep 0.2
    done
}

# The capture node uvcvideo made for the test camera (uvcvideo adds a metadata node, index 1).
camera_node() {
    for node in /sys/class/video4linux/video*; do
        [ "$(cat "$node/index" 2>/dev/null)" = 0 ] || continue
        case "$(cat "$node/name")" in "UVC Test Camera"*) echo "/dev/${node##*/}"; return 0 ;; esac
    done
    return 1
}

# plug: starts the camera (plugs it into vhci_hcd port 0), retrying while the port is still
# being freed after an unplug; waits for uvcvideo's capture node.
plug() {
    for attempt in 1 2 3 4 5 6 7 8 9 10; do
        $L/uvc-usbip $L/frame.jpg $L/frame.ppm 0 2>>/tmp/uvc-usbip.log &
        camera_pid=$!
        sleep 0.5
        kill -0 $camera_pid 2>/dev/null && break
    done
    wait_for 20 camera_node >/dev/null
}
unplug() { echo 0 > /sys/devices/platform/vhci_hcd.0/detach; wait $camera_pid; }
camera_gone() { ! camera_node >/dev/null; }

# label_seen FILE LABEL: a detection of LABEL is in the daemon's or capture's output FILE.
label_seen() { grep -q "\"label\":\"$2\"\\|: .*$2 #\\|[:,] $2 " "$1"; }

# daemon_detections NAME SOURCE: runs the daemon on SOURCE until two frames with detections
# are published on its socket; passes when they are 640x480 and show the bus and a person.
daemon_detections() {
    name=$1 source=$2 socket=/tmp/$1.sock
    yolo-edge run --source "$source" --model $MODEL --socket $socket >/tmp/$name.log 2>&1 &
    daemon=$!
    if ! wait_for 60 test -S $socket; then
        kill $daemon 2>/dev/null
        fail "$name" "no socket after 60 s: $(tail -n 3 /tmp/$name.log | tr '\n' ' ')"
        return
    fi
    timeout 240 socat -u UNIX-CONNECT:$socket - >/tmp/$name.jsonl &
    reader=$!
    started=$(date +%s)
    wait_for 240 sh -c "[ \$(grep -c '^{\"type\":\"detections\"' /tmp/$name.jsonl) -ge 2 ]"
    kill $reader $daemon 2>/dev/null
    wait $daemon 2>/dev/null
    frames=$(grep -c '^{"type":"detections"' /tmp/$name.jsonl)
    labels=$(grep '^{"type":"detections"' /tmp/$name.jsonl | head -n 1 | grep -o '"label":"[^"]*","score":[0-9.]*' |
        sed 's/"label":"\([^"]*\)","score":\(.*\)/\1 \2/' | tr '\n' ',' | sed 's/,$//; s/,/, /g')
    echo "INFO $name: daemon log: $(head -n 4 /tmp/$name.log | tr '\n' ' ' | cut -c1-300)"
    echo "INFO $name: first frame: $labels"
    if [ "$frames" -lt 2 ]; then
        fail "$name" "$frames frames in $(($(date +%s) - started)) s: $(tail -n 3 /tmp/$name.log | tr '\n' ' ')"
    elif ! head -n 1 /tmp/$name.jsonl | grep -qF "\"source\":\"$source\""; then
        fail "$name" "hello names another source: $(head -c 200 /tmp/$name.jsonl)"
    elif grep '^{"type":"detections"' /tmp/$name.jsonl | grep -vqF '"width":640,"height":480'; then
        fail "$name" "frames not 640x480"
    elif ! label_seen /tmp/$name.jsonl bus || ! label_seen /tmp/$name.jsonl person; then
        fail "$name" "no bus and person detected in $frames frames: $labels"
    else
        pass "$name" "$frames frames from $source, bus and person detected ($labels)"
    fi
}

echo "kernel $(uname -r)"

# --- The UVC gadget (f_uvc on dummy_hcd), the way the issue proposed. Reported, not checked:
# this kernel's dummy_hcd has no isochronous endpoints, which f_uvc requires.
if modprobe dummy_hcd && modprobe libcomposite && modprobe usb_f_uvc; then
    if sh $L/gadget-setup.sh >/tmp/gadget.log 2>&1; then
        echo "INFO gadget: f_uvc bound to $(cat /sys/kernel/config/usb_gadget/uvc/UDC)"
    else
        echo "INFO gadget: f_uvc cannot bind to $(ls /sys/class/udc | tr '\n' ' ')- the kernel said:" \
            "$(dmesg | grep -E 'Unable to allocate|failed to start' | tail -n 2 | sed 's/^\[[ 0-9.]*\] //' | tr '\n' ';')"
    fi
fi

# --- The V4L2 path with a real UVC driver.
modprobe vhci-hcd
modprobe uvcvideo
plug
CAM=$(camera_node)
if [ -n "$CAM" ] && [ "$(basename "$(readlink "/sys/class/video4linux/${CAM#/dev/}/device/driver")")" = uvcvideo ]; then
    pass enumerated "$CAM, driver uvcvideo; $(dmesg | grep -o 'Found UVC.*' | tail -n 1)"
else
    fail enumerated "no uvcvideo node: $(cat /tmp/uvc-usbip.log; dmesg | tail -n 5 | tr '\n' ' ')"
    CAM=/dev/video0
fi

yolo-edge devices >/tmp/devices.txt 2>&1
if grep -q "^$CAM: UVC Test Camera.*driver uvcvideo" /tmp/devices.txt && grep -q '^  MJPG .*640x480@5-30' /tmp/devices.txt &&
    grep -q '^  YUYV .*640x480@5-30' /tmp/devices.txt; then
    pass devices "$(grep -A2 "^$CAM:" /tmp/devices.txt | tr '\n' ' ')"
else
    fail devices "$(head -n 8 /tmp/devices.txt | tr '\n' ' ')"
fi

capture mjpeg-30 --source "$CAM" --format mjpeg --fps 30 --frames 60 --timeout 30
check mjpeg-30 /tmp/mjpeg-30.json format=MJPG width=640 height=480 grantedFps=30 frames=60 drops=0 \
    shortFrames=0 corruptBuffers=0 reconnects=0 timeouts=0 &&
    { rate_between /tmp/mjpeg-30.json 24 33 && pass mjpeg-30-rate "measured $(field measuredFps /tmp/mjpeg-30.json) fps" ||
        fail mjpeg-30-rate "measured $(field measuredFps /tmp/mjpeg-30.json) fps for 30"; }

capture yuyv-15 --source "$CAM" --format yuyv --fps 15 --frames 30 --timeout 30
check yuyv-15 /tmp/yuyv-15.json format=YUYV width=640 height=480 bytesPerLine=1280 grantedFps=15 frames=30 \
    drops=0 shortFrames=0 corruptBuffers=0 reconnects=0 &&
    { rate_between /tmp/yuyv-15.json 12 16.5 && pass yuyv-15-rate "measured $(field measuredFps /tmp/yuyv-15.json) fps" ||
        fail yuyv-15-rate "measured $(field measuredFps /tmp/yuyv-15.json) fps for 15"; }

capture mjpeg-5 --source "$CAM" --format mjpeg --fps 5 --frames 5 --timeout 20
check mjpeg-5 /tmp/mjpeg-5.json format=MJPG grantedFps=5 frames=5

capture best-format --source "$CAM" --frames 10 --timeout 20
check best-format /tmp/best-format.json width=640 height=480 frames=10

capture nearest-size --source "$CAM" --size 1280x720 --frames 3 --timeout 20
check nearest-size /tmp/nearest-size.json width=640 height=480 frames=3

capture no-nv12 --source "$CAM" --format nv12 --frames 1 --timeout 3
if grep -q '"lastFault":"no usable format' /tmp/no-nv12.json; then
    pass no-nv12 "reported: $(field lastFault /tmp/no-nv12.json | cut -c1-70)..."
else
    fail no-nv12 "$(cat /tmp/no-nv12.json)"
fi

# The frame as the camera sent it reaches the detector: YUYV here, the daemon below takes its
# best format.
yolo-edge capture --source "$CAM" --format yuyv --frames 1 --timeout 60 --model $MODEL --json \
    >/tmp/yuyv-detect.json 2>/tmp/yuyv-detect.err
if label_seen /tmp/yuyv-detect.err bus && label_seen /tmp/yuyv-detect.err person; then
    pass yuyv-detect "$(grep -m1 'capture: frame' /tmp/yuyv-detect.err | cut -c1-150)"
else
    fail yuyv-detect "$(tail -n 3 /tmp/yuyv-detect.err | tr '\n' ' ')"
fi

daemon_detections daemon-v4l2 "$CAM"

# A real USB unplug while streaming (vhci_hcd detaches the device; uvcvideo unregisters the
# node), then the camera is plugged in again.
capture unplug --source "$CAM" --format mjpeg --fps 30 --frames 90 --timeout 60 &
capturing=$!
sleep 1.5
unplug
wait_for 5 camera_gone && gone=gone || gone=$(camera_node)
sleep 1
plug
wait $capturing
if [ "$gone" = gone ] && [ "$(field reconnects /tmp/unplug.json)" -ge 1 ] 2>/dev/null; then
    check unplug /tmp/unplug.json frames=90 format=MJPG width=640 height=480
else
    fail unplug "node after unplug: $gone; $(summary /tmp/unplug.json) $(tail -n 3 /tmp/unplug.err | tr '\n' ' ')"
fi
CAM=$(camera_node || echo "$CAM")

# --- udev: libcamera enumerates only devices udev has initialized, so udevd runs from here on
# (the checks above ran without it, as on a minimal system). It also makes the by-id names.
/lib/systemd/systemd-udevd --daemon 2>/tmp/udevd.log
udevadm trigger --action=add --subsystem-match=media --subsystem-match=video4linux --subsystem-match=usb
udevadm settle --timeout=30
BY_ID=$(ls /dev/v4l/by-id/*UVC_Test_Camera*-video-index0 2>/dev/null | head -n 1)
if [ -n "$BY_ID" ]; then
    capture by-id --source "$BY_ID" --format mjpeg --frames 10 --timeout 20
    check by-id /tmp/by-id.json format=MJPG frames=10 && yolo-edge devices | grep -q "alias $BY_ID" &&
        pass by-id-listed "devices shows alias $BY_ID" || fail by-id-listed "alias $BY_ID missing from devices"
else
    fail by-id "udev made no /dev/v4l/by-id link: $(ls -R /dev/v4l 2>&1 | tr '\n' ' ')"
fi

# --- libcamera: its UVC pipeline handler opens a camera through its media device. libcamera
# names a UVC camera after the firmware (ACPI or device tree) node of the USB host controller
# above it and leaves out cameras without one (UVCCameraData::generateId: "Can not find controller
# ID"): the camera on vhci_hcd, a platform device no firmware describes, is left out. So the
# libcamera checks use a second camera, the same one served by uvc-usbredir on the host through
# qemu's usb-redir, behind qemu's xHCI controller (PCI, described by the guest's ACPI tables).
cam -l >/tmp/cam-list-vhci.txt 2>&1
echo "INFO libcamera: the camera on vhci_hcd: $(grep -o 'ERROR.*' /tmp/cam-list-vhci.txt | sed 's/\x1b\[[0-9;]*m//g' | tr '\n' ';')"
modprobe xhci_pci
udevadm settle --timeout=30
# xhci_camera: the capture node of the camera behind qemu's xHCI.
xhci_camera() {
    for node in /sys/class/video4linux/video*; do
        [ "$(cat "$node/index" 2>/dev/null)" = 0 ] || continue
        case "$(cat "$node/name")" in "UVC xHCI Camera"*) echo "/dev/${node##*/}"; return 0 ;; esac
    done
    return 1
}
if wait_for 30 xhci_camera >/dev/null; then
    XHCI_CAM=$(xhci_camera)
    pass xhci-enumerated "$XHCI_CAM: $(dmesg | grep -o 'Found UVC.*xHCI.*' | tail -n 1); $(readlink -f /sys/class/video4linux/${XHCI_CAM#/dev/}/device | cut -c1-90)"
else
    fail xhci-enumerated "no UVC xHCI Camera: $(dmesg | grep -i 'xhci\|usb 2-' | tail -n 5 | tr '\n' ' ')"
fi
udevadm settle --timeout=30

if cam -l >/tmp/cam-list.txt 2>&1 && grep -q "UVC xHCI Camera" /tmp/cam-list.txt; then
    pass cam-list "$(grep 'UVC xHCI Camera' /tmp/cam-list.txt)"
else
    fail cam-list "$(tail -n 5 /tmp/cam-list.txt | tr '\n' ' ')"
    LIBCAMERA_LOG_LEVELS='*:DEBUG' cam -l 2>&1 | sed 's/\x1b\[[0-9;]*m//g' |
        grep -E 'DeviceEnum|UVC|Pipeline|Camera|media|Error|ERROR|WARN' | cut -c1-220 | head -n 40 | sed 's/^/INFO cam-list debug: /'
fi
timeout 60 cam -c 1 --capture=10 >/tmp/cam-capture.txt 2>&1
captured=$(grep -c 'seq:' /tmp/cam-capture.txt)
if [ "$captured" -ge 10 ]; then
    pass cam-capture "$captured frames: $(grep 'seq:' /tmp/cam-capture.txt | tail -n 1)"
else
    fail cam-capture "$captured frames: $(tail -n 5 /tmp/cam-capture.txt | tr '\n' ' ')"
fi
if timeout 60 gst-launch-1.0 -q libcamerasrc ! video/x-raw,width=640,height=480 ! identity eos-after=10 ! \
    fakesink >/tmp/gst-libcamerasrc.txt 2>&1; then
    pass gst-libcamerasrc "10 buffers through libcamerasrc ! video/x-raw,width=640,height=480"
else
    fail gst-libcamerasrc "$(tail -n 5 /tmp/gst-libcamerasrc.txt | tr '\n' ' ')"
fi

# yolo-edge's libcamera: source (GStreamer's libcamerasrc), when the binary has it.
if ! yolo-edge devices --help | grep -q libcamera; then
    for name in devices-libcamera libcamera-640x480 libcamera-listed-spec daemon-libcamera; do
        skip $name "this yolo-edge has no libcamera: source"
    done
else
    # "libcamera camera NAME" and "  --source 'libcamera:NAME' (…)"; libcamera names a
    # UVC camera CONTROLLER-PORTS:CONFIG.INTERFACE-VENDOR:PRODUCT (\_SB_.PCI0.S18_-1:1.0-1d6b:0104).
    yolo-edge devices >/tmp/devices-libcamera.txt 2>&1
    name=$(sed -n 's/^libcamera camera \(.*-1d6b:0104\)$/\1/p' /tmp/devices-libcamera.txt | head -n 1)
    spec=$(sed -n "s/^  --source '\(libcamera:.*-1d6b:0104\)' .*\$/\1/p" /tmp/devices-libcamera.txt | head -n 1)
    if [ -n "$name" ] && [ "$spec" = "libcamera:$name" ]; then
        pass devices-libcamera "$(grep -A1 '^libcamera camera' /tmp/devices-libcamera.txt | tr '\n' ' ')"
    else
        fail devices-libcamera "$(grep -v '^\[' /tmp/devices-libcamera.txt | tail -n 4 | tr '\n' ' ' | cut -c1-300)"
    fi

    capture libcamera-640x480 --source libcamera::640x480 --frames 30 --timeout 60
    check libcamera-640x480 /tmp/libcamera-640x480.json width=640 height=480 frames=30 shortFrames=0

    # The spec as printed, with the camera's own default size (its only one, 640x480).
    if [ -n "$spec" ]; then
        capture libcamera-listed-spec --source "$spec" --frames 10 --timeout 60
        check libcamera-listed-spec /tmp/libcamera-listed-spec.json width=640 height=480 frames=10
    else
        fail libcamera-listed-spec "devices printed no libcamera spec"
    fi

    daemon_detections daemon-libcamera libcamera::640x480
fi
unplug
