import Imaging

/// A bilevel image: one byte per pixel, 1 = ink, 0 = paper, row-major.
public struct InkMask: Sendable, Equatable {
    /// Width in pixels.
    public let width: Int
    /// Height in pixels.
    public let height: Int
    /// `width * height` bytes, each 0 or 1.
    public var bits: [UInt8]

    /// A mask of the given size with no ink.
    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
        self.bits = [UInt8](repeating: 0, count: width * height)
    }

    /// A mask from bytes that are already 0 or 1.
    public init(width: Int, height: Int, bits: [UInt8]) {
        precondition(bits.count == width * height, "mask bytes do not match the size")
        self.width = width
        self.height = height
        self.bits = bits
    }

    /// Whether (x, y) is ink; false outside the mask.
    @inlinable
    public func isInk(_ x: Int, _ y: Int) -> Bool {
        x >= 0 && y >= 0 && x < width && y < height && bits[y * width + x] != 0
    }

    /// Number of ink pixels.
    public var inkCount: Int {
        bits.withUnsafeBufferPointer { b in
            var total = 0
            for v in b { total &+= Int(v) }
            return total
        }
    }

    /// Ink pixels inside `box` (clipped to the mask).
    public func inkCount(in box: PixelBox) -> Int {
        guard let clipped = box.clipped(width: width, height: height) else { return 0 }
        return bits.withUnsafeBufferPointer { b in
            var total = 0
            for y in clipped.y..<clipped.maxY {
                let row = b.baseAddress! + y * width
                for x in clipped.x..<clipped.maxX { total &+= Int(row[x]) }
            }
            return total
        }
    }

    /// The tight bounding box of the ink inside `box`, or nil when there is none.
    public func inkBounds(in box: PixelBox? = nil) -> PixelBox? {
        guard let area = (box ?? PixelBox(x: 0, y: 0, width: width, height: height)).clipped(width: width, height: height) else { return nil }
        return bits.withUnsafeBufferPointer { b -> PixelBox? in
            var minX = Int.max, minY = Int.max, maxX = -1, maxY = -1
            for y in area.y..<area.maxY {
                let row = b.baseAddress! + y * width
                var x = area.x
                while x < area.maxX {
                    if row[x] != 0 {
                        if x < minX { minX = x }
                        if x > maxX { maxX = x }
                        if y < minY { minY = y }
                        maxY = y
                    }
                    x += 1
                }
            }
            guard maxX >= 0 else { return nil }
            return PixelBox(x: minX, y: minY, width: maxX - minX + 1, height: maxY - minY + 1)
        }
    }
}
