#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Small image filters used by normalisation, each on unsafe pointers (hot loops) and fully deterministic.
public enum ImageFilters {
    /// Separable Gaussian blur (kernel radius ⌈3σ⌉, edges replicated) of an 8-bit image, in Float.
    public static func gaussianBlur(_ image: [UInt8], width: Int, height: Int, sigma: Double) -> [Float] {
        let radius = max(1, Int((3 * sigma).rounded(.up)))
        var kernel = [Float](repeating: 0, count: 2 * radius + 1)
        var total: Float = 0
        for i in -radius...radius {
            let v = Float(exp(-Double(i * i) / (2 * sigma * sigma)))
            kernel[i + radius] = v
            total += v
        }
        for i in kernel.indices { kernel[i] /= total }
        var horizontal = [Float](repeating: 0, count: width * height)
        var out = [Float](repeating: 0, count: width * height)
        // Rows: each row once as floats with its edge pixels repeated `radius` times on either side, then one
        // multiply-add sweep per tap (vectorisable, the same sums in the same order as tap by tap per pixel).
        var padded = [Float](repeating: 0, count: width + 2 * radius)
        image.withUnsafeBufferPointer { src in
            horizontal.withUnsafeMutableBufferPointer { hb in
                padded.withUnsafeMutableBufferPointer { pb in
                    kernel.withUnsafeBufferPointer { kb in
                        let s = src.baseAddress!, h = hb.baseAddress!, p = pb.baseAddress!, k = kb.baseAddress!
                        for y in 0..<height {
                            let row = s + y * width, dst = h + y * width
                            for x in 0..<radius { p[x] = Float(row[0]); p[radius + width + x] = Float(row[width - 1]) }
                            for x in 0..<width { p[radius + x] = Float(row[x]) }
                            for x in 0..<width { dst[x] = 0 }
                            for i in 0...(2 * radius) {
                                let weight = k[i], from = p + i
                                for x in 0..<width { dst[x] += weight * from[x] }
                            }
                        }
                    }
                }
            }
        }
        horizontal.withUnsafeBufferPointer { hb in
            out.withUnsafeMutableBufferPointer { ob in
                kernel.withUnsafeBufferPointer { kb in
                    let h = hb.baseAddress!, o = ob.baseAddress!, k = kb.baseAddress!
                    for y in 0..<height {
                        let dst = o + y * width
                        for x in 0..<width { dst[x] = 0 }
                        for i in -radius...radius {
                            let src = h + min(height - 1, max(0, y + i)) * width
                            let weight = k[i + radius]
                            for x in 0..<width { dst[x] += weight * src[x] }
                        }
                    }
                }
            }
        }
        return out
    }

    /// Area-averaging resize (each output pixel is the coverage-weighted mean of the source pixels under it) of a
    /// Float image; for enlargement it falls back to the same weights, which then pick one or two source pixels.
    public static func resizeArea(_ image: [Float], width: Int, height: Int, toWidth: Int, toHeight: Int) -> [Float] {
        let wx = weights(from: width, to: toWidth), wy = weights(from: height, to: toHeight)
        // Rows first: height x toWidth.
        var temp = [Float](repeating: 0, count: height * toWidth)
        image.withUnsafeBufferPointer { ib in
            temp.withUnsafeMutableBufferPointer { tb in
                let src = ib.baseAddress!, dst = tb.baseAddress!
                for y in 0..<height {
                    let row = src + y * width, out = dst + y * toWidth
                    for (x, taps) in wx.enumerated() {
                        var acc: Float = 0
                        for (i, w) in taps { acc += w * row[i] }
                        out[x] = acc
                    }
                }
            }
        }
        var out = [Float](repeating: 0, count: toHeight * toWidth)
        temp.withUnsafeBufferPointer { tb in
            out.withUnsafeMutableBufferPointer { ob in
                let src = tb.baseAddress!, dst = ob.baseAddress!
                for (y, taps) in wy.enumerated() {
                    let row = dst + y * toWidth
                    for (i, w) in taps {
                        let s = src + i * toWidth
                        for x in 0..<toWidth { row[x] += w * s[x] }
                    }
                }
            }
        }
        return out
    }

    /// For each output index, the source indices and weights (summing to 1) under it.
    static func weights(from n: Int, to m: Int) -> [[(Int, Float)]] {
        let scale = Double(n) / Double(m)
        return (0..<m).map { j in
            if scale <= 1 {
                // Enlarging: linear interpolation between the two nearest source centres.
                let centre = (Double(j) + 0.5) * scale - 0.5
                let i0 = max(0, min(n - 1, Int(centre.rounded(.down))))
                let i1 = min(n - 1, i0 + 1)
                let f = Float(max(0, min(1, centre - Double(i0))))
                return i0 == i1 ? [(i0, Float(1))] : [(i0, 1 - f), (i1, f)]
            }
            let a = Double(j) * scale, b = Double(j + 1) * scale
            var taps: [(Int, Float)] = []
            var i = Int(a.rounded(.down))
            while Double(i) < b && i < n {
                let cover = min(b, Double(i + 1)) - max(a, Double(i))
                if cover > 1e-9 { taps.append((i, Float(cover / scale))) }
                i += 1
            }
            return taps
        }
    }
}
