#!/bin/sh
# Checks the .deb: its contents, its dependencies (GStreamer only suggested, never linked),
# lintian, the systemd units (the template's sandbox the same as yolo-edge.service's, verify and
# the security exposure), and install / upgrade / purge in a clean Debian chroot of the
# package's architecture (bookworm for amd64, trixie for arm64: system-tests/vm/e2e/base-rootfs.sh).
#
# Usage: system-tests/packaging/check.sh [PACKAGE.deb]   (as root; builds the package if none given)
# Ends with "N passed, M failed" and fails if any check failed.
set -eu

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
MAX_EXPOSURE=2.0
WORK=$(mktemp -d)
chroot_dir="$WORK/chroot"
trap 'umount "$chroot_dir/proc" 2>/dev/null || true; rm -rf --one-file-system "$WORK"' EXIT
passed=0 failed=0

log() { echo "packaging: $*" >&2; }

# run NAME COMMAND...: one check, with its output indented below the verdict.
run() {
    name=$1
    shift
    if "$@" > "$WORK/output" 2>&1; then
        echo "PASS $name"
        passed=$((passed + 1))
    else
        echo "FAIL $name"
        failed=$((failed + 1))
    fi
    sed 's/^/    | /' "$WORK/output"
}

if ! command -v lintian >/dev/null 2>&1; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends lintian >/dev/null
fi
deb=${1:-$("$ROOT/packaging/build-deb.sh")}
dpkg-deb -x "$deb" "$WORK/tree"
dpkg-deb -e "$deb" "$WORK/control"

contents() {
    for path in usr/bin/yolo-edge lib/systemd/system/yolo-edge.service lib/systemd/system/yolo-edge.socket \
        lib/systemd/system/yolo-edge@.service lib/systemd/system/yolo-edge@.socket \
        usr/lib/sysusers.d/yolo-edge.conf etc/yolo-edge/config.toml usr/share/man/man1/yolo-edge.1.gz \
        usr/share/doc/yolo-edge/copyright usr/share/doc/yolo-edge/changelog.gz \
        usr/share/doc/yolo-edge/protocol.md usr/share/doc/yolo-edge/cameras.md usr/share/doc/yolo-edge/multiple-cameras.md \
        usr/share/doc/yolo-edge/examples/yolo_edge_client.py usr/share/doc/yolo-edge/examples/network.conf; do
        [ -f "$WORK/tree/$path" ] || { echo "missing /$path"; return 1; }
    done
    [ -d "$WORK/tree/var/lib/yolo-edge/models" ] || { echo "missing /var/lib/yolo-edge/models"; return 1; }
    [ -z "$(find "$WORK/tree/var/lib/yolo-edge/models" -type f)" ] || { echo "the package ships a model"; return 1; }
    grep -qx /etc/yolo-edge/config.toml "$WORK/control/conffiles" || { echo "config.toml is no conffile"; return 1; }
    owners=$(dpkg-deb -c "$deb" | awk '{ print $2 }' | sort -u)
    [ "$owners" = root/root ] || { echo "owners: $owners"; return 1; }
}

depends() {
    line=$(dpkg-deb -f "$deb" Depends)
    echo "Depends: $line"
    names=$(echo "$line" | tr ',|' '\n\n' | awk '{ print $1 }')
    # (libv4l-0 is libv4l-0t64 from trixie on.)
    for library in libc6 libgcc-s1 'libstdc\+\+6' libsystemd0 libturbojpeg0 'libv4l-0(t64)?'; do
        echo "$names" | grep -Eqx "$library" || { echo "no $library"; return 1; }
    done
}

# libmosquitto is loaded at run time, only with [mqtt]: recommended, not depended on.
mosquitto_recommended() {
    depends=$(dpkg-deb -f "$deb" Depends)
    ! echo "$depends" | grep -q mosquitto || { echo "Depends: $depends"; return 1; }
    recommends=$(dpkg-deb -f "$deb" Recommends)
    echo "Recommends: $recommends"
    echo "$recommends" | tr ',' '\n' | awk '{ print $1 }' | grep -qx libmosquitto1 || { echo "no libmosquitto1"; return 1; }
}

# GStreamer is optional: the binary loads it with dlopen only for a GStreamer source, so a
# V4L2-only install needs none of it. No GStreamer or GLib package in Depends or Recommends
# (apt installs both by default); the runtime packages each source needs in Suggests.
gstreamer_optional() {
    for field in Depends Pre-Depends Recommends; do
        line=$(dpkg-deb -f "$deb" "$field")
        if echo "$line" | grep -Eq 'gstreamer|libglib|libgobject|libgio|libcamera|glib-networking'; then
            echo "$field: $line"
            return 1
        fi
    done
    line=$(dpkg-deb -f "$deb" Suggests)
    echo "Suggests: $line"
    names=$(echo "$line" | tr ',|' '\n\n' | awk '{ print $1 }')
    for package in libgstreamer1.0-0 libgstreamer-plugins-base1.0-0 gstreamer1.0-plugins-base \
        gstreamer1.0-plugins-good gstreamer1.0-libav gstreamer1.0-plugins-bad gstreamer1.0-libcamera; do
        echo "$names" | grep -qxF "$package" || { echo "Suggests has no $package"; return 1; }
    done
}

