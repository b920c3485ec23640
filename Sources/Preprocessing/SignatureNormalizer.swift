import Imaging

/// A signature ready for the encoder, with what a report needs to say how it was made.
public struct NormalizedSignature: Sendable, Equatable {
    /// The recipe's identifier (`NormalizationParameters.identifier`).
    public var recipe: String
    /// Output width (the encoder's input width).
    public var width: Int
    /// Output height.
    public var height: Int
    /// Row-major pixels in [0, 1], ink high.
    public var pixels: [Float]
    /// Otsu's threshold of the crop.
    public var threshold: Int
    /// The ink's bounding box inside the crop (from the blurred mask).
    public var inkBox: PixelBox
    /// True when the signature was larger than the canvas and was clipped (as sigver does).
    public var clipped: Bool

    /// Share of output pixels holding ink (above 0.1).
    public var inkCoverage: Double {
        Double(pixels.reduce(0) { $0 + ($1 > 0.1 ? 1 : 0) }) / Double(max(1, pixels.count))
    }

    /// Mean value of the ink pixels (above 0.1).
    public var meanInkIntensity: Double {
        var s = 0.0, n = 0
        for v in pixels where v > 0.1 { s += Double(v); n += 1 }
        return n > 0 ? s / Double(n) : 0
    }

    /// 8-bit image of the output as the encoder sees it (ink high), for PNG files and golden comparisons.
    public var gray: [UInt8] { Self.bytes(pixels) }

    /// Encoder pixels (ink high, in [0, 1]) rounded to 8 bits, clamped.
    public static func bytes(_ pixels: [Float]) -> [UInt8] {
        pixels.map { UInt8(max(0, min(255, ($0 * 255).rounded()))) }
    }
}

/// Why a crop could not be normalised.
public struct NormalizationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What was wrong.
    public var description: String
}

/// Normalises signature crops with one `NormalizationParameters` recipe.
public struct SignatureNormalizer: Sendable {
    /// The recipe.
    public var parameters: NormalizationParameters

    /// A normaliser using `parameters`.
    public init(parameters: NormalizationParameters = .sigver) {
        self.parameters = parameters
    }

    /// Normalises a grey crop (0 = ink, 255 = paper) scanned at `dpi`.
    public func normalize(_ gray: [UInt8], width: Int, height: Int, dpi: Double) throws(NormalizationError) -> NormalizedSignature {
        let p = parameters
        guard width > 0, height > 0, gray.count == width * height else {
            throw NormalizationError(description: "empty or inconsistent crop (\(width)x\(height), \(gray.count) bytes)")
        }
        let scale = dpi / p.referenceDPI
        let otsu = OtsuThreshold.threshold(gray, width: width, height: height)
        let t = otsu.threshold
        guard t >= 0 else { throw NormalizationError(description: "the crop holds a single grey level: no ink") }
        // Ink mask from a lightly blurred copy: bounding box and centre of mass.
        let blurred = ImageFilters.gaussianBlur(gray, width: width, height: height, sigma: p.blurSigma * scale)
        var minX = Int.max, minY = Int.max, maxX = -1, maxY = -1
        var sumX = 0.0, sumY = 0.0, count = 0
        let tf = Float(t)
        for y in 0..<height {
            for x in 0..<width where blurred[y * width + x] <= tf {
                minX = min(minX, x); maxX = max(maxX, x); minY = min(minY, y); maxY = max(maxY, y)
                sumX += Double(x); sumY += Double(y); count += 1
            }
        }
        guard count > 0 else { throw NormalizationError(description: "no ink darker than the threshold \(t) in the crop") }
        let box = PixelBox(x: minX, y: minY, width: maxX - minX + 1, height: maxY - minY + 1)
        var crop = [UInt8](repeating: 255, count: box.area)
        for y in 0..<box.height {
            for x in 0..<box.width { crop[y * box.width + x] = gray[(box.y + y) * width + box.x + x] }
        }
        crop = penTreatment(crop, width: box.width, height: box.height, threshold: t, dpi: dpi)
        switch p.placement {
        case .canvas: break
        case .fit(let margin): return fitted(crop, box: box, threshold: t, margin: margin)
        case .tiles(let rows, let columns): return tiled(crop, box: box, threshold: t, rows: rows, columns: columns, dpi: dpi)
        }
        // Paste on the canvas with the centre of mass at its centre (sigver's placement and clipping).
        let canvasH = max(1, Int((Double(p.canvasHeight) * scale).rounded()))
        let canvasW = max(1, Int((Double(p.canvasWidth) * scale).rounded()))
        let centreY = Int(sumY / Double(count)) - box.y, centreX = Int(sumX / Double(count)) - box.x
        let (rowStart, rowSkip, rows, clippedRows) = Self.place(length: box.height, centre: centreY, canvas: canvasH)
        let (colStart, colSkip, cols, clippedCols) = Self.place(length: box.width, centre: centreX, canvas: canvasW)
        var canvas = [Float](repeating: 0, count: canvasH * canvasW)  // already inverted: paper 0, ink high
        for y in 0..<rows {
            for x in 0..<cols {
                canvas[(rowStart + y) * canvasW + colStart + x] = Self.inkLevel(crop[(rowSkip + y) * box.width + colSkip + x], t)
            }
        }
        // Resize to cover the resize size keeping aspect, then centre crops.
        let widthRatio = Double(canvasW) / Double(p.resizeWidth), heightRatio = Double(canvasH) / Double(p.resizeHeight)
        let rh: Int, rw: Int
        if widthRatio > heightRatio {
            rh = p.resizeHeight; rw = max(p.resizeWidth, Int((Double(canvasW) / heightRatio).rounded()))
        } else {
            rw = p.resizeWidth; rh = max(p.resizeHeight, Int((Double(canvasH) / widthRatio).rounded()))
        }
        let resized = ImageFilters.resizeArea(canvas, width: canvasW, height: canvasH, toWidth: rw, toHeight: rh)
        let y0 = (rh - p.resizeHeight) / 2 + (p.resizeHeight - p.outputHeight) / 2
        let x0 = (rw - p.resizeWidth) / 2 + (p.resizeWidth - p.outputWidth) / 2
        var out = [Float](repeating: 0, count: p.outputHeight * p.outputWidth)
        for y in 0..<p.outputHeight {
            for x in 0..<p.outputWidth {
                // Quantise to 8 bits as sigver's uint8 canvas does, then scale to [0, 1].
                let v = max(0, min(255, resized[(y0 + y) * rw + x0 + x].rounded()))
                out[y * p.outputWidth + x] = v / 255
            }
        }
        return NormalizedSignature(recipe: p.identifier, width: p.outputWidth, height: p.outputHeight, pixels: out,
                                   threshold: t, inkBox: box, clipped: clippedRows || clippedCols)
    }

