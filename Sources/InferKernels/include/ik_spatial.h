#ifndef IK_SPATIAL_H
#define IK_SPATIAL_H
// NHWC int8 window ops: MAX_POOL_2D and RESIZE_NEAREST_NEIGHBOR.
#include <stddef.h>
#include <stdint.h>

typedef struct {
    int32_t batches, depth;
    int32_t input_height, input_width;
    int32_t output_height, output_width;
    int32_t filter_height, filter_width;
    int32_t stride_height, stride_width;
    int32_t padding_top, padding_left;
    int32_t activation_min, activation_max;
} ik_max_pool_params;

/// Scratch bytes each thread running ik_max_pool_run_rows needs.
size_t ik_max_pool_scratch_bytes(const ik_max_pool_params *params);

/// The independent rows: batches × output rows.
int64_t ik_max_pool_row_count(const ik_max_pool_params *params);

/// Window maxima over the valid (unpadded) taps, clamped to the activation
/// range, for output rows [row_begin, row_end) of ik_max_pool_row_count.
void ik_max_pool_run_rows(const ik_max_pool_params *params, const int8_t *input, int8_t *output, void *scratch,
                          int64_t row_begin, int64_t row_end);

typedef struct {
    int32_t batches, depth;
    int32_t input_height, input_width;
    int32_t output_height, output_width;
    int32_t align_corners, half_pixel_centers;
    /// Bytes from one output pixel to the next: depth, or more when the
    /// output is a channel slice of a wider tensor (a concatenation's).
    int32_t output_pixel_stride;
} ik_resize_nearest_params;

/// The source index TFLite's reference kernel picks for output index `output_index`.
int32_t ik_resize_nearest_source_index(int32_t output_index, int32_t input_size, int32_t output_size,
                                       int32_t align_corners, int32_t half_pixel_centers);

/// The independent rows: batches × output rows.
int64_t ik_resize_nearest_row_count(const ik_resize_nearest_params *params);

/// Output rows [row_begin, row_end) of ik_resize_nearest_row_count.
void ik_resize_nearest_run_rows(const ik_resize_nearest_params *params, const int8_t *input, int8_t *output,
                                int64_t row_begin, int64_t row_end);

#endif
