import Foundation
import TestSupport
import Testing

@testable import Infer

/// Compares what our loader reads with what LiteRT itself reads from the same
/// file: every tensor (name, shape, type, quantization, constant bytes),
/// every operator (name, operands) and the builtin options. The graph goes
/// to Python as a `.yem` file, whose graph section is JSON.
struct LiteRTCrossCheckTests {
    @Test(ReferenceData.skipTrait(python: true), arguments: [
        ReferenceData.fullIntegerModel, ReferenceData.floatInterfaceModel,
        ReferenceData.modelDirectory.appendingPathComponent("yolov8n_int8.tflite"),
    ])
    func loaderAgreesWithLiteRT(model: URL) throws {
        try ReferenceData.require(python: true)
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let yemPath = directory.file("model.yem").path
        let scriptPath = directory.file("crosscheck.py").path
        try ModelFileWriter.write(ModelLoader.load(path: model.path), to: yemPath)
        try Self.script.write(toFile: scriptPath, atomically: true, encoding: .utf8)

        let result = try Subprocess.run(ReferenceData.python, [scriptPath, model.path, yemPath])
        let report = result.text + result.errors
        #expect(result.status == 0, "\(report)")
        #expect(result.text.hasSuffix("mismatches 0\n"), "\(report)")
    }

    /// Reads the model with LiteRT's interpreter and flatbuffer schema, the
    /// graph section of the .yem file as JSON, and prints every difference.
    static let script = #"""
        import json, struct, sys
        import numpy as np
        from ai_edge_litert import schema_py_generated as schema
        from ai_edge_litert.interpreter import Interpreter

        model_path, yem_path = sys.argv[1], sys.argv[2]
        yem = open(yem_path, 'rb').read()
        graph_offset, graph_size, blob_offset, blob_size = struct.unpack('<QQQQ', yem[16:48])
        graph = json.loads(yem[graph_offset:graph_offset + graph_size])
        blobs = yem[blob_offset:blob_offset + blob_size]
        flat = open(model_path, 'rb').read()
        model = schema.Model.GetRootAsModel(flat, 0)
        subgraph = model.Subgraphs(0)
        interpreter = Interpreter(model_path=model_path)
        mismatches = []

        def differ(what, ours, theirs):
            if ours != theirs:
                mismatches.append(f'{what}: ours {ours!r}, LiteRT {theirs!r}')

        types = {'float32': 0, 'int32': 2, 'uint8': 3, 'int64': 4, 'int16': 7, 'int8': 9}
        details = interpreter.get_tensor_details()
        differ('tensor count', len(graph['tensors']), len(details))
        for detail in details:
            index = detail['index']
            ours = graph['tensors'][index]
            flat_tensor = subgraph.Tensors(index)
            differ(f'tensor {index} name', ours['name'], detail['name'])
            differ(f'tensor {index} shape', ours['shape'], detail['shape'].tolist())
            differ(f'tensor {index} type', types[ours['type']], flat_tensor.Type())
            params = detail['quantization_parameters']
            quantization = ours.get('quantization')
            if len(params['scales']):
                scales = np.array(quantization['scales'], dtype=np.float32) if quantization else None
                differ(f'tensor {index} scales bits', scales.view(np.uint32).tolist() if quantization else None,
                       params['scales'].astype(np.float32).view(np.uint32).tolist())
                differ(f'tensor {index} zero points', quantization['zeroPoints'] if quantization else None,
                       params['zero_points'].tolist())
                differ(f'tensor {index} axis', quantization['axis'] if quantization else None,
                       params['quantized_dimension'])
            else:
                differ(f'tensor {index} quantization', quantization, None)
            buffer = model.Buffers(flat_tensor.Buffer())
            blob = ours.get('blob')
            data = bytes(blobs[blob['offset']:blob['offset'] + blob['size']]) if blob else b''
            differ(f'tensor {index} data', data, buffer.DataAsNumpy().tobytes() if buffer.DataLength() else b'')

