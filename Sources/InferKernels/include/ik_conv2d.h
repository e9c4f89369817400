#ifndef IK_CONV2D_H
#define IK_CONV2D_H
// Int8 CONV_2D with TFLite's per-channel reference semantics. The activations
// an output row needs are staged in per-thread scratch in the micro-kernel's
// encoding, then an ISA-specific micro-kernel multiplies tiles of pixels by
// blocks of pre-packed int8 filter rows and requantizes in place.
//
// Staging: when a filter row's taps are adjacent whole quads (dilation 1,
// filter_width * input_depth a multiple of 4, or made one by padding each
// pixel to a multiple of 4 channels where that adds at most a third, as for
// RGB input), each input row is encoded once, with its padding, into a ring
// of filter_height rows, and a pixel's receptive field is read in place as
// filter_height segments. Otherwise the row's receptive fields are copied
// out (a tiled im2col).
#include <stddef.h>
#include <stdint.h>

struct ik_conv2d_params;

#define IK_CONV2D_MAX_SEGMENTS 16

/// Where a tile's activations are: the packed_depth values of pixel i are
/// `count` segments of `length` bytes (a multiple of 4), segment s starting
/// at start[s] + i * pixel_step.
typedef struct {
    const int8_t *start[IK_CONV2D_MAX_SEGMENTS];
    int32_t count, length, pixel_step;
} ik_conv2d_operand;

/// Computes the outputs of `pixels` (1 ... pixel_tile; up to
/// one_block_pixel_tile when channels <= channel_block) consecutive output
/// pixels for `channels` (1 ... last_channel_tile) channels from
/// channel_begin, a multiple of channel_block.
typedef void (*ik_qs8_conv_ukernel)(const struct ik_conv2d_params *params, int32_t pixels,
                                    const ik_conv2d_operand *activations, int32_t channel_begin,
                                    int32_t channels, int8_t *output);

/// One micro-kernel: its tile shape, activation encoding and CPU requirement.
typedef struct {
    const char *name;
    int32_t pixel_tile;        // pixels per call (MR)
    /// Pixels per call whose channels fit in one block, if more than
    /// pixel_tile (0: pixel_tile): one block frees registers for more pixels.
    int32_t one_block_pixel_tile;
    int32_t channel_block;     // channels per packed block (NR)
    int32_t channel_tile;      // channels per call, a multiple of channel_block
    /// The most channels the last call of a row may take, so that it does
    /// not leave a lone block behind (80 channels: 32 + 48, not 32 + 32 + 16).
    int32_t last_channel_tile;
    /// Added to every gathered activation (128 for u8 × s8 dot products,
    /// done as an XOR of the sign bit); the pack folds it into the bias.
    int32_t activation_offset;
    /// Copies `count` activations into the columns in this encoding.
    void (*encode)(int8_t *columns, const int8_t *activations, int32_t count);
    /// Copies `pixels` pixels of `depth` activations into `staged_depth`
    /// bytes each in this encoding; the extra channels get `padding`.
    void (*encode_pixels)(int8_t *staged, const int8_t *activations, int32_t pixels, int32_t depth,
                          int32_t staged_depth, int8_t padding);
    ik_qs8_conv_ukernel run;
    int (*is_supported)(void);
} ik_qs8_conv_variant;

/// Variants compiled for this architecture, fastest first; the portable C one is last.
size_t ik_qs8_conv_variant_count(void);
const ik_qs8_conv_variant *ik_qs8_conv_variant_at(size_t index);
/// The fastest variant this CPU runs.
const ik_qs8_conv_variant *ik_qs8_conv_best_variant(void);

typedef struct ik_conv2d_params {
    int32_t batches;
    int32_t input_height, input_width, input_depth;
    /// Bytes from one input pixel to the next: input_depth, or more when the
    /// input is a channel slice of a wider tensor (a concatenation's).
    int32_t input_pixel_stride;
    int32_t output_height, output_width, output_depth;
    /// Bytes from one output pixel to the next: output_depth, or more when the
    /// output is a channel slice of a wider tensor (a concatenation's, written
    /// in place; the output pointer then points at the slice's first channel).
    int32_t output_pixel_stride;
    int32_t filter_height, filter_width;
    int32_t stride_height, stride_width;
    int32_t dilation_height, dilation_width;
    int32_t padding_top, padding_left;
    int32_t input_zero_point;
    int32_t output_zero_point;
    int32_t activation_min, activation_max;
    const ik_qs8_conv_variant *variant;
    /// From ik_conv2d_packed_depth.
    int32_t packed_depth;
    /// output_depth rounded up to a multiple of the variant's channel_block.
    int32_t packed_channels;
    /// [packed_channels / NR][packed_depth / 4][NR][4]: four consecutive depth
    /// values of NR channels side by side, the order dot-product instructions read.
    const int8_t *packed_filter;
    /// 1 when no weight is -128 (set by ik_conv2d_pack): then two int8 × int8
    /// products always sum within int16, which a kernel may rely on.
    int32_t products_pair_in_int16;
    /// The arrays below have packed_channels entries (padding channels are inert).
    const int32_t *folded_bias;    // bias - (input_zero_point + activation_offset) * sum(filter)
    const int32_t *multiplier;     // Q31 mantissa in [2^30, 2^31)
    const int32_t *left_shift;     // max(shift, 0)
    const int32_t *right_shift;    // max(-shift, 0)
    const int8_t *epilogue;        // 256 entries indexed by q + 128, or NULL
} ik_conv2d_params;

/// The packed reduction length for the shape fields: filter_height ×
/// filter_width × the staged channels per pixel, rounded up to a multiple of 4.
int32_t ik_conv2d_packed_depth(const ik_conv2d_params *params);

/// Bytes of packed filter for `params` (shape fields and variant set).
size_t ik_conv2d_packed_filter_bytes(const ik_conv2d_params *params);

/// Packs an OHWI int8 filter into `packed`, writes folded_bias
/// (packed_channels entries) and sets products_pair_in_int16. `bias` may be
/// NULL (zero bias).
void ik_conv2d_pack(ik_conv2d_params *params, const int8_t *filter, const int32_t *bias,
                    int8_t *packed, int32_t *folded_bias);

/// Scratch bytes one call of ik_conv2d_run_rows needs.
size_t ik_conv2d_scratch_bytes(const ik_conv2d_params *params);

/// Computes output rows [row_begin, row_end) of the batches * output_height rows.
void ik_conv2d_run_rows(const ik_conv2d_params *params, const int8_t *input, int8_t *output,
                        void *scratch, int32_t row_begin, int32_t row_end);

#endif
