#ifndef YOLO_EDGE_INFER_KERNELS_H
#define YOLO_EDGE_INFER_KERNELS_H
// Integer micro-kernels for the yolo-edge engine. Each kernel follows
// TFLite's integer reference semantics; see the per-kernel headers.
#include "f32_conv.h"
#include "f32_elementwise.h"
#include "f32_histogram.h"
#endif
