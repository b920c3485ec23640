/// Sauvola's local threshold (Sauvola & Pietikäinen 2000): T = m · (1 + k · (s / R − 1)) over a square window,
/// with the window mean m and standard deviation s read from integral images in constant work per pixel.
///
/// The integral images are built strip by strip (memory grows with the page width, not its area) in wrapping
/// 32-bit arithmetic: a window's sum of squares is at most 255² · window² < 2³², so differences of wrapped
/// sums are exact.
public struct SauvolaParameters: Sendable, Equatable, Codable {
    /// Window side in pixels at 300 dpi (scaled with the page's resolution; always odd).
    public var windowAt300dpi: Int
    /// Sensitivity k.
    public var k: Double
    /// Dynamic range of the standard deviation R.
    public var r: Double

    /// Window 51 px at 300 dpi, k 0.2, R 128.
    public init(windowAt300dpi: Int = 51, k: Double = 0.2, r: Double = 128) {
        self.windowAt300dpi = windowAt300dpi
        self.k = k
        self.r = r
    }

    /// The odd window side used at `dpi`.
    public func window(dpi: Double) -> Int {
        let w = max(7, Int((Double(windowAt300dpi) * dpi / 300).rounded()))
        return w | 1
    }
}

/// Applies Sauvola's threshold to a grey image.
public enum SauvolaBinarizer {
    private static let stripRows = 128

    /// Writes `1` where the pixel is ink by Sauvola's rule, `0` elsewhere.
    public static func apply(_ gray: UnsafePointer<UInt8>, width: Int, height: Int, window: Int, k: Double, r: Double,
                             into mask: UnsafeMutablePointer<UInt8>) {
        guard width > 0, height > 0 else { return }
        let radius = max(1, window / 2)
        let stride = width + 1
        let maxRows = stripRows + 2 * radius + 1
        var sumBuffer = [UInt32](repeating: 0, count: maxRows * stride)
        var sqBuffer = [UInt32](repeating: 0, count: maxRows * stride)
        let kf = Float(k), invR = Float(1 / r)
        sumBuffer.withUnsafeMutableBufferPointer { sb in
            sqBuffer.withUnsafeMutableBufferPointer { qb in
                let sums = sb.baseAddress!, squares = qb.baseAddress!
                var stripStart = 0
                while stripStart < height {
                    let stripEnd = min(height, stripStart + stripRows)
                    let y0 = max(0, stripStart - radius), y1 = min(height, stripEnd + radius)
                    // Integral images of rows y0..<y1: entry (j, x) sums rows y0..<y0+j, columns 0..<x.
                    for x in 0...width { sums[x] = 0; squares[x] = 0 }
                    for j in 0..<(y1 - y0) {
                        let row = gray + (y0 + j) * width
                        let prevS = sums + j * stride, prevQ = squares + j * stride
                        let curS = sums + (j + 1) * stride, curQ = squares + (j + 1) * stride
                        curS[0] = 0; curQ[0] = 0
                        var rowSum: UInt32 = 0, rowSq: UInt32 = 0
                        for x in 0..<width {
                            let v = UInt32(row[x])
                            rowSum &+= v
                            rowSq &+= v &* v
                            curS[x + 1] = prevS[x + 1] &+ rowSum
                            curQ[x + 1] = prevQ[x + 1] &+ rowSq
                        }
                    }
                    for y in stripStart..<stripEnd {
                        let ja = max(0, y - radius) - y0, jb = min(height, y + radius + 1) - y0
                        let rows = Float(jb - ja)
                        let sA = sums + ja * stride, sB = sums + jb * stride
                        let qA = squares + ja * stride, qB = squares + jb * stride
                        let row = gray + y * width, out = mask + y * width
                        for x in 0..<width {
                            let xa = max(0, x - radius), xb = min(width, x + radius + 1)
                            let n = rows * Float(xb - xa)
                            let s = Float(sB[xb] &- sA[xb] &- sB[xa] &+ sA[xa])
                            let q = Float(qB[xb] &- qA[xb] &- qB[xa] &+ qA[xa])
                            let mean = s / n
                            let variance = max(0, q / n - mean * mean)
                            let t = mean * (1 + kf * (variance.squareRoot() * invR - 1))
                            out[x] = Float(row[x]) <= t ? 1 : 0
                        }
                    }
                    stripStart = stripEnd
                }
            }
        }
    }
}