# ... and the binary does not link it: no NEEDED entry for GStreamer or the GLib it sits on, nor
# for libmosquitto and the libssl and libcrypto it brings (loaded with [mqtt] only).
no_run_time_libraries_linked() {
    needed=$(readelf -d "$WORK/tree/usr/bin/yolo-edge" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
    echo "NEEDED:" $needed
    [ -n "$needed" ] || { echo "readelf found no NEEDED entry"; return 1; }
    linked=$(echo "$needed" | grep -E '^lib(gst|glib|gobject|gio|gmodule|camera|mosquitto|ssl|crypto)' || true)
    [ -z "$linked" ] || { echo "linked: $linked"; return 1; }
}

# yolo-edge defines std::ios_base::Init empty (Sources/NoCxxStandardStreams), so no code in it
# may use a C++ standard stream: it would write through an object never constructed.
no_standard_streams() {
    imports=$(nm -D --undefined-only "$WORK/tree/usr/bin/yolo-edge" | awk '{ print $2 }')
    if echo "$imports" | grep -q '^_ZNSt8ios_base4Init'; then
        echo "the binary takes std::ios_base::Init from libstdc++"
        return 1
    fi
    streams=$(echo "$imports" | grep -E '^_ZSt[0-9]w?(cin|cout|cerr|clog)(@|$)' || true)
    [ -z "$streams" ] || { echo "standard streams referenced: $streams"; return 1; }
    echo "no standard stream referenced"
}

lint() {
    lintian --info --display-experimental --fail-on error,warning "$deb"
}

# verify loads the installed units as systemd would, with the binaries they run. (The chroot
# has no man-db; lintian checks the man page.)
verify_units() {
    in_chroot systemd-analyze verify --man=no yolo-edge.service yolo-edge.socket \
        yolo-edge@check.service yolo-edge@check.socket > "$WORK/verify" 2>&1
    status=$?
    cat "$WORK/verify"
    [ "$status" -eq 0 ] && [ ! -s "$WORK/verify" ]
}

exposure() {
    exposure_of "$WORK/tree/lib/systemd/system/yolo-edge.service"
}

# An instance of the template (one per camera), alone and with the network drop-in that its
# RTSP sources need (docs/multiple-cameras.md). The copy is named as an instance, so %i resolves.
exposure_template() {
    mkdir -p "$WORK/template"
    cp "$WORK/tree/lib/systemd/system/yolo-edge@.service" "$WORK/template/yolo-edge@check.service"
    exposure_of "$WORK/template/yolo-edge@check.service"
}

exposure_template_with_network() {
    mkdir -p "$WORK/template-with-network"
    cat "$WORK/tree/lib/systemd/system/yolo-edge@.service" "$WORK/tree/usr/share/doc/yolo-edge/examples/network.conf" \
        > "$WORK/template-with-network/yolo-edge@check.service"
    exposure_of "$WORK/template-with-network/yolo-edge@check.service"
}

# section FILE NAME: the lines of [NAME] in a unit file.
section() { sed -n "/^\[$2\]\$/,/^\[/p" "$1" | sed '1d;/^\[/d'; }

# systemd has no includes, so the template repeats yolo-edge.service's [Service] section; it
# must stay the same, line for line (comments too), but for ExecStart=. Likewise its socket is
# yolo-edge.socket's but for ListenStream=. And each instance has its own config and socket.
template_matches() {
    units="$WORK/tree/lib/systemd/system"
    section "$units/yolo-edge.service" Service | grep -v '^ExecStart=' > "$WORK/service.plain"
    section "$units/yolo-edge@.service" Service | grep -v '^ExecStart=' > "$WORK/service.template"
    diff -u "$WORK/service.plain" "$WORK/service.template" || { echo "the [Service] sections differ"; return 1; }
    section "$units/yolo-edge.service" Install > "$WORK/install.plain"
    section "$units/yolo-edge@.service" Install > "$WORK/install.template"
    diff -u "$WORK/install.plain" "$WORK/install.template" || { echo "the [Install] sections differ"; return 1; }
    exec_start=$(grep '^ExecStart=' "$units/yolo-edge@.service")
    echo "$exec_start"
    [ "$exec_start" = 'ExecStart=/usr/bin/yolo-edge run --config /etc/yolo-edge/%i.toml --socket /run/yolo-edge/%i.sock' ] || return 1
    section "$units/yolo-edge.socket" Socket | grep -v '^ListenStream=' > "$WORK/socket.plain"
    section "$units/yolo-edge@.socket" Socket | grep -v '^ListenStream=' > "$WORK/socket.template"
    diff -u "$WORK/socket.plain" "$WORK/socket.template" || { echo "the [Socket] sections differ"; return 1; }
    listen=$(grep '^ListenStream=' "$units/yolo-edge@.socket")
    echo "$listen"
    [ "$listen" = 'ListenStream=/run/yolo-edge/%i.sock' ]
}

# The unit with the network drop-in the MQTT and HTTP bridges need (docs/mqtt.md): the drop-in
# appended to a copy of the unit, as systemd merges it.
exposure_with_network() {
    mkdir -p "$WORK/with-network"
    cat "$WORK/tree/lib/systemd/system/yolo-edge.service" "$WORK/tree/usr/share/doc/yolo-edge/examples/network.conf" \
        > "$WORK/with-network/yolo-edge.service"
    exposure_of "$WORK/with-network/yolo-edge.service"
}

exposure_of() {
    systemd-analyze security --offline=true --no-pager "$1" > "$WORK/security"
    score=$(sed -n "s/.*Overall exposure level for $(basename "$1"): \([0-9.]*\).*/\1/p" "$WORK/security")
    echo "exposure $score (at most $MAX_EXPOSURE)"
    grep '✗' "$WORK/security" || true
    awk -v s="$score" -v max="$MAX_EXPOSURE" 'BEGIN { exit !(s != "" && s <= max) }'
}

# The same package with a higher version, as an upgrade would bring.
next_version_of() {
    dpkg-deb -R "$1" "$WORK/next"
    sed -i 's/^Version: .*/&+upgradetest/' "$WORK/next/DEBIAN/control"
    dpkg-deb --root-owner-group -b "$WORK/next" "$WORK/next.deb" >/dev/null
    echo "$WORK/next.deb"
}

in_chroot() { chroot "$chroot_dir" "$@"; }

install_fresh() {
    in_chroot dpkg -i /tmp/package.deb || return 1
    in_chroot dpkg-query -W -f='${Status}\n' yolo-edge | grep -qx 'install ok installed' || return 1
    # The binary runs on a plain Debian with only the packaged Depends: no Swift runtime.
    in_chroot yolo-edge --version || return 1
    in_chroot id -nG yolo-edge | grep -qw video || { echo "yolo-edge not in group video"; return 1; }
    [ "$(stat -c %U "$chroot_dir/var/lib/yolo-edge/models")" = root ] || return 1
    # The admin edits the config and enables the units, as the README says.
    echo "# local change" >> "$chroot_dir/etc/yolo-edge/config.toml"
    in_chroot systemctl enable yolo-edge.service yolo-edge.socket
    # ... and one instance of the template per camera (docs/multiple-cameras.md).
    in_chroot systemctl enable yolo-edge@cam1.service yolo-edge@cam1.socket
}

upgrade() {
    in_chroot dpkg -i /tmp/next.deb || return 1
    version=$(in_chroot dpkg-query -W -f='${Version}' yolo-edge)
    echo "upgraded to $version"
    case "$version" in *+upgradetest) ;; *) return 1 ;; esac
    tail -n 1 "$chroot_dir/etc/yolo-edge/config.toml" | grep -qx '# local change' || { echo "local config change lost"; return 1; }
    [ -z "$(find "$chroot_dir/etc/yolo-edge" -name '*.dpkg-*')" ] || { echo "conffile prompt leftovers"; return 1; }
    for link in multi-user.target.wants/yolo-edge.service multi-user.target.wants/yolo-edge@cam1.service \
        sockets.target.wants/yolo-edge@cam1.socket; do
        [ -L "$chroot_dir/etc/systemd/system/$link" ] || { echo "enablement lost: $link"; return 1; }
    done
}

