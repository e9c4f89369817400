#!/bin/sh
# Runs the enabled e2e checks inside the guest, prints one PASS/FAIL line per check and a
# summary on the serial console, then powers the guest off.
set -u
. /usr/local/lib/yolo-edge-e2e/lib.sh

# Settings run-e2e.sh writes for the guest's architecture: BOOT_CHAIN.
. "$E2E_LIB/settings"

echo "E2E START at $(cut -d' ' -f1 /proc/uptime) s after boot"
# What the boot waited for, to keep an eye on the boot time under TCG.
if [ "$BOOT_CHAIN" = yes ]; then
    systemd-analyze critical-chain --no-pager yolo-edge-e2e.service 2>/dev/null | tail -n +3 | sed 's/^/BOOT /'
fi
defined=$(sed -n 's/^check_\([a-z0-9_]*\)() {.*/\1/p' "$E2E_LIB"/checks-*.sh)
enabled=$(sed 's/#.*//' "$E2E_LIB/enabled-checks")
passed=0 failed=0

for name in $enabled; do
    if ! echo "$defined" | grep -qx "$name"; then
        echo "FAIL $name: no such check"
        failed=$((failed + 1))
        continue
    fi
    started=$(date +%s)
    # Each check in its own shell and with a time limit, so one cannot take the others down.
    if timeout 300 sh -c '. "$0/lib.sh"; for f in "$0"/checks-*.sh; do . "$f"; done; "check_$1"' \
        "$E2E_LIB" "$name" > /tmp/e2e-check.log 2>&1; then
        echo "PASS $name ($(($(date +%s) - started)) s)"
        grep '^INFO ' /tmp/e2e-check.log
        passed=$((passed + 1))
    else
        echo "FAIL $name ($(($(date +%s) - started)) s)"
        sed 's/^/    | /' /tmp/e2e-check.log | tail -n 20
        failed=$((failed + 1))
    fi
done

disabled=$(echo "$defined" | grep -vxF "$(echo $enabled | tr ' ' '\n')" | xargs)
[ -z "$disabled" ] || echo "DISABLED $disabled"
if [ "$failed" -gt 0 ]; then
    journalctl -b -q --no-pager -u yolo-edge.service -u yolo-edge.socket | tail -n 40 | sed 's/^/LOG /'
fi
echo "E2E END at $(cut -d' ' -f1 /proc/uptime) s after boot"
echo "E2E DONE $passed passed, $failed failed"
# The disk is a throwaway snapshot: no need to stop every unit cleanly first.
systemctl --force poweroff
