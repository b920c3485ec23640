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

/// An axis-aligned rectangle in page pixels: `x, y` is the top-left pixel; `width, height` are counts.
public struct PixelBox: Sendable, Equatable, Hashable, Codable, CustomStringConvertible {
    /// Left column.
    public var x: Int
    /// Top row.
    public var y: Int
    /// Columns covered.
    public var width: Int
    /// Rows covered.
    public var height: Int

    /// A box from its top-left corner and size.
    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    /// One past the right column.
    public var maxX: Int { x + width }
    /// One past the bottom row.
    public var maxY: Int { y + height }
    /// Pixels covered.
    public var area: Int { max(0, width) * max(0, height) }

    /// The part of the box inside a `width` x `height` image, or nil when nothing is left.
    public func clipped(width w: Int, height h: Int) -> PixelBox? {
        let x0 = max(0, x), y0 = max(0, y), x1 = min(w, maxX), y1 = min(h, maxY)
        guard x1 > x0, y1 > y0 else { return nil }
        return PixelBox(x: x0, y: y0, width: x1 - x0, height: y1 - y0)
    }

    /// The smallest box holding both.
    public func union(_ other: PixelBox) -> PixelBox {
        let x0 = min(x, other.x), y0 = min(y, other.y)
        return PixelBox(x: x0, y: y0, width: max(maxX, other.maxX) - x0, height: max(maxY, other.maxY) - y0)
    }

    /// Pixels the two boxes share.
    public func intersectionArea(_ other: PixelBox) -> Int {
        let w = min(maxX, other.maxX) - max(x, other.x), h = min(maxY, other.maxY) - max(y, other.y)
        return w > 0 && h > 0 ? w * h : 0
    }

    /// Intersection over union, 0 when the boxes are disjoint.
    public func iou(_ other: PixelBox) -> Double {
        let inter = intersectionArea(other)
        let union = area + other.area - inter
        return union > 0 ? Double(inter) / Double(union) : 0
    }

    /// The box grown by `dx` on the left and right and `dy` on the top and bottom.
    public func expanded(dx: Int, dy: Int) -> PixelBox {
        PixelBox(x: x - dx, y: y - dy, width: width + 2 * dx, height: height + 2 * dy)
    }

    /// "x,y widthxheight".
    public var description: String { "\(x),\(y) \(width)x\(height)" }
}
