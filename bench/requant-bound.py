#!/usr/bin/env python3
"""The share of the VNNI peak that yolo-edge's convolutions can reach at most on an AVX-512 VNNI
core, given their shapes, read from `yolo-edge bench --profile` on stdin.

The model (docs/measurements.md, "The model's convolutions at 640, 1 thread"): each 16 outputs
cost K / 4 VPDPBUSD zmm (K = Cin x kh x kw products per output) and about 18 more vector
instructions (14 for TFLite's exact requantization, 4 to narrow, look up the fused activation
and store), all on the two ports that issue VPDPBUSD zmm. A shape can therefore reach at most
(K / 4) / (K / 4 + 18) of the peak. The stem stages its 3 channels as 4 (36 products computed
for 27 counted); a convolution with one output channel computes a block of 16.

That every one of the 18 takes a VPDPBUSD slot holds on the Intel core measured there. Where it
does not (on AMD Zen 4 most of them issue beside the dot products), `--finish SLOTS` gives what
they cost on the core at hand, as bench/vnni-overlap.sh measures it; that is a lower bound on
their cost, so the bound it gives is an upper one.

Prints each shape's bound beside its measured share, then the whole model's: its MACs over the
time all shapes would take at their bounds.

Usage: yolo-edge bench --model M --threads 1 --runs 100 --profile --peak-gmacs P | bench/requant-bound.py [--finish SLOTS]
"""
import argparse
import re
import sys

FINISH_INSTRUCTIONS = 18  # per 16 outputs: 14 requantization, 4 narrow, table and store
SHAPE = re.compile(r"^\s+\d+x\d+ (\d+)→(\d+) (\d+)x(\d+)/\d+\s+\d+\s+([\d.]+)\s+([\d.]+)\s+[\d.]+\s+([\d.]+)%")
PEAK = re.compile(r"of the peak ([\d.]+) GMAC/s")


def bound(inputs: int, outputs: int, taps: int, finish: float) -> float:
    computed = (4 if inputs == 3 else inputs) * taps
    counted = inputs * taps
    useful = counted / computed / (16 if outputs == 1 else 1)
    return (computed / 4) / (computed / 4 + finish) * useful


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--finish", type=float, default=FINISH_INSTRUCTIONS,
                        help="VPDPBUSD slots that finishing 16 outputs costs (default: %(default)s)")
    finish = parser.parse_args().finish
    shapes, peak = [], None
    for line in sys.stdin:
        if match := SHAPE.match(line):
            inputs, outputs, height, width, mmac, ms, share = match.groups()
            shapes.append((" ".join(line.split()[:3]), bound(int(inputs), int(outputs), int(height) * int(width), finish),
                           float(mmac), float(ms), float(share) / 100))
        elif match := PEAK.search(line):
            peak = float(match[1])
    if not shapes or peak is None:
        raise SystemExit("no convolution shapes on stdin: pipe `yolo-edge bench --profile --peak-gmacs P` in")
    print(f"{'shape':<28} {'bound':>6} {'measured':>9}")
    for name, limit, _, _, share in shapes:
        print(f"{name:<28} {limit:6.1%} {share:9.1%}")
    macs = sum(mmac for _, _, mmac, _, _ in shapes)
    at_bounds = sum(mmac / limit for _, limit, mmac, _, _ in shapes)
    measured = sum(ms for _, _, _, ms, _ in shapes)
    print(f"whole model: bound {macs / at_bounds:.1%} of the peak {peak} GMAC/s "
          f"({at_bounds / peak:.2f} ms at the bounds); measured {macs / measured / peak:.1%} ({measured:.2f} ms)")


if __name__ == "__main__":
    main()
