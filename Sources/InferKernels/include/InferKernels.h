#ifndef YOLO_EDGE_INFER_KERNELS_H
#define YOLO_EDGE_INFER_KERNELS_H
// Integer micro-kernels for the yolo-edge engine. Each kernel follows
// TFLite's integer reference semantics; see the per-kernel headers.
// (The quantizer's float32 loops are the QuantizerKernels target.)
#include "ik_fixed_point.h"
#include "ik_conv2d.h"
#include "ik_depthwise_conv2d.h"
#include "ik_batch_matmul.h"
#include "ik_binary.h"
#include "ik_elementwise.h"
#include "ik_softmax.h"
#include "ik_layout.h"
#include "ik_spatial.h"
#endif
