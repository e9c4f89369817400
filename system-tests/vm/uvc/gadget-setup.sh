#!/bin/sh
# Makes a UVC gadget with configfs (Documentation/usb/gadget_uvc.rst) and binds it to UDC
# ($1, default: the first one, dummy_udc.0 when dummy_hcd is loaded): two formats at 640x480,
# MJPEG (format 1) and uncompressed YUYV (format 2), each at 30 and 15 fps. uvc-gadget answers
# its requests once it opens the gadget's video node (only then does the gadget connect).
# Env: GADGET=name (default uvc), MAXPACKET=bytes (streaming_maxpacket, default 1024),
#      INTERVAL=n (streaming_interval, default 1)
set -eu
W=640 H=480
grep -q ' /sys/kernel/config ' /proc/mounts || mount -t configfs none /sys/kernel/config
G=/sys/kernel/config/usb_gadget/${GADGET:-uvc}
mkdir -p $G
echo 0x1d6b > $G/idVendor
echo 0x0104 > $G/idProduct
mkdir -p $G/strings/0x409
echo yolo-edge-tests > $G/strings/0x409/manufacturer
echo "UVC Gadget Camera" > $G/strings/0x409/product
echo 0001 > $G/strings/0x409/serialnumber
mkdir -p $G/configs/c.1/strings/0x409
echo UVC > $G/configs/c.1/strings/0x409/configuration

F=$G/functions/uvc.0
mkdir -p $F
frame() { # DIR MAX_FRAME_BYTES
    mkdir -p "$1"
    echo $W > "$1/wWidth"
    echo $H > "$1/wHeight"
    echo "$2" > "$1/dwMaxVideoFrameBufferSize"
    printf '333333\n666666\n' > "$1/dwFrameInterval"
    echo 333333 > "$1/dwDefaultFrameInterval"
}
frame $F/streaming/mjpeg/m/480p $((W * H * 2))
frame $F/streaming/uncompressed/u/480p $((W * H * 2))
mkdir -p $F/streaming/header/h
ln -s $F/streaming/mjpeg/m $F/streaming/header/h/m
ln -s $F/streaming/uncompressed/u $F/streaming/header/h/u
for speed in fs hs ss; do
    ln -s $F/streaming/header/h $F/streaming/class/$speed/h
done
mkdir -p $F/control/header/h
for speed in fs ss; do
    ln -s $F/control/header/h $F/control/class/$speed/h
done
echo "${MAXPACKET:-1024}" > $F/streaming_maxpacket
echo "${INTERVAL:-1}" > $F/streaming_interval
ln -s $F $G/configs/c.1/uvc.0
udc=${1:-$(ls /sys/class/udc | head -n 1)}
echo "$udc" > $G/UDC
echo "gadget-setup: UVC gadget bound to $udc; attributes: $(ls $F | tr '\n' ' ')"
