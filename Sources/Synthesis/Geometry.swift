#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A point or vector in the plane (millimetres for pen paths, pixels on a canvas).
public struct Point: Sendable, Equatable {
    /// Horizontal coordinate.
    public var x: Double
    /// Vertical coordinate.
    public var y: Double
    /// Creates a point.
    public init(_ x: Double, _ y: Double) { self.x = x; self.y = y }

    static func + (a: Point, b: Point) -> Point { Point(a.x + b.x, a.y + b.y) }
    static func - (a: Point, b: Point) -> Point { Point(a.x - b.x, a.y - b.y) }
    static func * (a: Point, s: Double) -> Point { Point(a.x * s, a.y * s) }
    var length: Double { (x * x + y * y).squareRoot() }
    var angle: Double { atan2(y, x) }
}

/// A 2-D affine map: p' = (a·x + b·y + tx, c·x + d·y + ty).
struct Affine: Sendable {
    var a = 1.0, b = 0.0, c = 0.0, d = 1.0, tx = 0.0, ty = 0.0

    static let identity = Affine()

    static func scale(_ sx: Double, _ sy: Double) -> Affine { Affine(a: sx, b: 0, c: 0, d: sy, tx: 0, ty: 0) }
    static func translate(_ x: Double, _ y: Double) -> Affine { Affine(a: 1, b: 0, c: 0, d: 1, tx: x, ty: y) }
    static func rotate(_ angle: Double) -> Affine {
        Affine(a: cos(angle), b: -sin(angle), c: sin(angle), d: cos(angle), tx: 0, ty: 0)
    }
    /// Horizontal shear: x += k·y.
    static func shear(_ k: Double) -> Affine { Affine(a: 1, b: k, c: 0, d: 1, tx: 0, ty: 0) }

    /// Applies `self` after `first`.
    func after(_ first: Affine) -> Affine {
        Affine(a: a * first.a + b * first.c, b: a * first.b + b * first.d,
               c: c * first.a + d * first.c, d: c * first.b + d * first.d,
               tx: a * first.tx + b * first.ty + tx, ty: c * first.tx + d * first.ty + ty)
    }

    func apply(_ p: Point) -> Point { Point(a * p.x + b * p.y + tx, c * p.x + d * p.y + ty) }

    /// The mean linear scale factor (for pen widths under the map).
    var meanScale: Double { (abs(a * d - b * c)).squareRoot() }
}
