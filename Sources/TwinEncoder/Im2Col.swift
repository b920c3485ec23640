import CTensorKernels

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
}

/// Unfolds one image into columns: row (c·k + kh)·k + kw, column `oh·Wo + ow`, written at `dst` with row stride `ld`.
@inline(__always)
func im2col(_ src: UnsafePointer<Float>, _ g: WindowGeometry, _ dst: UnsafeMutablePointer<Float>, ld: Int) {
    sf_im2col(src, Int32(g.channels), Int32(g.height), Int32(g.width), Int32(g.kernel), Int32(g.stride),
              Int32(g.padding), dst, ld)
}

/// Folds columns back into one image, adding overlapping contributions (the adjoint of `im2col`).
/// `dst` must hold C×H×W values and is accumulated into.
@inline(__always)
func col2im(_ src: UnsafePointer<Float>, ld: Int, _ g: WindowGeometry, _ dst: UnsafeMutablePointer<Float>) {
    sf_col2im(src, ld, Int32(g.channels), Int32(g.height), Int32(g.width), Int32(g.kernel), Int32(g.stride),
              Int32(g.padding), dst)
}
