#ifndef YOLO_EDGE_INFER_KERNELS_H
#define YOLO_EDGE_INFER_KERNELS_H
// Integer micro-kernels for the yolo-edge engine. Each kernel follows
// TFLite's integer reference semantics; see the per-kernel headers.
#include "ik_fixed_point.h"
#include "ik_conv2d.h"
#include "ik_binary.h"
#include "ik_elementwise.h"
#include "ik_softmax.h"
#include "ik_layout.h"
#include "ik_spatial.h"
// Float32 loops for the quantizer's reference execution of the IR.
#include "f32_conv.h"
#include "f32_elementwise.h"
#include "f32_histogram.h"
#endif
