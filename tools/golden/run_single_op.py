#!/usr/bin/env python3
"""Builds one-operator TFLite models from JSON specs, runs them with LiteRT's
reference kernels (BUILTIN_REF) and prints their output tensors.

Reads a JSON list of specs from stdin, each:
  {"op": "CONV_2D", "options": {...IR option names...},
   "tensors": [{"type": "int8", "shape": [...], "scales": [...], "zeroPoints": [...],
                "axis": 0, "data": [ints or floats] (constants only)}],
   "inputs": [tensor indices, -1 for absent], "outputs": [index],
   "feeds": [[values for each non-constant input, in input order]]}
Prints a JSON list with, per spec, {"output": [values]} or {"error": message}
(LiteRT refusing a model is an answer too; the exit status stays 0).
"""
import json
import sys

import flatbuffers
import numpy as np
from ai_edge_litert import schema_py_generated as schema
from ai_edge_litert.interpreter import Interpreter, OpResolverType

TYPES = {"int8": (schema.TensorType.INT8, np.int8), "int32": (schema.TensorType.INT32, np.int32),
         "float32": (schema.TensorType.FLOAT32, np.float32), "int64": (schema.TensorType.INT64, np.int64)}
ACTIVATIONS = {"none": 0, "relu": 1, "reluN1To1": 2, "relu6": 3}
PADDINGS = {"same": schema.Padding.SAME, "valid": schema.Padding.VALID}


def builtin_options(op, o):
    act = ACTIVATIONS.get(o.get("activation", "none"), 0)
    if op == "CONV_2D":
        t = schema.Conv2DOptionsT()
        t.padding, t.strideH, t.strideW = PADDINGS[o["padding"]], o["strideH"], o["strideW"]
        t.dilationHFactor, t.dilationWFactor, t.fusedActivationFunction = o["dilationH"], o["dilationW"], act
        return schema.BuiltinOptions.Conv2DOptions, t
    if op == "MAX_POOL_2D":
        t = schema.Pool2DOptionsT()
        t.padding, t.strideH, t.strideW = PADDINGS[o["padding"]], o["strideH"], o["strideW"]
        t.filterHeight, t.filterWidth, t.fusedActivationFunction = o["filterH"], o["filterW"], act
        return schema.BuiltinOptions.Pool2DOptions, t
    if op in ("ADD", "SUB", "MUL"):
        t = {"ADD": schema.AddOptionsT, "SUB": schema.SubOptionsT, "MUL": schema.MulOptionsT}[op]()
        t.fusedActivationFunction = act
        return getattr(schema.BuiltinOptions, op.capitalize() + "Options"), t
    if op == "CONCATENATION":
        t = schema.ConcatenationOptionsT()
        t.axis, t.fusedActivationFunction = o["axis"], act
        return schema.BuiltinOptions.ConcatenationOptions, t
    if op == "STRIDED_SLICE":
        t = schema.StridedSliceOptionsT()
        t.beginMask, t.endMask, t.ellipsisMask = o["beginMask"], o["endMask"], o["ellipsisMask"]
        t.newAxisMask, t.shrinkAxisMask, t.offset = o["newAxisMask"], o["shrinkAxisMask"], o["offset"]
        return schema.BuiltinOptions.StridedSliceOptions, t
    if op == "RESIZE_NEAREST_NEIGHBOR":
        t = schema.ResizeNearestNeighborOptionsT()
        t.alignCorners, t.halfPixelCenters = o["alignCorners"], o["halfPixelCenters"]
        return schema.BuiltinOptions.ResizeNearestNeighborOptions, t
    if op == "SOFTMAX":
        t = schema.SoftmaxOptionsT()
        t.beta = o["beta"]
        return schema.BuiltinOptions.SoftmaxOptions, t
    if op == "DEPTHWISE_CONV_2D":
        t = schema.DepthwiseConv2DOptionsT()
        t.padding, t.strideH, t.strideW = PADDINGS[o["padding"]], o["strideH"], o["strideW"]
        t.dilationHFactor, t.dilationWFactor, t.fusedActivationFunction = o["dilationH"], o["dilationW"], act
        t.depthMultiplier = 1
        return schema.BuiltinOptions.DepthwiseConv2DOptions, t
    if op == "BATCH_MATMUL":
        t = schema.BatchMatMulOptionsT()
        t.adjX, t.adjY = o["adjointLeft"], o["adjointRight"]
        return schema.BuiltinOptions.BatchMatMulOptions, t
    return schema.BuiltinOptions.NONE, None


