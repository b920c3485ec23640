/// A dense float32 tensor in row-major order; image batches are NCHW, feature batches are NF.
public struct Tensor: Sendable, Equatable {
    /// The dimensions, outermost first (N, C, H, W for images; N, F for features).
    public var shape: [Int]
    /// The values, row-major, `shape.reduce(1, *)` of them.
    public var data: [Float]

    /// A tensor of zeros with the given shape.
    public init(zeros shape: [Int]) {
        self.shape = shape
        self.data = [Float](repeating: 0, count: shape.reduce(1, *))
    }

    /// A tensor over existing values; the count must match the shape.
    public init(shape: [Int], data: [Float]) throws(EncoderError) {
        guard shape.reduce(1, *) == data.count else {
            throw .shapeMismatch(what: "tensor", expected: shape, actual: [data.count])
        }
        self.shape = shape
        self.data = data
    }

    /// Internal unchecked initialiser for layers that computed the count themselves.
    init(uncheckedShape shape: [Int], data: [Float]) {
        self.shape = shape
        self.data = data
    }

    /// The batch size (first dimension).
    public var batch: Int { shape.first ?? 0 }

    /// Elements per batch item (the product of all but the first dimension).
    public var itemCount: Int { shape.dropFirst().reduce(1, *) }

    /// The same values viewed with another shape of the same element count.
    public func reshaped(_ newShape: [Int]) -> Tensor {
        precondition(newShape.reduce(1, *) == data.count, "reshape keeps the element count")
        return Tensor(uncheckedShape: newShape, data: data)
    }
}
