#ifndef YOLO_EDGE_F32_CONV_H
#define YOLO_EDGE_F32_CONV_H
// Float32 reference convolution for the quantizer's float execution of the
// IR (calibration, FP32 accuracy, per-layer error reports).

#ifdef __cplusplus
extern "C" {
#endif

/// Geometry of one 2-D convolution over an NHWC batch.
typedef struct f32_conv_geometry {
    int batch, input_height, input_width, input_channels;
    int output_height, output_width, output_channels;
    int kernel_height, kernel_width;
    int stride_height, stride_width;
    int dilation_height, dilation_width;
    /// Zero padding before the first row / column (the rest follows from the sizes).
    int pad_top, pad_left;
} f32_conv_geometry;

/// output[n][y][x][o] = bias[o] + sum over ky, kx, i of
///   input[n][y*sh - pad_top + ky*dh][x*sw - pad_left + kx*dw][i] * filter[ky][kx][i][o]
/// Taps outside the input contribute zero. `filter` is HWIO (output channel
/// innermost, so the inner loop runs over contiguous output channels);
/// `bias` may be NULL.
void f32_conv2d_nhwc(const f32_conv_geometry *geometry, const float *input, const float *filter,
                     const float *bias, float *output);

#ifdef __cplusplus
}
#endif

#endif
