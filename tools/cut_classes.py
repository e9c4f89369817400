#!/usr/bin/env python3
"""Cuts an Ultralytics YOLOv8 detection ONNX export down to a few of its classes, the way a
user's fine-tuned few-class model looks (docs/quantization.md, "A model with few classes").

The class branch ends, per scale, in a 1x1 convolution with one output channel per class
(`cv3.N.2`); keeping rows of its weight and bias keeps those classes' scores exactly as the
full model computes them (the backbone, neck and box branch are untouched). The reshapes that
flatten the class maps, the output's shape and the `names` metadata follow. Optionally writes
the YOLO-format labels of an image set restricted to the kept classes, renumbered 0..k-1, so
`yolo-edge eval` scores the cut model against the same images. The cut is checked, not trusted:
ONNX Runtime must give the full model's box rows and kept class rows on one input.

Usage: cut_classes.py --model yolov8n.onnx --classes 0,2,27 --out cut.onnx
                      [--labels DIR --labels-out DIR]
"""
import argparse
import ast
import pathlib
import sys

import numpy as np
import onnx
from onnx import numpy_helper


def class_convolutions(graph: onnx.GraphProto, class_count: int) -> list[onnx.NodeProto]:
    """The last convolution of each scale's class branch: its output has `class_count`
    channels and feeds a Reshape to [1, class_count, -1]."""
    producers = {output: node for node in graph.node for output in node.output}
    constants = {node.output[0]: numpy_helper.to_array(node.attribute[0].t)
                 for node in graph.node if node.op_type == "Constant"}
    constants.update({init.name: numpy_helper.to_array(init) for init in graph.initializer})
    found = []
    for node in graph.node:
        if node.op_type != "Reshape":
            continue
        shape = constants.get(node.input[1])
        source = producers.get(node.input[0])
        if shape is not None and list(shape) == [1, class_count, -1] and source is not None \
                and source.op_type == "Conv":
            found.append((node, source))
    if len(found) != 3:
        sys.exit(f"cut_classes.py: expected 3 class convolutions reshaped to [1, {class_count}, -1], "
                 f"found {len(found)}: is this an Ultralytics YOLOv8 detection export?")
    return found


def replace_initializer(graph: onnx.GraphProto, name: str, array: np.ndarray) -> None:
    for index, init in enumerate(graph.initializer):
        if init.name == name:
            graph.initializer[index].CopyFrom(numpy_helper.from_array(array, name))
            return
    sys.exit(f"cut_classes.py: initializer {name} not found")


def cut(model: onnx.ModelProto, keep: list[int]) -> None:
    graph = model.graph
    output_dims = graph.output[0].type.tensor_type.shape.dim
    if len(output_dims) != 3 or not output_dims[1].HasField("dim_value"):
        sys.exit("cut_classes.py: the output's shape is not [1, 4 + classes, anchors]: "
                 "a static export is needed (Ultralytics `yolo export format=onnx`, without dynamic=True)")
    class_count = output_dims[1].dim_value - 4
    if any(k < 0 or k >= class_count for k in keep) or len(set(keep)) != len(keep):
        sys.exit(f"cut_classes.py: --classes must be distinct ids in 0..{class_count - 1}")
    initializers = {init.name: numpy_helper.to_array(init) for init in graph.initializer}
    for reshape, conv in class_convolutions(graph, class_count):
        weight, bias = conv.input[1], conv.input[2]
        replace_initializer(graph, weight, initializers[weight][keep])
        replace_initializer(graph, bias, initializers[bias][keep])
        shape = np.array([1, len(keep), -1], dtype=np.int64)
        constant = next(n for n in graph.node if n.op_type == "Constant" and n.output[0] == reshape.input[1])
        constant.attribute[0].t.CopyFrom(numpy_helper.from_array(shape))
    output_dims[1].dim_value = 4 + len(keep)
    del graph.value_info[:]  # stale shapes of the class tensors; ONNX Runtime infers them again
    for prop in model.metadata_props:
        if prop.key == "names":
            names = ast.literal_eval(prop.value)
            prop.value = repr({new: names[old] for new, old in enumerate(keep)})


def verify(full: pathlib.Path, cut_model: onnx.ModelProto, keep: list[int]) -> None:
    """The cut model's outputs are the full model's box rows and kept class rows, on one input."""
    import onnxruntime

    def run(model: bytes | str) -> np.ndarray:
        session = onnxruntime.InferenceSession(model, providers=["CPUExecutionProvider"])
        spec = session.get_inputs()[0]
        shape = [d if isinstance(d, int) else 640 for d in spec.shape]
        pixels = np.random.default_rng(0).random(shape, dtype=np.float32)
        return session.run(None, {spec.name: pixels})[0][0]

    expected, actual = run(str(full)), run(cut_model.SerializeToString())
    rows = list(range(4)) + [4 + k for k in keep]
    if actual.shape != (len(rows), expected.shape[1]) or not np.allclose(actual, expected[rows], rtol=1e-5, atol=1e-4):
        sys.exit("cut_classes.py: the cut model's outputs differ from the full model's kept rows")


def cut_labels(source: pathlib.Path, target: pathlib.Path, keep: list[int]) -> None:
    renumber = {old: new for new, old in enumerate(keep)}
    target.mkdir(parents=True, exist_ok=True)
    for label in sorted(source.glob("*.txt")):
        rows = [line.split() for line in label.read_text().splitlines() if line.strip()]
        kept = [" ".join([str(renumber[int(r[0])])] + r[1:]) for r in rows if int(r[0]) in renumber]
        (target / label.name).write_text("".join(row + "\n" for row in kept))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", type=pathlib.Path, required=True)
    parser.add_argument("--classes", required=True, help="comma-separated class ids to keep, in order")
    parser.add_argument("--out", type=pathlib.Path, required=True)
    parser.add_argument("--labels", type=pathlib.Path)
    parser.add_argument("--labels-out", type=pathlib.Path)
    args = parser.parse_args()
    keep = [int(c) for c in args.classes.split(",")]
    model = onnx.load(str(args.model))
    cut(model, keep)
    onnx.checker.check_model(model)
    verify(args.model, model, keep)
    onnx.save(model, str(args.out))
    if args.labels is not None:
        if args.labels_out is None:
            sys.exit("cut_classes.py: --labels needs --labels-out")
        cut_labels(args.labels, args.labels_out, keep)


if __name__ == "__main__":
    main()
