#!/bin/sh
# Lets this x86-64 machine execute arm64 programs by name, as the arm64 tests need: chroot into
# an arm64 Debian (debootstrap's second stage, dpkg in the package checks, the arm64 detect
# check). Registers qemu-aarch64-static with the kernel's binfmt_misc, using the rule Debian's
# qemu-user-static ships (flag F: the interpreter is opened now, so it also works inside a
# chroot that does not contain it). Idempotent; needs root. A machine that boots with systemd
# does this at boot (systemd-binfmt); CI machines may not, hence this script.
set -eu

rule=/usr/lib/binfmt.d/qemu-aarch64.conf
binfmt=/proc/sys/fs/binfmt_misc

if [ ! -f "$rule" ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends qemu-user-static >/dev/null
fi
[ -f "$binfmt/register" ] || mount -t binfmt_misc binfmt_misc "$binfmt"
[ -f "$binfmt/qemu-aarch64" ] || cat "$rule" > "$binfmt/register"
grep -qx enabled "$binfmt/qemu-aarch64" || { echo "arm64-binfmt: qemu-aarch64 is registered but disabled" >&2; exit 1; }
