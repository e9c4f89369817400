import Infer

/// MAX_POOL_2D over NHWC; window taps outside the input are ignored.
struct FloatMaxPool: Sendable {
    private let options: Pool2DOptions
    private let input: [Int]
    private let output: [Int]
    private let padTop: Int
    private let padLeft: Int

    init(options: Pool2DOptions, input: [Int], output: [Int]) {
        self.options = options
        self.input = input
        self.output = output
        let same = options.padding == .same
        padTop = same ? WindowPaddingMath.samePadBefore(
            input: input[1], output: output[1], kernel: options.filterH, stride: options.strideH, dilation: 1) : 0
        padLeft = same ? WindowPaddingMath.samePadBefore(
            input: input[2], output: output[2], kernel: options.filterW, stride: options.strideW, dilation: 1) : 0
    }

    func run(_ values: [Float]) -> [Float] {
        let (height, width, channels) = (input[1], input[2], input[3])
        var result = [Float](repeating: -.infinity, count: output.reduce(1, *))
        result.withUnsafeMutableBufferPointer { out in
            values.withUnsafeBufferPointer { source in
                for batch in 0..<output[0] {
                    for y in 0..<output[1] {
                        let rows = max(y * options.strideH - padTop, 0)..<min(y * options.strideH - padTop + options.filterH, height)
                        for x in 0..<output[2] {
                            let columns = max(x * options.strideW - padLeft, 0)..<min(x * options.strideW - padLeft + options.filterW, width)
                            let destination = ((batch * output[1] + y) * output[2] + x) * channels
                            for row in rows {
                                for column in columns {
                                    let origin = ((batch * height + row) * width + column) * channels
                                    for channel in 0..<channels {
                                        out[destination + channel] = max(out[destination + channel], source[origin + channel])
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return result
    }
}