    /// The `.fit` placement: the treated crop (ink high, pixels above t paper) resized keeping its aspect to fill the
    /// output less `margin` on every side (area averaging when shrinking, linear interpolation when enlarging),
    /// centred, quantised to 8 bits as the canvas placement is.
    func fitted(_ crop: [UInt8], box: PixelBox, threshold t: Int, margin: Int) -> NormalizedSignature {
        let p = parameters
        let inner = (height: max(1, p.outputHeight - 2 * margin), width: max(1, p.outputWidth - 2 * margin))
        let scale = min(Double(inner.width) / Double(box.width), Double(inner.height) / Double(box.height))
        let rw = max(1, min(inner.width, Int((Double(box.width) * scale).rounded())))
        let rh = max(1, min(inner.height, Int((Double(box.height) * scale).rounded())))
        let ink = crop.map { Self.inkLevel($0, t) }
        let resized = ImageFilters.resizeArea(ink, width: box.width, height: box.height, toWidth: rw, toHeight: rh)
        let y0 = (p.outputHeight - rh) / 2, x0 = (p.outputWidth - rw) / 2
        var out = [Float](repeating: 0, count: p.outputHeight * p.outputWidth)
        for y in 0..<rh {
            for x in 0..<rw {
                out[(y0 + y) * p.outputWidth + x0 + x] = max(0, min(255, resized[y * rw + x].rounded())) / 255
            }
        }
        return NormalizedSignature(recipe: p.identifier, width: p.outputWidth, height: p.outputHeight, pixels: out,
                                   threshold: t, inkBox: box, clipped: false)
    }