def tflite_depthwise_filter(t):
    """The IR's depthwise filter [channels, KH, KW, 1] as TFLite's [1, KH, KW, channels]."""
    channels, height, width, _ = t["shape"]
    data = np.array(t["data"]).reshape(t["shape"]).transpose(3, 1, 2, 0)
    return dict(t, shape=[1, height, width, channels], data=data.flatten().tolist(), axis=3)


def build_model(spec):
    model = schema.ModelT()
    model.version = 3
    code = schema.OperatorCodeT()
    code.builtinCode = getattr(schema.BuiltinOperator, spec["op"])
    code.deprecatedBuiltinCode = min(code.builtinCode, 127)
    code.version = 1
    model.operatorCodes = [code]
    model.buffers = [schema.BufferT()]
    graph = schema.SubGraphT()
    graph.tensors = []
    for i, t in enumerate(spec["tensors"]):
        if spec["op"] == "DEPTHWISE_CONV_2D" and i == spec["inputs"][1]:
            t = tflite_depthwise_filter(t)
        tensor = schema.TensorT()
        tensor.name = f"t{i}"
        tensor.type, dtype = TYPES[t["type"]]
        tensor.shape = t["shape"]
        if t.get("scales"):
            q = schema.QuantizationParametersT()
            q.scale, q.zeroPoint, q.quantizedDimension = t["scales"], t["zeroPoints"], t.get("axis", 0)
            tensor.quantization = q
        tensor.buffer = 0
        if t.get("data") is not None:
            buffer = schema.BufferT()
            buffer.data = np.array(t["data"], dtype=dtype).tobytes()
            model.buffers.append(buffer)
            tensor.buffer = len(model.buffers) - 1
        graph.tensors.append(tensor)
    operator = schema.OperatorT()
    operator.opcodeIndex = 0
    operator.inputs, operator.outputs = spec["inputs"], spec["outputs"]
    operator.builtinOptionsType, operator.builtinOptions = builtin_options(spec["op"], spec.get("options", {}))
    graph.operators = [operator]
    graph.inputs = [i for i in spec["inputs"] if i >= 0 and spec["tensors"][i].get("data") is None]
    graph.outputs = spec["outputs"]
    model.subgraphs = [graph]
    builder = flatbuffers.Builder(1024)
    builder.Finish(model.Pack(builder), file_identifier=b"TFL3")
    return bytes(builder.Output()), graph.inputs


def run(spec):
    try:
        content, inputs = build_model(spec)
        interpreter = Interpreter(model_content=content, experimental_op_resolver_type=OpResolverType.BUILTIN_REF)
        interpreter.allocate_tensors()
        for index, values in zip(inputs, spec["feeds"]):
            t = spec["tensors"][index]
            interpreter.set_tensor(index, np.array(values, dtype=TYPES[t["type"]][1]).reshape(t["shape"]))
        interpreter.invoke()
        output = interpreter.get_tensor(spec["outputs"][0])
        return {"output": output.flatten().tolist()}
    except Exception as error:  # LiteRT rejecting the model is an answer too.
        return {"error": str(error)}


def main():
    print(json.dumps([run(spec) for spec in json.load(sys.stdin)]))


if __name__ == "__main__":
    main()
