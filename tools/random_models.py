#!/usr/bin/env python3
"""YOLOv8 / YOLO11 detection models with random weights, exported to ONNX as users export theirs.

Each model is built from Ultralytics' own YAML (no pretrained weights are fetched) with a
fixed seed, then its BatchNorm statistics are recalibrated on real images (below), then it
is exported with `YOLO.export(format="onnx", simplify=True)` at Ultralytics' default opset.

Why recalibrate BatchNorm: a fresh network's BN layers hold mean 0 and variance 1, so in
eval mode each randomly initialised convolution shrinks its input (default init has gain
about 1/sqrt(3)), and after dozens of layers the outputs are the head's biases plus noise:
near-constant maps on which an SQNR says nothing about quantization. A few forward passes in
train mode over real images (cumulative averages, momentum None) set every BN to normalise
its real input, so activations keep a trained network's spread through all layers, while the
weights stay random. The images (--images, files 32 and on) are not the ones `convert` is
calibrated on in tools/score_models.py (the first ones).

Usage: random_models.py --out DIR --images DIR [--only NAME]...
"""
import argparse
import pathlib
import shutil
import sys
import tempfile

import numpy as np
import torch
import yaml
from PIL import Image
from ultralytics import YOLO
from ultralytics.nn.tasks import DetectionModel, yaml_model_load

# name: (Ultralytics YAML, classes, export arguments)
MODELS = {
    "yolov8n-nc1": ("yolov8n.yaml", 1, {}),
    "yolov8n-nc3": ("yolov8n.yaml", 3, {}),
    "yolov8n-nc80": ("yolov8n.yaml", 80, {}),
    "yolov8n-nc1000": ("yolov8n.yaml", 1000, {}),
    "yolov8s-nc80": ("yolov8s.yaml", 80, {}),
    "yolov8m-nc80": ("yolov8m.yaml", 80, {}),
    "yolov8n-rect384x640": ("yolov8n.yaml", 80, {"imgsz": [384, 640]}),
    "yolov8n-dynamic": ("yolov8n.yaml", 80, {"dynamic": True}),
    "yolo11n-nc80": ("yolo11n.yaml", 80, {}),
}
SEED = 0
BN_IMAGES = slice(32, 48)
BN_SIZE = 640


def bn_batch(images: pathlib.Path) -> torch.Tensor:
    files = sorted(images.glob("*.jpg"))[BN_IMAGES]
    if not files:
        sys.exit(f"random_models.py: no JPEG images in {images}")
    pixels = [np.asarray(Image.open(f).convert("RGB").resize((BN_SIZE, BN_SIZE), Image.BILINEAR), dtype=np.float32)
              for f in files]
    return torch.from_numpy(np.stack(pixels).transpose(0, 3, 1, 2) / 255.0)


def build(yaml_name: str, classes: int, batch: torch.Tensor, scratch: pathlib.Path) -> YOLO:
    config = yaml_model_load(yaml_name)
    config["nc"] = classes
    # Same file name as Ultralytics' own, from which it reads the scale (n, s, m).
    path = scratch / yaml_name
    path.write_text(yaml.safe_dump(config))
    torch.manual_seed(SEED)
    model = YOLO(path, task="detect")
    network = model.model
    for module in network.modules():
        if isinstance(module, torch.nn.BatchNorm2d):
            module.reset_running_stats()
            module.momentum = None  # a cumulative average over the passes
    network.train()
    with torch.no_grad():
        for chunk in batch.split(4):
            network(chunk)
    network.eval()
    network.names = {i: f"class{i}" for i in range(classes)}
    return model


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, type=pathlib.Path)
    parser.add_argument("--images", required=True, type=pathlib.Path)
    parser.add_argument("--only", action="append", choices=sorted(MODELS), help="make only these (default: all)")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    batch = bn_batch(args.images)
    for name in args.only or MODELS:
        yaml_name, classes, export = MODELS[name]
        with tempfile.TemporaryDirectory() as scratch:
            model = build(yaml_name, classes, batch, pathlib.Path(scratch))
            # The exporter writes beside the model's YAML file.
            written = model.export(format="onnx", simplify=True, imgsz=export.get("imgsz", 640),
                                   dynamic=export.get("dynamic", False), device="cpu", verbose=False)
            target = args.out / f"{name}.onnx"
            shutil.move(written, target)
        print(f"{target}: {yaml_name}, {classes} classes, {export or 'static 640x640'}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
