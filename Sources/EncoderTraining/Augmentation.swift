import Foundation
import TwinEncoder

/// Random changes applied to each training image: small rotation, scale and shift, stroke-width change, noise.
/// All draws come from the caller's seeded generator, so an epoch is reproducible.
public struct Augmentation: Sendable, Equatable, Codable {
    /// Largest rotation either way, degrees.
    public var rotationDegrees: Double
    /// Largest relative scale change either way (0.1 = 90%…110%).
    public var scaleRange: Double
    /// Largest shift either way, pixels.
    public var shiftPixels: Double
    /// Probability of a stroke-width change (half thicker, half thinner).
    public var strokeProbability: Double
    /// Standard deviation of the added Gaussian noise, in [0, 1] units (applied to every image).
    public var noiseSigma: Double

    /// The default: ±5°, ±10%, ±8 px, stroke change on 40% of images, noise σ 0.02.
    public static let standard = Augmentation(rotationDegrees: 5, scaleRange: 0.1, shiftPixels: 8, strokeProbability: 0.4,
                                              noiseSigma: 0.02)
    /// No change at all.
    public static let none = Augmentation(rotationDegrees: 0, scaleRange: 0, shiftPixels: 0, strokeProbability: 0,
                                          noiseSigma: 0)

    /// Memberwise.
    public init(rotationDegrees: Double, scaleRange: Double, shiftPixels: Double, strokeProbability: Double,
                noiseSigma: Double) {
        self.rotationDegrees = rotationDegrees
        self.scaleRange = scaleRange
        self.shiftPixels = shiftPixels
        self.strokeProbability = strokeProbability
        self.noiseSigma = noiseSigma
    }

    /// Writes the augmented image (values in [0, 1], ink high) to `dst` (`height × width` floats).
    public func apply(_ image: [UInt8], height h: Int, width w: Int, rng: inout SplitMix64,
                      into dst: UnsafeMutablePointer<Float>) {
        var src = image
        let strokeDraw = Double(rng.nextUnit())
        if strokeDraw < strokeProbability {
            src = Self.morph(image, height: h, width: w, thicker: strokeDraw < strokeProbability / 2)
        }
        let angle = (Double(rng.nextUnit()) * 2 - 1) * rotationDegrees * .pi / 180
        let scale = 1 + (Double(rng.nextUnit()) * 2 - 1) * scaleRange
        let tx = (Double(rng.nextUnit()) * 2 - 1) * shiftPixels
        let ty = (Double(rng.nextUnit()) * 2 - 1) * shiftPixels
        // Inverse map: source = centre + R(−θ)·(p − centre − t)/s, bilinear.
        let (cx, cy) = (Double(w - 1) / 2, Double(h - 1) / 2)
        let (c, s) = (cos(angle) / scale, sin(angle) / scale)
        src.withUnsafeBufferPointer { sp in
            for y in 0..<h {
                for x in 0..<w {
                    let dx = Double(x) - cx - tx, dy = Double(y) - cy - ty
                    let sx = cx + c * dx + s * dy, sy = cy - s * dx + c * dy
                    dst[y * w + x] = Self.bilinear(sp, w, h, sx, sy)
                }
            }
        }
        if noiseSigma > 0 {
            let sigma = Float(noiseSigma)
            for i in 0..<(h * w) { dst[i] = min(max(dst[i] + sigma * rng.nextGaussian(), 0), 1) }
        }
    }

    @inline(__always)
    static func bilinear(_ p: UnsafeBufferPointer<UInt8>, _ w: Int, _ h: Int, _ x: Double, _ y: Double) -> Float {
        let x0 = Int(floor(x)), y0 = Int(floor(y))
        let fx = Float(x - Double(x0)), fy = Float(y - Double(y0))
        @inline(__always) func at(_ xx: Int, _ yy: Int) -> Float {
            (xx < 0 || yy < 0 || xx >= w || yy >= h) ? 0 : Float(p[yy * w + xx])
        }
        let top = at(x0, y0) * (1 - fx) + at(x0 + 1, y0) * fx
        let bottom = at(x0, y0 + 1) * (1 - fx) + at(x0 + 1, y0 + 1) * fx
        return (top * (1 - fy) + bottom * fy) * (1 / 255)
    }

    /// Grey dilation (thicker ink) or erosion (thinner ink) over the 4-neighbourhood (edges use the pixel itself).
    static func morph(_ img: [UInt8], height h: Int, width w: Int, thicker: Bool) -> [UInt8] {
        var out = img
        img.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for y in 0..<h {
                    for x in 0..<w {
                        let i = y * w + x
                        let c = src[i]
                        let l = x > 0 ? src[i - 1] : c, r = x + 1 < w ? src[i + 1] : c
                        let u = y > 0 ? src[i - w] : c, d = y + 1 < h ? src[i + w] : c
                        dst[i] = thicker ? max(max(max(c, l), max(r, u)), d) : min(min(min(c, l), min(r, u)), d)
                    }
                }
            }
        }
        return out
    }
}
