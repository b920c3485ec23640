import EncoderTraining

/// A small, fast normaliser for the trainer's own tests (EncoderTraining does not depend on Preprocessing; the
/// product trains with the pipeline's `PreprocessingNormaliser`, the recipe a case uses).
///
/// grey → ink = pixels darker than 200, the rest set to paper → crop to the ink's bounding box → resize keeping aspect to fit H × W (box
/// filter) → centre on a blank canvas → invert (ink high). Its version, `placeholder-0`, is stored in every model it
/// trains, so such a model is refused by a pipeline that normalises differently.
public struct PlaceholderNormaliser: SignatureNormaliser {
    /// `placeholder-0`.
    public let version = "placeholder-0"
    /// Grey levels below this are ink.
    public let inkThreshold: UInt8 = 200

    /// A placeholder normaliser.
    public init() {}

    /// The normalised image (ink high), `height × width` bytes.
    public func normalise(_ crop: GrayCrop, height: Int, width: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: height * width)
        var (x0, y0, x1, y1) = (crop.width, crop.height, -1, -1)
        for y in 0..<crop.height {
            for x in 0..<crop.width where crop.pixels[y * crop.width + x] < inkThreshold {
                x0 = min(x0, x); x1 = max(x1, x); y0 = min(y0, y); y1 = max(y1, y)
            }
        }
        guard x1 >= x0, y1 >= y0 else { return out }
        let (bw, bh) = (x1 - x0 + 1, y1 - y0 + 1)
        let scale = min(Double(width) / Double(bw), Double(height) / Double(bh))
        let (ow, oh) = (max(1, min(width, Int((Double(bw) * scale).rounded()))),
                        max(1, min(height, Int((Double(bh) * scale).rounded()))))
        let (ox, oy) = ((width - ow) / 2, (height - oh) / 2)
        // Box filter: each output pixel averages the source rectangle it covers (at least one pixel).
        for y in 0..<oh {
            let sy0 = y0 + y * bh / oh, sy1 = max(sy0 + 1, y0 + (y + 1) * bh / oh)
            for x in 0..<ow {
                let sx0 = x0 + x * bw / ow, sx1 = max(sx0 + 1, x0 + (x + 1) * bw / ow)
                var sum = 0
                for sy in sy0..<sy1 {
                    for sx in sx0..<sx1 {
                        let p = crop.pixels[sy * crop.width + sx]
                        if p < inkThreshold { sum += 255 - Int(p) }  // paper (at or above the threshold) becomes 0
                    }
                }
                out[(oy + y) * width + ox + x] = UInt8(sum / ((sy1 - sy0) * (sx1 - sx0)))
            }
        }
        return out
    }
}
