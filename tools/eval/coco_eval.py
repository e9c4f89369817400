#!/usr/bin/env python3
"""Reference COCO bbox evaluation (pycocotools) of `yolo-edge detect --json` output.

Usage:
    python tools/eval/coco_eval.py --detections DETECTIONS.jsonl --labels LABELS_DIR [--per-class]
    yolo-edge detect ... --json IMAGES... | python tools/eval/coco_eval.py --labels LABELS_DIR

Use the python of the project venv: `"$(tools/venv.sh)" tools/eval/coco_eval.py ...`.

DETECTIONS.jsonl ("-" or omitted: standard input) holds one JSON object per line, as
`yolo-edge detect --json` prints them:
    {"image":PATH,"width":W,"height":H,
     "detections":[{"class_id":I,"label":S,"score":F,"box":[x1,y1,x2,y2]}],"timing_ms":{...}}
Boxes are in source-image pixels. Every line is one evaluated image.

LABELS_DIR holds YOLO label files: for image `.../NAME.EXT` the file `LABELS_DIR/NAME.txt`, one
object per line `class cx cy w h` normalized to 0..1. An image without a label file is an
image without ground truth (as in Ultralytics).

Both sides are converted to COCO dicts: image ids follow the sorted image file names (1-based),
label boxes become pixels as x1 = (cx - w/2) * W, x2 = (cx + w/2) * W (same for y), and every
box becomes [x1, y1, x2 - x1, y2 - y1]; ground-truth area is that width * height, iscrowd 0.
The Swift evaluator (Sources/Evaluation) follows exactly these conversions, so both see the
same doubles. pycocotools' COCOeval (iouType bbox) then runs with its default parameters.

Prints one JSON line: {"images":N,"map50_95":F,"map50":F} (stats[0] and stats[1]; -1 when no
category has ground truth), plus "per_class":{"ID":{"ap50_95":F,"ap50":F}} with --per-class.
pycocotools' progress messages go to standard error.
"""

import argparse
import contextlib
import json
import math
import os
import sys

import numpy as np
from pycocotools.coco import COCO
from pycocotools.cocoeval import COCOeval


class InputError(Exception):
    """Bad detections or label input; the message names the file and line."""


def as_integer(value):
    if type(value) is not int:
        raise TypeError(f"{value!r} is not an integer")
    return value


def as_number(value):
    if type(value) not in (int, float):
        raise TypeError(f"{value!r} is not a number")
    return float(value)


def as_text(value):
    if type(value) is not str:
        raise TypeError(f"{value!r} is not a string")
    return value


def read_records(stream, source):
    records = []
    for number, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            image = as_text(record["image"])
            width, height = as_integer(record["width"]), as_integer(record["height"])
            detections = [
                (as_integer(d["class_id"]), as_number(d["score"]),
                 [as_number(v) for v in d["box"]])
                for d in record["detections"]
            ]
        except KeyError as error:
            raise InputError(f"{source}:{number}: missing field {error}") from error
        except (ValueError, TypeError) as error:
            raise InputError(f"{source}:{number}: not a detection record: {error}") from error
        if width <= 0 or height <= 0:
            raise InputError(f"{source}:{number}: image size {width}x{height} is not positive")
        for class_id, score, box in detections:
            if len(box) != 4 or not all(math.isfinite(v) for v in [score, *box]) or class_id < 0:
                raise InputError(f"{source}:{number}: bad detection {class_id} {score} {box}")
        records.append({"image": image, "width": width, "height": height, "detections": detections})
    return records


def read_labels(path, width, height):
    """Ground-truth boxes [class, x1, y1, x2, y2] in pixels; [] when the label file is absent."""
    if not os.path.exists(path):
        return []
    boxes = []
    with open(path) as file:
        for number, line in enumerate(file, start=1):
            fields = line.split()
            if not fields:
                continue
            try:
                if len(fields) != 5:
                    raise ValueError(f"expected 5 fields, found {len(fields)}")
                class_id = int(fields[0])
                cx, cy, w, h = (float(v) for v in fields[1:])
                if class_id < 0 or not all(0.0 <= v <= 1.0 for v in (cx, cy, w, h)):
                    raise ValueError("class must be >= 0 and coordinates within 0...1")
            except ValueError as error:
                raise InputError(f"{path}:{number}: {error}") from error
            boxes.append([class_id, (cx - w / 2) * width, (cy - h / 2) * height,
                          (cx + w / 2) * width, (cy + h / 2) * height])
    return boxes


