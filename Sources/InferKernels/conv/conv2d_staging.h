#ifndef CONV2D_STAGING_H
#define CONV2D_STAGING_H
// How conv2d.c stages activations, which the filter packing must mirror.
#include "ik_conv2d.h"

/// Channels per filter tap in the packed reduction order: input_depth, or
/// more when staged rows pad each pixel (see ik_conv2d.h).
int32_t ik_conv2d_tap_depth(const ik_conv2d_params *params);

#endif
