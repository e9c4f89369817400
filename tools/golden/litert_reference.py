#!/usr/bin/env python3
"""Golden tensors from LiteRT's reference integer kernels.

For every raw input tensor (`*.bin`, the model's input bytes as yolo-edge
prepared them) in --inputs, run the model with LiteRT's BUILTIN_REF op
resolver, which selects TFLite's reference kernels, and write every tensor
the interpreter holds after the run to --out/<input stem>/<tensor index>.bin.

The engine under test is fed the very same input bytes, so any difference is
the engine's. Results are cached: an input whose output folder already has a
`done` marker for the same model digest is skipped.

Usage: litert_reference.py --model M.tflite --inputs DIR --out DIR
"""
import argparse
import hashlib
import pathlib
import sys

import numpy as np
from ai_edge_litert.interpreter import Interpreter, OpResolverType


def digest(path: pathlib.Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", required=True, type=pathlib.Path)
    parser.add_argument("--inputs", required=True, type=pathlib.Path)
    parser.add_argument("--out", required=True, type=pathlib.Path)
    args = parser.parse_args()

    inputs = sorted(args.inputs.glob("*.bin"))
    if not inputs:
        print(f"no *.bin inputs in {args.inputs}", file=sys.stderr)
        return 2
    model_digest = digest(args.model)
    interpreter = None
    for path in inputs:
        out = args.out / path.stem
        marker = out / "done"
        key = model_digest + " " + digest(path)
        if marker.exists() and marker.read_text() == key:
            continue
        if interpreter is None:
            interpreter = Interpreter(
                model_path=str(args.model),
                experimental_op_resolver_type=OpResolverType.BUILTIN_REF,
                experimental_preserve_all_tensors=True,
            )
            interpreter.allocate_tensors()
            detail = interpreter.get_input_details()[0]
        data = np.frombuffer(path.read_bytes(), dtype=detail["dtype"])
        interpreter.set_tensor(detail["index"], data.reshape(detail["shape"]))
        interpreter.invoke()
        out.mkdir(parents=True, exist_ok=True)
        for tensor in interpreter.get_tensor_details():
            try:
                value = interpreter.get_tensor(tensor["index"])
            except ValueError:
                continue  # tensors without data (none in practice)
            (out / f"{tensor['index']}.bin").write_bytes(np.ascontiguousarray(value).tobytes())
        marker.write_text(key)
        print(f"golden: {path.stem}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
