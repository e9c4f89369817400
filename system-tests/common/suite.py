"""What every Python system test suite shares: `check`, a context that stops whatever a test
started, and the runner (one PASS/FAIL/SKIP line per test, the figures measured as JSON, a
last line with the counts; a missing prerequisite fails under CI=true and skips elsewhere)."""

import argparse
import json
import os
import tempfile
import time
import traceback


class Skip(Exception):
    """A test's prerequisite is missing."""


def check(condition, message):
    if not condition:
        raise AssertionError(message)


class SuiteContext:
    """A suite's working directory, figures, and every server and daemon its tests start (each
    has `stop()`), stopped after each test whatever happened."""

    def __init__(self, directory):
        self.directory = directory
        self.figures = {}
        self.count = 0
        self.started = []

    def workdir(self, name):
        self.count += 1
        path = os.path.join(self.directory, f"{self.count:02d}-{name}")
        os.makedirs(path)
        return path

    def stop_everything(self):
        while self.started:
            try:
                self.started.pop().stop()
            except Exception:
                traceback.print_exc()


def run_suite(name, description, tests, make_context, prerequisites=lambda args: None):
    """Parses `BINARY MODEL IMAGES [--only NAME] [--summary FILE]`, runs `tests` (functions of
    the context `make_context(binary, model, images, directory)` returns) and returns the exit
    status. `prerequisites(args)` names what is missing, or None."""
    parser = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("binary")
    parser.add_argument("model")
    parser.add_argument("images")
    parser.add_argument("--only", help="run only the tests whose name contains this")
    parser.add_argument("--summary", help="write the figures measured as JSON here")
    args = parser.parse_args()
    ci = os.environ.get("CI") == "true"
    missing = prerequisites(args)
    passed, failed, skipped = [], [], []
    began = time.monotonic()
    with tempfile.TemporaryDirectory(prefix=f"yolo-edge-{name.split('/')[0]}-") as directory:
        ctx = make_context(os.path.abspath(args.binary), os.path.abspath(args.model), os.path.abspath(args.images),
                           directory)
        for test in tests:
            if args.only and args.only not in test.__name__:
                continue
            started = time.monotonic()
            try:
                if missing:
                    raise Skip(missing)
                test(ctx)
                passed.append(test.__name__)
                print(f"PASS {test.__name__} ({time.monotonic() - started:.1f} s)", flush=True)
            except Skip as reason:
                if ci:
                    failed.append(test.__name__)
                    print(f"FAIL {test.__name__}: prerequisite missing under CI=true: {reason}", flush=True)
                else:
                    skipped.append(test.__name__)
                    print(f"SKIP {test.__name__}: {reason}", flush=True)
            except Exception:
                failed.append(test.__name__)
                print(f"FAIL {test.__name__} ({time.monotonic() - started:.1f} s)\n{traceback.format_exc()}", flush=True)
            finally:
                ctx.stop_everything()
        print(json.dumps(ctx.figures, indent=2))
        if args.summary:
            with open(args.summary, "w") as f:
                json.dump(ctx.figures, f, indent=2)
    print(f"{name} system tests: {len(passed)} passed, {len(failed)} failed, {len(skipped)} skipped in "
          f"{time.monotonic() - began:.0f} s" + (f"; failed: {', '.join(failed)}" if failed else ""))
    return 1 if failed else 0
