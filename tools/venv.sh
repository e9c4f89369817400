#!/usr/bin/env bash
# Creates or updates the reference-check virtualenv `.venv` in the repository root from
# tools/requirements.txt, then prints the venv's python path (the only thing on stdout).
#
#   python="$(tools/venv.sh)"        # e.g. export YOLO_EDGE_PYTHON="$(tools/venv.sh)"
#
# Idempotent: pip runs only when the venv is new or requirements.txt changed since the
# last successful install (a checksum stamp inside the venv records that).
# PYTHON selects the interpreter that creates the venv (default: python3).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$repo/.venv"
requirements="$repo/tools/requirements.txt"
stamp="$venv/.requirements.sha256"
base_python="${PYTHON:-python3}"

# Test runs in parallel may call this at once: one at a time builds, the others then find
# it done. The lock is held on this script itself, so no lock file is left behind.
exec 9<"${BASH_SOURCE[0]}"
flock 9

# A venv whose interpreter vanished (e.g. the base Python was removed) is rebuilt.
if ! "$venv/bin/python" -c '' 2>/dev/null; then
    if ! "$base_python" -m venv --clear "$venv" >&2; then
        echo "venv.sh: '$base_python -m venv' failed; on Debian install python3-venv" \
             "(apt-get install -y python3-venv) or set PYTHON to another interpreter" >&2
        exit 1
    fi
fi

wanted="$(sha256sum "$requirements" | cut -d' ' -f1)"
if [[ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]]; then
    "$venv/bin/python" -m pip install --disable-pip-version-check --quiet \
        --requirement "$requirements" >&2
    echo "$wanted" > "$stamp"
fi

echo "$venv/bin/python"
