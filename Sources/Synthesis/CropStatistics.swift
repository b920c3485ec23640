/// Simple statistics of one signature crop, measured the same way for synthetic and real images so that the two
/// can be compared side by side. The crop is first scaled so that its ink box is `normalHeight` pixels high;
/// widths and curvatures are in those normalised pixels.
public struct CropStatistics: Sendable {
    /// Height the ink box is scaled to before measuring.
    public static let normalHeight = 150.0

    /// Ink pixels / ink-box pixels (Otsu threshold).
    public var inkDensity: Double
    /// Ink-box width / height.
    public var aspectRatio: Double
    /// Stroke widths (2 × distance-transform ridge values), normalised pixels.
    public var strokeWidths: [Double]
    /// |curvature| of ink edges (isophote curvature of the lightly blurred image), per normalised pixel.
    public var curvatures: [Double]
    /// Median grey of the paper (pixels above the threshold).
    public var paperGray: Double
    /// Median grey of the ink.
    public var inkGray: Double

    /// Measures a grey crop; nil when it holds no ink.
    public static func measure(gray: [UInt8], width: Int, height: Int) -> CropStatistics? {
        guard width > 4, height > 4, gray.count == width * height else { return nil }
        let t = otsu(gray)
        var minX = width, minY = height, maxX = -1, maxY = -1
        var paper: [UInt8] = [], ink: [UInt8] = []
        for y in 0..<height { for x in 0..<width {
            let v = gray[y * width + x]
            if v <= t {
                minX = min(minX, x); maxX = max(maxX, x); minY = min(minY, y); maxY = max(maxY, y)
                if ink.count < 200_000 { ink.append(v) }
            } else if (x + y) % 7 == 0 { paper.append(v) }
        } }
        guard maxX > minX, maxY > minY else { return nil }
        let bw = maxX - minX + 1, bh = maxY - minY + 1
        // Scale the ink box (with a small border) to the normal height, by area averaging or bilinear.
        let scale = normalHeight / Double(bh)
        let border = max(2, Int(4 / scale))
        let x0 = max(0, minX - border), y0 = max(0, minY - border)
        let x1 = min(width, maxX + 1 + border), y1 = min(height, maxY + 1 + border)
        let nw = max(4, Int(Double(x1 - x0) * scale)), nh = max(4, Int(Double(y1 - y0) * scale))
        var scaled = [Double](repeating: 255, count: nw * nh)
        for y in 0..<nh {
            let sy = (Double(y) + 0.5) / scale - 0.5 + Double(y0)
            let iy = min(y1 - 2, max(y0, Int(sy))), fy = min(1, max(0, sy - Double(iy)))
            for x in 0..<nw {
                let sx = (Double(x) + 0.5) / scale - 0.5 + Double(x0)
                let ix = min(x1 - 2, max(x0, Int(sx))), fx = min(1, max(0, sx - Double(ix)))
                let a = Double(gray[iy * width + ix]), b = Double(gray[iy * width + ix + 1])
                let c = Double(gray[(iy + 1) * width + ix]), d = Double(gray[(iy + 1) * width + ix + 1])
                scaled[y * nw + x] = (a + (b - a) * fx) * (1 - fy) + (c + (d - c) * fx) * fy
            }
        }
        let mask = scaled.map { $0 <= Double(t) }
        let inkCount = mask.reduce(0) { $0 + ($1 ? 1 : 0) }
        let boxArea = Double(nw - 2 * Int(Double(border) * scale)) * Double(nh - 2 * Int(Double(border) * scale))
        let widths = strokeWidths(mask, nw, nh)
        let curvatures = edgeCurvatures(scaled, nw, nh, threshold: Double(t))
        return CropStatistics(inkDensity: Double(inkCount) / max(1, boxArea), aspectRatio: Double(bw) / Double(bh),
                              strokeWidths: widths, curvatures: curvatures,
                              paperGray: median(paper.map(Double.init)), inkGray: median(ink.map(Double.init)))
    }

