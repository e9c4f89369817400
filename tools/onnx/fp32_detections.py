#!/usr/bin/env python3
"""FP32 reference detections: an Ultralytics ONNX export run by ONNX Runtime, post-processed
like Ultralytics' `non_max_suppression(multi_label=True)` and `scale_boxes`, printed as
`yolo-edge detect --json` lines so tools/eval/coco_eval.py and `yolo-edge eval` score them.

Letterboxing is Ultralytics' (cv2.resize INTER_LINEAR: half-pixel centres, no antialiasing,
grey 114 borders of round(d -/+ 0.1)), done in float with numpy; it differs from OpenCV's 8-bit
fixed point by at most a level. `--pil` uses ort_reference.py's PIL letterbox instead (PIL
antialiases when shrinking). Reference only: the FP32 rows in docs/quantization.md; never used
at run time.

Usage: fp32_detections.py --model M.onnx [--pil] [--size 640] [--conf 0.001] [--iou 0.7] [--max-det 300] IMAGE...
"""
import argparse
import json
import pathlib
import sys

import numpy as np
from PIL import Image

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from ort_reference import letterbox, session  # noqa: E402

MAX_NMS = 30000
CLASS_OFFSET = 7680.0


def letterbox_linear(path: pathlib.Path, size: int) -> np.ndarray:
    image = np.asarray(Image.open(path).convert("RGB"), dtype=np.float64)
    height, width = image.shape[:2]
    ratio = min(size / height, size / width)
    new_w, new_h = int(round(width * ratio)), int(round(height * ratio))

    def taps(target: int, source: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        position = np.clip((np.arange(target) + 0.5) * (source / target) - 0.5, 0, source - 1)
        low = np.floor(position).astype(int)
        return low, np.minimum(low + 1, source - 1), position - low

    x0, x1, fx = taps(new_w, width)
    y0, y1, fy = taps(new_h, height)
    rows = image[y0] * (1 - fy)[:, None, None] + image[y1] * fy[:, None, None]
    resized = rows[:, x0] * (1 - fx)[None, :, None] + rows[:, x1] * fx[None, :, None]
    canvas = np.full((size, size, 3), 114.0)
    top, left = int(round((size - new_h) / 2 - 0.1)), int(round((size - new_w) / 2 - 0.1))
    canvas[top:top + new_h, left:left + new_w] = np.clip(np.round(resized), 0, 255)
    return np.ascontiguousarray((canvas / 255.0).astype(np.float32).transpose(2, 0, 1)[None])


def nms(boxes: np.ndarray, scores: np.ndarray, iou: float) -> list[int]:
    """Greedy NMS over float32 boxes (x1, y1, x2, y2), best score first (stable)."""
    order = np.argsort(-scores, kind="stable")
    areas = (boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])
    suppressed = np.zeros(len(boxes), dtype=bool)
    kept = []
    for position, index in enumerate(order):
        if suppressed[index]:
            continue
        kept.append(index)
        rest = order[position + 1:]
        rest = rest[~suppressed[rest]]
        width = np.maximum(0, np.minimum(boxes[index, 2], boxes[rest, 2]) - np.maximum(boxes[index, 0], boxes[rest, 0]))
        height = np.maximum(0, np.minimum(boxes[index, 3], boxes[rest, 3]) - np.maximum(boxes[index, 1], boxes[rest, 1]))
        inter = width * height
        overlap = inter / (areas[index] + areas[rest] - inter)
        suppressed[rest[overlap.astype(np.float64) > iou]] = True
    return kept


def detections(output: np.ndarray, conf: float, iou: float, max_det: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    prediction = output[0].T  # anchors x (4 + classes)
    anchors, classes = np.nonzero(prediction[:, 4:] > conf)
    scores = prediction[anchors, 4 + classes].astype(np.float32)
    xywh = prediction[anchors, :4]
    half = xywh[:, 2:] / 2
    boxes = np.concatenate([xywh[:, :2] - half, xywh[:, :2] + half], axis=1).astype(np.float32)
    order = np.argsort(-scores, kind="stable")[:MAX_NMS]
    boxes, scores, classes = boxes[order], scores[order], classes[order]
    kept = nms(boxes + (classes[:, None] * CLASS_OFFSET).astype(np.float32), scores, iou)[:max_det]
    return boxes[kept], scores[kept], classes[kept]


def to_source(boxes: np.ndarray, size: int, width: int, height: int) -> np.ndarray:
    gain = min(size / height, size / width)
    pad_x = round((size - width * gain) / 2 - 0.1)
    pad_y = round((size - height * gain) / 2 - 0.1)
    boxes = boxes.copy()
    boxes[:, [0, 2]] = np.clip((boxes[:, [0, 2]] - pad_x) / gain, 0, width)
    boxes[:, [1, 3]] = np.clip((boxes[:, [1, 3]] - pad_y) / gain, 0, height)
    return boxes


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", required=True)
    parser.add_argument("--size", type=int, default=640)
    parser.add_argument("--conf", type=float, default=0.001)
    parser.add_argument("--iou", type=float, default=0.7)
    parser.add_argument("--max-det", type=int, default=300)
    parser.add_argument("--pil", action="store_true", help="letterbox with PIL as ort_reference.py does")
    parser.add_argument("images", nargs="+")
    args = parser.parse_args()
    runner = session(pathlib.Path(args.model), [])
    input_name = runner.get_inputs()[0].name
    for path in args.images:
        width, height = Image.open(path).size
        image = letterbox(pathlib.Path(path), args.size, args.size) if args.pil else letterbox_linear(pathlib.Path(path), args.size)
        output = runner.run(None, {input_name: image})[0]
        boxes, scores, classes = detections(output, args.conf, args.iou, args.max_det)
        boxes = to_source(boxes, args.size, width, height)
        found = [{"class_id": int(c), "label": str(int(c)), "score": float(s), "box": [float(v) for v in b]}
                 for b, s, c in zip(boxes, scores, classes)]
        print(json.dumps({"image": path, "width": width, "height": height, "detections": found}))


if __name__ == "__main__":
    main()