    /// The `.tiles` placement: for each of rows x columns cells of the ink's box, the window of (output / cells)
    /// pixels at the reference resolution centred on the cell's ink (its centre of ink mass; the cell's centre when it
    /// holds none), cut from the crop on whole scan pixels and resampled by `ImageFilters.resizeArea` when the scan is
    /// not at the reference resolution, paper outside the crop, quantised to 8 bits as the other placements are.
    func tiled(_ crop: [UInt8], box: PixelBox, threshold t: Int, rows: Int, columns: Int, dpi: Double) -> NormalizedSignature {
        let p = parameters
        let ink = crop.map { Self.inkLevel($0, t) }
        let tileH = p.outputHeight / max(1, rows), tileW = p.outputWidth / max(1, columns)
        // The window's size in crop pixels.
        let perReference = dpi / p.referenceDPI
        let windowH = max(1, Int((Double(tileH) * perReference).rounded()))
        let windowW = max(1, Int((Double(tileW) * perReference).rounded()))
        var out = [Float](repeating: 0, count: p.outputHeight * p.outputWidth)
        var window = [Float](repeating: 0, count: windowH * windowW)
        for r in 0..<rows {
            let y0 = r * box.height / rows, y1 = max(y0 + 1, (r + 1) * box.height / rows)
            for c in 0..<columns {
                let x0 = c * box.width / columns, x1 = max(x0 + 1, (c + 1) * box.width / columns)
                var mass = 0.0, sx = 0.0, sy = 0.0
                for y in y0..<min(y1, box.height) {
                    for x in x0..<min(x1, box.width) {
                        let v = Double(ink[y * box.width + x])
                        mass += v; sx += v * Double(x); sy += v * Double(y)
                    }
                }
                let cx = mass > 0 ? sx / mass : Double(x0 + x1 - 1) / 2
                let cy = mass > 0 ? sy / mass : Double(y0 + y1 - 1) / 2
                let left = Int((cx - Double(windowW - 1) / 2).rounded())
                let top = Int((cy - Double(windowH - 1) / 2).rounded())
                for y in 0..<windowH {
                    let sy = top + y
                    for x in 0..<windowW {
                        let sx = left + x
                        window[y * windowW + x] = sy >= 0 && sy < box.height && sx >= 0 && sx < box.width ? ink[sy * box.width + sx] : 0
                    }
                }
                let tile = windowW == tileW && windowH == tileH
                    ? window : ImageFilters.resizeArea(window, width: windowW, height: windowH, toWidth: tileW, toHeight: tileH)
                for y in 0..<tileH {
                    for x in 0..<tileW {
                        out[(r * tileH + y) * p.outputWidth + c * tileW + x] = max(0, min(255, tile[y * tileW + x].rounded())) / 255
                    }
                }
            }
        }
        return NormalizedSignature(recipe: p.identifier, width: p.outputWidth, height: p.outputHeight, pixels: out,
                                   threshold: t, inkBox: box, clipped: false)
    }

    /// The input's value of a treated crop pixel: inverted ink (255 − v), paper (above the threshold t) 0.
    static func inkLevel(_ v: UInt8, _ t: Int) -> Float { Int(v) > t ? 0 : Float(255 - Int(v)) }

    /// Contrast and stroke-width treatment of the cropped ink (paper stays as it is; pixels above t become white later).
    func penTreatment(_ crop: [UInt8], width: Int, height: Int, threshold t: Int, dpi: Double) -> [UInt8] {
        if case .redraw(let inches) = parameters.strokeWidth {
            let mask = crop.map { Int($0) <= t ? UInt8(1) : 0 }
            let redrawn = StrokeRedrawer.redraw(mask, width: width, height: height, penWidth: inches * dpi)
            return redrawn.map { $0 != 0 ? 0 : 255 }
        }
        switch parameters.contrast {
        case .none: return crop
        case .binary: return crop.map { Int($0) <= t ? 0 : $0 }
        case .stretch:
            var hist = [Int](repeating: 0, count: 256)
            var inkCount = 0
            for v in crop where Int(v) <= t { hist[Int(v)] += 1; inkCount += 1 }
            guard inkCount > 0 else { return crop }
            var seen = 0, p5 = 0
            for v in 0...t {
                seen += hist[v]
                if seen * 20 >= inkCount { p5 = v; break }
            }
            guard p5 < t else { return crop }
            let span = Double(t - p5)
            return crop.map { v in
                guard Int(v) <= t else { return v }
                return UInt8(max(0, min(Double(t), (Double(Int(v) - p5) / span * Double(t)).rounded())))
            }
        }
    }

    /// sigver's placement of a length with its centre of mass at the canvas centre: where it starts on the canvas,
    /// how much of it is skipped, how much is copied, and whether it was clipped.
    static func place(length: Int, centre: Int, canvas: Int) -> (start: Int, skip: Int, count: Int, clipped: Bool) {
        if length > canvas {
            return (0, (length - canvas) / 2, canvas, true)
        }
        var start = canvas / 2 - centre
        let extra = start + length - canvas
        if extra > 0 { start -= extra }
        if start < 0 { start = 0 }
        return (start, 0, length, false)
    }
}
