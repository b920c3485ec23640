/// An axis-aligned rectangle in page pixels: `x, y` is the top-left pixel; `width, height` are counts
/// (half-open: columns `x ..< x + width`, rows `y ..< y + height`). Shared by every target that names a place on a page.
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
    /// True when the box covers no pixel.
    public var isEmpty: Bool { width <= 0 || height <= 0 }

    /// The part of the box inside a `width` x `height` image, or nil when nothing is left.
    public func clipped(width w: Int, height h: Int) -> PixelBox? {
        let x0 = max(0, x), y0 = max(0, y), x1 = min(w, maxX), y1 = min(h, maxY)
        guard x1 > x0, y1 > y0 else { return nil }
        return PixelBox(x: x0, y: y0, width: x1 - x0, height: y1 - y0)
    }

    /// The smallest box holding both; an empty box adds nothing (so an empty box is the identity of `union`).
    public func union(_ other: PixelBox) -> PixelBox {
        if isEmpty { return other }
        if other.isEmpty { return self }
        let x0 = min(x, other.x), y0 = min(y, other.y)
        return PixelBox(x: x0, y: y0, width: max(maxX, other.maxX) - x0, height: max(maxY, other.maxY) - y0)
    }

    /// True when `other` lies entirely inside this box.
    public func contains(_ other: PixelBox) -> Bool {
        other.x >= x && other.y >= y && other.maxX <= maxX && other.maxY <= maxY
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
