#!/usr/bin/env bash
# Installs the Debian packages yolo-edge builds and tests with. Idempotent:
# it only calls apt-get when something is missing. Needs root (or sudo).
set -euo pipefail

packages=(
    pkg-config
    libturbojpeg0-dev   # JPEG decoding (TurboJPEG API)
    libv4l-dev          # V4L2 cameras through libv4l2
    libsystemd-dev      # sd_notify, watchdog, socket activation
    libmosquitto-dev    # the MQTT bridge
    libgstreamer1.0-dev libgstreamer-plugins-base1.0-dev  # headers of the GStreamer source (loaded at run time)
    gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-bad gstreamer1.0-libav  # RTSP, decoders
    gstreamer1.0-libcamera  # libcamerasrc, whose pipelines the tests build
    gstreamer1.0-plugins-ugly gstreamer1.0-tools gir1.2-gst-rtsp-server-1.0 python3-gi  # the tests' RTSP server (x264enc)
    qemu-system-x86 libusbredirparser-dev cpio e2fsprogs kmod xz-utils  # the VM tests; the UVC camera's USB redirection
    mosquitto mosquitto-clients  # the broker the MQTT tests run, and an independent client
    prometheus          # promtool checks /metrics
    libjpeg-turbo-progs # djpeg/cjpeg: reference decoder in the tests
    gcc-aarch64-linux-gnu qemu-user-static  # ARM kernel variants, tested under qemu
    debootstrap         # the arm64 toolchain and the Debian roots of the package and VM tests
)

missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
        || missing+=("$package")
done
if ((${#missing[@]})); then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
fi