        names = {'conv2D': 'CONV_2D', 'logistic': 'LOGISTIC', 'mul': 'MUL', 'add': 'ADD', 'sub': 'SUB',
                 'concatenation': 'CONCATENATION', 'stridedSlice': 'STRIDED_SLICE', 'pad': 'PAD',
                 'reshape': 'RESHAPE', 'transpose': 'TRANSPOSE', 'maxPool2D': 'MAX_POOL_2D',
                 'resizeNearestNeighbor': 'RESIZE_NEAREST_NEIGHBOR', 'softmax': 'SOFTMAX',
                 'quantize': 'QUANTIZE', 'dequantize': 'DEQUANTIZE'}
        paddings = ['same', 'valid']
        activations = ['none', 'relu', 'reluN1To1', 'relu6']

        def options(kind, table):
            def read(cls):
                instance = cls()
                instance.Init(table.Bytes, table.Pos)
                return instance
            if kind == 'conv2D':
                o = read(schema.Conv2DOptions)
                return {'_0': dict(padding=paddings[o.Padding()], strideH=o.StrideH(), strideW=o.StrideW(),
                                   dilationH=o.DilationHFactor(), dilationW=o.DilationWFactor(),
                                   activation=activations[o.FusedActivationFunction()])}
            if kind == 'maxPool2D':
                o = read(schema.Pool2DOptions)
                return {'_0': dict(padding=paddings[o.Padding()], strideH=o.StrideH(), strideW=o.StrideW(),
                                   filterH=o.FilterHeight(), filterW=o.FilterWidth(),
                                   activation=activations[o.FusedActivationFunction()])}
            if kind == 'stridedSlice':
                o = read(schema.StridedSliceOptions)
                return {'_0': dict(beginMask=o.BeginMask(), endMask=o.EndMask(), ellipsisMask=o.EllipsisMask(),
                                   newAxisMask=o.NewAxisMask(), shrinkAxisMask=o.ShrinkAxisMask(),
                                   offset=bool(o.Offset()))}
            if kind == 'resizeNearestNeighbor':
                o = read(schema.ResizeNearestNeighborOptions)
                return {'_0': dict(alignCorners=bool(o.AlignCorners()), halfPixelCenters=bool(o.HalfPixelCenters()))}
            if kind == 'softmax':
                return {'beta': float(np.float32(read(schema.SoftmaxOptions).Beta()))}
            if kind in ('add', 'sub', 'mul'):
                cls = {'add': schema.AddOptions, 'sub': schema.SubOptions, 'mul': schema.MulOptions}[kind]
                return {'_0': activations[read(cls).FusedActivationFunction()]}
            return None

        operators = interpreter._get_ops_details()
        differ('operator count', len(graph['nodes']), len(operators))
        for operator, node in zip(operators, graph['nodes']):
            index = operator['index']
            op = node['op']
            kind = next(iter(op)) if isinstance(op, dict) else op
            differ(f'operator {index} name', names.get(kind), operator['op_name'])
            differ(f'operator {index} inputs', node['inputs'], operator['inputs'].tolist())
            differ(f'operator {index} outputs', node['outputs'], operator['outputs'].tolist())
            table = subgraph.Operators(index).BuiltinOptions()
            if kind == 'concatenation':
                o = schema.ConcatenationOptions()
                o.Init(table.Bytes, table.Pos)
                axis = o.Axis() + (len(graph['tensors'][node['outputs'][0]]['shape']) if o.Axis() < 0 else 0)
                differ(f'operator {index} options', op[kind],
                       dict(axis=axis, activation=activations[o.FusedActivationFunction()]))
            elif table is not None and options(kind, table) is not None:
                differ(f'operator {index} options', op[kind], options(kind, table))
        differ('inputs', graph['inputs'], [d['index'] for d in interpreter.get_input_details()])
        differ('outputs', graph['outputs'], [d['index'] for d in interpreter.get_output_details()])
        print('\n'.join(mismatches[:20]))
        print(f'{len(details)} tensors, {len(operators)} operators, mismatches {len(mismatches)}')
        """#
}
