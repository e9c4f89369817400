"""What the Python benchmarks that run the daemon share: their command line (BINARY MODEL
IMAGES --rounds --seconds) and the CPU's name, which goes beside every figure."""

import argparse
import subprocess


def parser(description, seconds):
    """The benchmarks' common arguments; add a benchmark's own before `parse_args()`."""
    result = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    result.add_argument("binary")
    result.add_argument("model")
    result.add_argument("images")
    result.add_argument("--rounds", type=int, default=3)
    result.add_argument("--seconds", type=float, default=seconds)
    return result


def cpu_name():
    """The model name `lscpu` gives, e.g. "Intel(R) Xeon(R) Processor"."""
    output = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
    return next((line.split(":", 1)[1].strip() for line in output.splitlines() if line.startswith("Model name")),
                "unknown")