def to_coco_box(x1, y1, x2, y2):
    return [x1, y1, x2 - x1, y2 - y1]


def build_coco(records, labels_dir):
    """Ground-truth COCO object and the detection result list, image ids by sorted file name."""
    by_name = {}
    for record in records:
        name = os.path.basename(record["image"])
        if name in by_name:
            raise InputError(f"image file name {name} appears more than once")
        by_name[name] = record

    images, annotations, results, categories = [], [], [], set()
    for image_id, name in enumerate(sorted(by_name), start=1):
        record = by_name[name]
        images.append({"id": image_id, "file_name": name,
                       "width": record["width"], "height": record["height"]})
        label_path = os.path.join(labels_dir, os.path.splitext(name)[0] + ".txt")
        for class_id, *corners in read_labels(label_path, record["width"], record["height"]):
            box = to_coco_box(*corners)
            # Annotation ids start at 1: COCOeval treats a match with id 0 as no match.
            annotations.append({"id": len(annotations) + 1, "image_id": image_id,
                                "category_id": class_id, "bbox": box,
                                "area": box[2] * box[3], "iscrowd": 0})
            categories.add(class_id)
        for class_id, score, corners in record["detections"]:
            results.append({"image_id": image_id, "category_id": class_id,
                            "bbox": to_coco_box(*corners), "score": score})
            categories.add(class_id)

    ground_truth = COCO()
    ground_truth.dataset = {"images": images, "annotations": annotations,
                            "categories": [{"id": c, "name": str(c)} for c in sorted(categories)]}
    ground_truth.createIndex()
    return ground_truth, results


def load_results(ground_truth, results):
    # loadRes cannot take an empty list; an empty result set is built the same way by hand.
    if results:
        return ground_truth.loadRes(results)
    empty = COCO()
    empty.dataset = {"images": list(ground_truth.dataset["images"]), "annotations": [],
                     "categories": list(ground_truth.dataset["categories"])}
    empty.createIndex()
    return empty


def per_class_ap(evaluation):
    # precision is [IoU threshold, recall point, category, area range, max detections].
    precision = evaluation.eval["precision"][:, :, :, 0, -1]
    table = {}
    for k, class_id in enumerate(evaluation.params.catIds):
        values = precision[:, :, k]
        if (values > -1).any():
            table[str(class_id)] = {"ap50_95": float(np.mean(values[values > -1])),
                                    "ap50": float(np.mean(values[0][values[0] > -1]))}
    return table


def evaluate(records, labels_dir, with_per_class):
    with contextlib.redirect_stdout(sys.stderr):
        ground_truth, results = build_coco(records, labels_dir)
        evaluation = COCOeval(ground_truth, load_results(ground_truth, results), iouType="bbox")
        evaluation.evaluate()
        evaluation.accumulate()
        evaluation.summarize()
    summary = {"images": len(records),
               "map50_95": float(evaluation.stats[0]), "map50": float(evaluation.stats[1])}
    if with_per_class:
        summary["per_class"] = per_class_ap(evaluation)
    return summary


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--detections", default="-",
                        help="detection JSON lines file, '-' for standard input (default)")
    parser.add_argument("--labels", required=True, help="directory of YOLO label files")
    parser.add_argument("--per-class", action="store_true", help="add per-class AP")
    arguments = parser.parse_args()
    if not os.path.isdir(arguments.labels):
        parser.error(f"labels directory {arguments.labels} does not exist")
    try:
        if arguments.detections == "-":
            records = read_records(sys.stdin, "<stdin>")
        else:
            with open(arguments.detections) as stream:
                records = read_records(stream, arguments.detections)
        summary = evaluate(records, arguments.labels, arguments.per_class)
    except (InputError, OSError) as error:
        print(f"coco_eval.py: {error}", file=sys.stderr)
        return 1
    print(json.dumps(summary, separators=(",", ":")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
