import CV4L2

extension V4L2Device {
    /// Every capture format, libv4l's emulated ones included, with its sizes and frame rates;
    /// when `sizesOf` is given, other formats are listed without sizes, as each size and
    /// rate costs an ioctl (thousands on drivers like vivid, slowing every reconnect).
    func enumerateFormats(sizesOf wanted: [PixelFormat]? = nil) throws(CaptureFault) -> [FormatDescription] {
        var formats: [FormatDescription] = []
        for index in UInt32(0)... {
            var entry = v4l2_fmtdesc()
            entry.index = index
            entry.type = V4L2_BUF_TYPE_VIDEO_CAPTURE.rawValue
            do throws(CaptureFault) {
                try ioctl(CV4L2_VIDIOC_ENUM_FMT, "VIDIOC_ENUM_FMT", &entry)
            } catch where error.isEndOfEnumeration {
                break
            }
            let format = PixelFormat(fourCC: entry.pixelformat)
            formats.append(
                FormatDescription(
                    format: format, name: string(fromCArray: entry.description),
                    isEmulated: entry.flags & UInt32(V4L2_FMT_FLAG_EMULATED) != 0,
                    sizes: wanted.map { $0.contains(format) } ?? true
                        ? try enumerateSizes(of: format) : .discrete([])))
        }
        return formats
    }

    private func enumerateSizes(of format: PixelFormat) throws(CaptureFault) -> FrameSizes {
        var sizes: [DiscreteFrameSize] = []
        for index in UInt32(0)... {
            var entry = v4l2_frmsizeenum()
            entry.index = index
            entry.pixel_format = format.fourCC
            do throws(CaptureFault) {
                try ioctl(CV4L2_VIDIOC_ENUM_FRAMESIZES, "VIDIOC_ENUM_FRAMESIZES", &entry)
            } catch where error.isEndOfEnumeration {
                break
            }
            if entry.type != V4L2_FRMSIZE_TYPE_DISCRETE.rawValue {
                let range = entry.stepwise
                return .stepwise(
                    minimum: FrameSize(width: Int(range.min_width), height: Int(range.min_height)),
                    maximum: FrameSize(width: Int(range.max_width), height: Int(range.max_height)),
                    step: FrameSize(width: Int(range.step_width), height: Int(range.step_height)))
            }
            let size = FrameSize(width: Int(entry.discrete.width), height: Int(entry.discrete.height))
            sizes.append(DiscreteFrameSize(size, rates: try enumerateRates(of: format, at: size)))
        }
        return .discrete(sizes)
    }

    private func enumerateRates(of format: PixelFormat, at size: FrameSize) throws(CaptureFault)
        -> FrameRates
    {
        var rates: [Double] = []
        for index in UInt32(0)... {
            var entry = v4l2_frmivalenum()
            entry.index = index
            entry.pixel_format = format.fourCC
            entry.width = UInt32(size.width)
            entry.height = UInt32(size.height)
            do throws(CaptureFault) {
                try ioctl(CV4L2_VIDIOC_ENUM_FRAMEINTERVALS, "VIDIOC_ENUM_FRAMEINTERVALS", &entry)
            } catch where error.isEndOfEnumeration {
                break
            }
            if entry.type != V4L2_FRMIVAL_TYPE_DISCRETE.rawValue {
                // Intervals are seconds per frame: the shortest interval is the highest rate.
                let range = entry.stepwise
                return .range(minimum: rate(of: range.max), maximum: rate(of: range.min))
            }
            rates.append(rate(of: entry.discrete))
        }
        return rates.isEmpty ? .unknown : .discrete(rates)
    }
}

/// Frames per second for a V4L2 frame interval (seconds per frame as a fraction).
func rate(of interval: v4l2_fract) -> Double {
    interval.numerator == 0 ? 0 : Double(interval.denominator) / Double(interval.numerator)
}