    /// Otsu's threshold of an 8-bit image.
    static func otsu(_ gray: [UInt8]) -> UInt8 {
        var histogram = [Double](repeating: 0, count: 256)
        for v in gray { histogram[Int(v)] += 1 }
        let total = Double(gray.count)
        var sum = 0.0
        for i in 0..<256 { sum += Double(i) * histogram[i] }
        var sumB = 0.0, wB = 0.0, best = 0.0, threshold = 0
        for i in 0..<256 {
            wB += histogram[i]
            if wB == 0 { continue }
            let wF = total - wB
            if wF == 0 { break }
            sumB += Double(i) * histogram[i]
            let mB = sumB / wB, mF = (sum - sumB) / wF
            let between = wB * wF * (mB - mF) * (mB - mF)
            if between > best { best = between; threshold = i }
        }
        return UInt8(threshold)
    }

    /// 2 × the chamfer (3-4) distance at ridge pixels (local maxima of the distance transform).
    static func strokeWidths(_ mask: [Bool], _ w: Int, _ h: Int) -> [Double] {
        let far = 1 << 20
        var d = mask.map { $0 ? far : 0 }
        for y in 0..<h { for x in 0..<w where d[y * w + x] > 0 {
            var v = d[y * w + x]
            if x > 0 { v = min(v, d[y * w + x - 1] + 3) } else { v = min(v, 3) }
            if y > 0 { v = min(v, d[(y - 1) * w + x] + 3) } else { v = min(v, 3) }
            if x > 0 && y > 0 { v = min(v, d[(y - 1) * w + x - 1] + 4) }
            if x + 1 < w && y > 0 { v = min(v, d[(y - 1) * w + x + 1] + 4) }
            d[y * w + x] = v
        } }
        for y in stride(from: h - 1, through: 0, by: -1) { for x in stride(from: w - 1, through: 0, by: -1) where d[y * w + x] > 0 {
            var v = d[y * w + x]
            if x + 1 < w { v = min(v, d[y * w + x + 1] + 3) } else { v = min(v, 3) }
            if y + 1 < h { v = min(v, d[(y + 1) * w + x] + 3) } else { v = min(v, 3) }
            if x + 1 < w && y + 1 < h { v = min(v, d[(y + 1) * w + x + 1] + 4) }
            if x > 0 && y + 1 < h { v = min(v, d[(y + 1) * w + x - 1] + 4) }
            d[y * w + x] = v
        } }
        var widths: [Double] = []
        for y in 1..<(h - 1) { for x in 1..<(w - 1) {
            let v = d[y * w + x]
            guard v > 0 else { continue }
            var ridge = true
            for dy in -1...1 { for dx in -1...1 where d[(y + dy) * w + x + dx] > v { ridge = false } }
            if ridge { widths.append(2 * Double(v) / 3 - 1) }
        } }
        return widths
    }

    /// |isophote curvature| at pixels near the threshold with a clear gradient, after a 3×3 box blur.
    static func edgeCurvatures(_ image: [Double], _ w: Int, _ h: Int, threshold: Double) -> [Double] {
        var b = image
        for y in 1..<(h - 1) { for x in 1..<(w - 1) {
            var s = 0.0
            for dy in -1...1 { for dx in -1...1 { s += image[(y + dy) * w + x + dx] } }
            b[y * w + x] = s / 9
        } }
        var out: [Double] = []
        for y in 2..<(h - 2) { for x in 2..<(w - 2) {
            let i = y * w + x
            guard abs(b[i] - threshold) < 20 else { continue }
            let ix = (b[i + 1] - b[i - 1]) / 2, iy = (b[i + w] - b[i - w]) / 2
            let g2 = ix * ix + iy * iy
            guard g2 > 100 else { continue }
            let ixx = b[i + 1] - 2 * b[i] + b[i - 1], iyy = b[i + w] - 2 * b[i] + b[i - w]
            let ixy = (b[i + w + 1] - b[i + w - 1] - b[i - w + 1] + b[i - w - 1]) / 4
            let k = (ixx * iy * iy - 2 * ixy * ix * iy + iyy * ix * ix) / (g2 * g2.squareRoot())
            out.append(abs(k))
        } }
        return out
    }
}

/// The median of values (0 when empty).
public func median(_ values: [Double]) -> Double { percentile(values, 0.5) }

/// The p-quantile (0…1) of values by nearest rank (0 when empty).
public func percentile(_ values: [Double], _ p: Double) -> Double {
    guard !values.isEmpty else { return 0 }
    let sorted = values.sorted()
    return sorted[min(sorted.count - 1, max(0, Int((Double(sorted.count - 1) * p).rounded())))]
}
