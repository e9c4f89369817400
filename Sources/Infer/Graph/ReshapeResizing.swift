/// A RESHAPE's target shape at another input size.
///
/// A reshape only merges and splits neighbouring axes, so its old input and
/// output shapes fall into aligned blocks of equal element count. A block
/// whose input axes kept their sizes keeps its output axes; a block whose
/// count changed gives the new count to its one output axis larger than 1
/// (feature-map positions flattened), or, when it splits the count into two
/// such axes (positions back into rows and columns, as YOLO11's attention
/// does), scales them by the graph input's height and width factors.
enum ReshapeResizing {
    /// Nil when the reshape does not fit these rules or the factors give no
    /// whole sizes of the new count.
    static func target(
        _ output: [Int], oldInput: [Int], newInput: [Int], heightScale: (new: Int, old: Int), widthScale: (new: Int, old: Int)
    ) -> [Int]? {
        guard oldInput.count == newInput.count, !output.isEmpty, (oldInput + output).allSatisfy({ $0 > 0 }) else { return nil }
        var result: [Int] = []
        var (inputAxis, outputAxis) = (0, 0)
        while outputAxis < output.count {
            // The next block: the fewest axes on both sides with equal counts.
            var (oldCount, newCount, outputCount) = (1, 1, 1)
            var blockOutput: [Int] = []
            repeat {
                if outputCount <= oldCount, outputAxis < output.count {
                    outputCount *= output[outputAxis]
                    blockOutput.append(output[outputAxis])
                    outputAxis += 1
                } else if inputAxis < oldInput.count {
                    oldCount *= oldInput[inputAxis]
                    newCount *= newInput[inputAxis]
                    inputAxis += 1
                } else {
                    return nil
                }
            } while outputCount != oldCount || (inputAxis < oldInput.count && oldInput[inputAxis] == 1 && outputAxis == output.count)
            guard let resized = resizedBlock(blockOutput, from: oldCount, to: newCount, heightScale, widthScale) else { return nil }
            result += resized
        }
        // Leftover input axes can only be 1s.
        guard oldInput[inputAxis...].allSatisfy({ $0 == 1 }), newInput[inputAxis...].allSatisfy({ $0 == 1 }) else { return nil }
        return result
    }

    private static func resizedBlock(
        _ axes: [Int], from oldCount: Int, to newCount: Int, _ heightScale: (new: Int, old: Int), _ widthScale: (new: Int, old: Int)
    ) -> [Int]? {
        guard oldCount != newCount else { return axes }
        let sized = axes.indices.filter { axes[$0] > 1 }
        var resized = axes
        switch sized.count {
        case 1:
            resized[sized[0]] = newCount
        case 2:
            let (rows, columns) = (axes[sized[0]] * heightScale.new, axes[sized[1]] * widthScale.new)
            guard rows % heightScale.old == 0, columns % widthScale.old == 0 else { return nil }
            resized[sized[0]] = rows / heightScale.old
            resized[sized[1]] = columns / widthScale.old
        default:
            return nil
        }
        return resized.reduce(1, *) == newCount ? resized : nil
    }
}
