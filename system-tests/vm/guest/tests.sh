#!/bin/sh
# Capture checks against vivid, run inside the test guest. Prints one "PASS name: detail"
# or "FAIL name: detail" line per check; the host counts them.
DEVICE=/dev/video0

. /capture-lib.sh

# fault_during_capture NAME CONTROL: sets a vivid error-injection control while 150 frames stream.
fault_during_capture() {
    name=$1 control=$2
    capture "$name" --source $DEVICE --format yuyv --fps 25 --frames 150 --timeout 40 &
    sleep 2
    v4l2-ctl -d $DEVICE -c "$control=1" || fail "$name" "cannot set $control"
    wait $!
    if [ -z "$(recoveries /tmp/"$name".json)" ]; then
        fail "$name" "no recovery measured: $(summary /tmp/"$name".json)"
        return
    fi
    formats=$(list openedFormats /tmp/"$name".json)
    if [ "${formats%%,*}" != "${formats#*,}" ]; then
        fail "$name" "format not the same after reopening: $formats"
        return
    fi
    check "$name" /tmp/"$name".json frames=150 reconnects=1 format=YUYV width=640 height=480 shortFrames=0
}

modprobe vivid || fail modprobe "vivid did not load"
echo "kernel $(uname -r); $(ls /dev/video* | tr '\n' ' ')"

yolo-edge devices >/tmp/devices.txt 2>&1
if grep -q "^/dev/video0: vivid" /tmp/devices.txt && grep -q "^  YUYV" /tmp/devices.txt &&
    grep -q "^  NV12" /tmp/devices.txt; then
    pass devices "$(grep -c '^  ' /tmp/devices.txt) format lines, $(grep -c '^/dev' /tmp/devices.txt) capture nodes"
    head -n 3 /tmp/devices.txt | cut -c1-150 | sed 's/^/INFO devices: /'
else
    fail devices "$(head -n 5 /tmp/devices.txt | tr '\n' ' ')"
fi

capture_without_drops yuyv-640x480 --source $DEVICE --format yuyv --size 640x480 --fps 25 --frames 100
check yuyv-640x480 /tmp/yuyv-640x480.json format=YUYV width=640 height=480 bytesPerLine=1280 \
    grantedFps=25 frames=100 drops=0 shortFrames=0 reconnects=0 timeouts=0
rate_between /tmp/yuyv-640x480.json 22.5 27.5 && pass fps-25 "measured $(field measuredFps /tmp/yuyv-640x480.json)" ||
    fail fps-25 "measured $(field measuredFps /tmp/yuyv-640x480.json) fps for 25 requested"

capture_without_drops nv12-640x480 --source $DEVICE --format nv12 --size 640x480 --fps 25 --frames 100
check nv12-640x480 /tmp/nv12-640x480.json format=NV12 width=640 height=480 bytesPerLine=640 \
    grantedFps=25 frames=100 drops=0 shortFrames=0 reconnects=0

capture fps-10 --source $DEVICE --format yuyv --fps 10 --frames 20
check fps-10 /tmp/fps-10.json grantedFps=10 frames=20 &&
    { rate_between /tmp/fps-10.json 9 11 || fail fps-10-measured "measured $(field measuredFps /tmp/fps-10.json)"; }

capture nearest-size --source $DEVICE --size 1000x700 --frames 5
check nearest-size /tmp/nearest-size.json format=YUYV width=1280 height=720 frames=5

capture no-mjpeg --source $DEVICE --format mjpeg --frames 1 --timeout 3
if grep -q '"lastFault":"no usable format' /tmp/no-mjpeg.json; then
    pass no-mjpeg "reported: $(field lastFault /tmp/no-mjpeg.json | cut -c1-60)..."
else
    fail no-mjpeg "$(cat /tmp/no-mjpeg.json)"
fi

mkdir -p /dev/v4l/by-id
ln -sf ../../video0 /dev/v4l/by-id/platform-vivid-video-index0
capture by-id --source /dev/v4l/by-id/platform-vivid-video-index0 --frames 10
check by-id /tmp/by-id.json frames=10 && yolo-edge devices | grep -q "alias /dev/v4l/by-id/platform-vivid" &&
    pass by-id-listed "devices shows the by-id alias" || fail by-id-listed "alias missing from devices"

fault_during_capture disconnect disconnect
fault_during_capture streaming-error inject_fatal_streaming_error

capture buffer-error --source $DEVICE --fps 25 --frames 100 &
sleep 2
v4l2-ctl -d $DEVICE -c inject_v4l2_buf_flag_error=1
wait $!
check buffer-error /tmp/buffer-error.json frames=100 corruptBuffers=1 reconnects=0

# Every buffer dropped by the driver: no frame arrives, the wait times out, the device is reopened
# (and times out again) until frames flow again.
capture stall --source $DEVICE --fps 25 --frames 60 --timeout 40 &
sleep 2
v4l2-ctl -d $DEVICE -c percentage_of_dropped_buffers=100
sleep 3
v4l2-ctl -d $DEVICE -c percentage_of_dropped_buffers=0
wait $!
if [ "$(field timeouts /tmp/stall.json)" -ge 1 ] 2>/dev/null; then
    check stall /tmp/stall.json frames=60
else
    fail stall "no timeout seen: $(summary /tmp/stall.json)"
fi

v4l2-ctl -d $DEVICE -c inject_vidioc_streamon_error=1
capture streamon-error --source $DEVICE --frames 10
if [ "$(field openAttempts /tmp/streamon-error.json)" -ge 2 ] 2>/dev/null; then
    check streamon-error /tmp/streamon-error.json frames=10 reconnects=0
else
    fail streamon-error "open attempts $(field openAttempts /tmp/streamon-error.json), expected a retry"
fi

# A real unplug while streaming cannot be staged with vivid: an open node pins the module.
capture rmmod-busy --source $DEVICE --fps 25 --frames 100 --timeout 10 &
sleep 2
rmmod vivid 2>/dev/null && echo "INFO rmmod: vivid unloaded while streaming" ||
    echo "INFO rmmod: refused while the device is open (module in use); disconnect stands in for unplug"
wait $!

rmmod vivid
capture replug --source $DEVICE --frames 20 --timeout 40 &
sleep 2
modprobe vivid
loaded=$(cut -d' ' -f1 /proc/uptime)
wait $!
done_at=$(cut -d' ' -f1 /proc/uptime)
check replug /tmp/replug.json frames=20 reconnects=0 &&
    echo "INFO replug: missing at start, recovered [$(recoveries /tmp/replug.json)] ms after the first failed open;" \
        "20 frames done $(awk -v a="$loaded" -v b="$done_at" 'BEGIN { print b - a }') s after modprobe"

# CSI and ISP drivers use the multi-planar API; libv4l2's mplane plugin presents them as single-planar.
rmmod vivid && modprobe vivid multiplanar=2
capture mplane-nv12 --source $DEVICE --format nv12 --fps 25 --frames 50
check mplane-nv12 /tmp/mplane-nv12.json format=NV12 width=640 height=480 bytesPerLine=640 frames=50 shortFrames=0
