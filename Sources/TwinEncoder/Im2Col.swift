/// Geometry of one 2-D convolution or pooling window over a C×H×W image.
struct WindowGeometry: Sendable, Equatable {
    let channels: Int, height: Int, width: Int
    let kernel: Int, stride: Int, padding: Int

    /// Output height (floor mode).
    var outHeight: Int { (height + 2 * padding - kernel) / stride + 1 }
    /// Output width (floor mode).
    var outWidth: Int { (width + 2 * padding - kernel) / stride + 1 }
    /// Rows of the column matrix: C·k·k.
    var patchSize: Int { channels * kernel * kernel }

    /// The output columns `ow` whose input column `ow·s − p + kw` lies inside the image: lo..<hi.
    @inline(__always)
    func validColumns(kw: Int) -> (lo: Int, hi: Int) {
        let wo = outWidth
        // ow·s − p + kw ≥ 0  ⇔  ow ≥ ceil((p − kw)/s)
        var lo = 0
        if padding - kw > 0 { lo = (padding - kw + stride - 1) / stride }
        // ow·s − p + kw ≤ W − 1  ⇔  ow ≤ floor((W − 1 + p − kw)/s)
        let top = width - 1 + padding - kw
        var hi = top < 0 ? 0 : top / stride + 1
        lo = min(lo, wo)
        hi = min(max(hi, lo), wo)
        return (lo, hi)
    }
}

/// Unfolds one image into columns: row (c·k + kh)·k + kw, column `oh·Wo + ow`, written at `dst` with row stride `ld`.
func im2col(_ src: UnsafePointer<Float>, _ g: WindowGeometry, _ dst: UnsafeMutablePointer<Float>, ld: Int) {
    let (h, w, k, s, p) = (g.height, g.width, g.kernel, g.stride, g.padding)
    let (ho, wo) = (g.outHeight, g.outWidth)
    var row = 0
    for c in 0..<g.channels {
        let plane = src + c * h * w
        for kh in 0..<k {
            for kw in 0..<k {
                let (lo, hi) = g.validColumns(kw: kw)
                let out = dst + row * ld
                for oh in 0..<ho {
                    let o = out + oh * wo
                    let ih = oh * s - p + kh
                    if ih < 0 || ih >= h {
                        for j in 0..<wo { o[j] = 0 }
                        continue
                    }
                    for j in 0..<lo { o[j] = 0 }
                    let line = plane + ih * w - p + kw
                    if s == 1 {
                        // Short rows (12–53 values): a plain loop beats a memcpy call.
                        for j in lo..<hi { o[j] = line[j] }
                    } else {
                        for j in lo..<hi { o[j] = line[j &* s] }
                    }
                    for j in hi..<wo { o[j] = 0 }
                }
                row += 1
            }
        }
    }
}

/// Folds columns back into one image, adding overlapping contributions (the adjoint of `im2col`).
/// `dst` must hold C×H×W values and is accumulated into.
func col2im(_ src: UnsafePointer<Float>, ld: Int, _ g: WindowGeometry, _ dst: UnsafeMutablePointer<Float>) {
    let (h, w, k, s, p) = (g.height, g.width, g.kernel, g.stride, g.padding)
    let (ho, wo) = (g.outHeight, g.outWidth)
    var row = 0
    for c in 0..<g.channels {
        let plane = dst + c * h * w
        for kh in 0..<k {
            for kw in 0..<k {
                let (lo, hi) = g.validColumns(kw: kw)
                let cols = src + row * ld
                for oh in 0..<ho {
                    let ih = oh * s - p + kh
                    if ih < 0 || ih >= h { continue }
                    let i = cols + oh * wo
                    let line = plane + ih * w - p + kw
                    var ow = lo
                    while ow < hi {
                        line[ow * s] += i[ow]
                        ow += 1
                    }
                }
                row += 1
            }
        }
    }
}
