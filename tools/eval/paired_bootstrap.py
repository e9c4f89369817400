#!/usr/bin/env python3
"""How far apart two detectors' mAP50-95 on the same images really are: a paired bootstrap.

Both detection files (`yolo-edge detect --json` lines, or tools/onnx/fp32_detections.py's) are
scored by pycocotools as tools/eval/coco_eval.py scores them, on the images as given and on
--rounds resamples of the images with replacement, the same resample for both. Prints one JSON
line: the difference B - A on the images as given, and the 2.5/50/97.5 percentiles of the
resampled differences. On 64 images an interval wider than the difference says the images
cannot tell the two apart (docs/quantization.md, "Images the calibration never saw").

Usage: paired_bootstrap.py --a A.jsonl --b B.jsonl --labels LABELS_DIR [--rounds 200] [--seed 0]
"""
import argparse
import contextlib
import json
import os
import sys

import numpy as np
from pycocotools.coco import COCO
from pycocotools.cocoeval import COCOeval

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from coco_eval import load_results, read_labels, read_records, to_coco_box  # noqa: E402


def mean_ap(records, labels_dir, picks):
    """mAP50-95 of the images at `picks` (indices into `records`, repeats allowed: each pick is
    its own image id)."""
    images, annotations, results, categories = [], [], [], set()
    for image_id, index in enumerate(picks, start=1):
        record = records[index]
        images.append({"id": image_id, "width": record["width"], "height": record["height"]})
        name = os.path.splitext(os.path.basename(record["image"]))[0]
        for class_id, *corners in read_labels(os.path.join(labels_dir, name + ".txt"), record["width"], record["height"]):
            box = to_coco_box(*corners)
            annotations.append({"id": len(annotations) + 1, "image_id": image_id, "category_id": class_id,
                                "bbox": box, "area": box[2] * box[3], "iscrowd": 0})
            categories.add(class_id)
        for class_id, score, corners in record["detections"]:
            results.append({"image_id": image_id, "category_id": class_id, "bbox": to_coco_box(*corners), "score": score})
            categories.add(class_id)
    with contextlib.redirect_stdout(sys.stderr):
        truth = COCO()
        truth.dataset = {"images": images, "annotations": annotations,
                         "categories": [{"id": c} for c in sorted(categories)]}
        truth.createIndex()
        evaluation = COCOeval(truth, load_results(truth, results), iouType="bbox")
        evaluation.evaluate()
        evaluation.accumulate()
        evaluation.summarize()
    return float(evaluation.stats[0])


def by_image(path):
    with open(path) as stream:
        records = read_records(stream, path)
    return {os.path.basename(r["image"]): r for r in records}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--a", required=True, help="detections of the reference (e.g. FP32)")
    parser.add_argument("--b", required=True, help="detections compared with it (e.g. INT8)")
    parser.add_argument("--labels", required=True, help="directory of YOLO label files")
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    arguments = parser.parse_args()
    a, b = by_image(arguments.a), by_image(arguments.b)
    if set(a) != set(b):
        sys.exit(f"paired_bootstrap.py: the two files cover different images ({len(a)} and {len(b)})")
    names = sorted(a)
    records_a, records_b = [a[n] for n in names], [b[n] for n in names]
    every = list(range(len(names)))
    difference = mean_ap(records_b, arguments.labels, every) - mean_ap(records_a, arguments.labels, every)
    random = np.random.default_rng(arguments.seed)
    resampled = []
    for _ in range(arguments.rounds):
        picks = random.integers(0, len(names), len(names)).tolist()
        resampled.append(mean_ap(records_b, arguments.labels, picks) - mean_ap(records_a, arguments.labels, picks))
    low, median, high = np.percentile(resampled, [2.5, 50, 97.5])
    print(json.dumps({"images": len(names), "rounds": arguments.rounds, "difference": difference,
                      "p2_5": float(low), "median": float(median), "p97_5": float(high)}))


if __name__ == "__main__":
    main()