purge() {
    in_chroot dpkg --purge yolo-edge || return 1
    for path in /usr/bin/yolo-edge /etc/yolo-edge /var/lib/yolo-edge /lib/systemd/system/yolo-edge.service \
        /lib/systemd/system/yolo-edge@.service; do
        [ ! -e "$chroot_dir$path" ] || { echo "$path left after purge"; return 1; }
    done
    links=$(find "$chroot_dir/etc/systemd/system" -name 'yolo-edge*')
    [ -z "$links" ] || { echo "unit links left after purge: $links"; return 1; }
    ! in_chroot dpkg-query -W yolo-edge 2>/dev/null | grep -q .
}

run contents contents
run depends depends
run gstreamer-optional gstreamer_optional
run mosquitto-recommended mosquitto_recommended
run no-run-time-libraries-linked no_run_time_libraries_linked
run template-matches-service template_matches
run no-standard-streams no_standard_streams
run lintian lint
run security-exposure exposure
run security-exposure-with-network exposure_with_network
run security-exposure-template exposure_template
run security-exposure-template-with-network exposure_template_with_network

# A root of the package's own architecture (an arm64 one runs under qemu-user).
arch=$(dpkg-deb -f "$deb" Architecture)
[ "$arch" = "$(dpkg --print-architecture)" ] || "$ROOT/tools/$arch-binfmt.sh"
mkdir -p "$chroot_dir"
tar -C "$chroot_dir" -xf "$("$ROOT/system-tests/vm/e2e/base-rootfs.sh" "$arch")"
# The Swift runtime needs /proc, as on any running system.
mount -t proc proc "$chroot_dir/proc"
cp "$deb" "$chroot_dir/tmp/package.deb"
cp "$(next_version_of "$deb")" "$chroot_dir/tmp/next.deb"
run install install_fresh
run units-verify verify_units
run upgrade upgrade
run purge purge

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
