#ifndef YOLO_EDGE_QUANTIZER_KERNELS_H
#define YOLO_EDGE_QUANTIZER_KERNELS_H
// Float32 loops for the offline quantizer's reference execution of the IR
// (calibration, FP32 accuracy, per-layer error reports). Self-contained: no
// InferKernels header is needed.
#include "f32_conv.h"
#include "f32_elementwise.h"
#include "f32_histogram.h"
#endif
