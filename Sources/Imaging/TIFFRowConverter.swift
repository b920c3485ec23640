/// Turns rows of raw TIFF samples (as libtiff hands them over, native byte order) into 8-bit grey and RGB.
struct TIFFRowConverter: Sendable {
    /// Where converted pixels go.
    ///
    /// `@unchecked Sendable`: workers write disjoint rows of these planes, and the planes outlive the workers.
    struct Output: @unchecked Sendable {
        let gray: UnsafeMutablePointer<UInt8>
        let rgb: UnsafeMutablePointer<UInt8>?
        let width: Int
    }

    let path: TIFFPageLayout.Path
    let bits: Int
    let samples: Int
    let minIsWhite: Bool
    let alphaSample: Int?
    let alphaPremultiplied: Bool
    let keepColour: Bool
    let palette: [UInt8]
    let maxRow: Int

    init(layout: TIFFPageLayout) {
        path = layout.path
        bits = layout.bitsPerSample
        samples = layout.samplesPerPixel
        minIsWhite = layout.minIsWhite
        alphaSample = layout.alphaSample
        alphaPremultiplied = layout.alphaPremultiplied
        keepColour = layout.keepColour
        palette = layout.paletteRGB
        maxRow = max(layout.width, layout.tileWidth)
    }

    /// Scratch space for one row of palette indices.
    func makeScratch() -> UnsafeMutablePointer<Int> { UnsafeMutablePointer<Int>.allocate(capacity: maxRow) }

    /// Converts `count` pixels starting at `src` into the output at pixel index `toPixel`.
    func convert(_ src: UnsafeRawPointer, count: Int, toPixel: Int, output: Output, scratch: UnsafeMutablePointer<Int>) {
        let gray = output.gray + toPixel
        let bytes = src.assumingMemoryBound(to: UInt8.self)
        switch path {
        case .bilevel:
            PixelConversion.expandBitRows(bytes, rows: 1, rowBytes: 0, width: count, minIsWhite: minIsWhite, into: gray)
        case .gray:
            convertGray(src, count: count, into: gray)
        case .palette:
            PixelConversion.sampleIndices(src, width: count, bits: bits, into: scratch)
            palette.withUnsafeBufferPointer { p in
                for x in 0..<count {
                    let e = 3 * scratch[x]
                    gray[x] = PixelConversion.luma(p[e], p[e + 1], p[e + 2])
                    if keepColour, let rgb = output.rgb {
                        let d = 3 * (toPixel + x)
                        rgb[d] = p[e]; rgb[d + 1] = p[e + 1]; rgb[d + 2] = p[e + 2]
                    }
                }
            }
        case .rgb:
            convertRGB(src, count: count, gray: gray, rgb: keepColour ? output.rgb.map { $0 + 3 * toPixel } : nil)
        case .rgba:
            preconditionFailure("RGBA pages are read through TIFFRGBAImage, not row by row")
        }
    }

    @inline(__always)
    private func sample(_ src: UnsafeRawPointer, _ index: Int) -> UInt8 {
        bits == 16 ? PixelConversion.scale16(src.loadUnaligned(fromByteOffset: 2 * index, as: UInt16.self))
                   : src.load(fromByteOffset: index, as: UInt8.self)
    }

    private func convertGray(_ src: UnsafeRawPointer, count: Int, into gray: UnsafeMutablePointer<UInt8>) {
        if bits < 8 {
            PixelConversion.expandLowBits(src.assumingMemoryBound(to: UInt8.self), width: count, bits: bits, into: gray)
        } else if bits == 8 && samples == 1 {
            gray.update(from: src.assumingMemoryBound(to: UInt8.self), count: count)
        } else {
            for x in 0..<count { gray[x] = sample(src, x * samples) }
        }
        if minIsWhite { for x in 0..<count { gray[x] = 255 &- gray[x] } }
        if let a = alphaSample {
            for x in 0..<count {
                let alpha = sample(src, x * samples + a)
                gray[x] = alphaPremultiplied ? PixelConversion.premultipliedOverWhite(gray[x], alpha: alpha)
                                             : PixelConversion.overWhite(gray[x], alpha: alpha)
            }
        }
    }

    private func convertRGB(_ src: UnsafeRawPointer, count: Int, gray: UnsafeMutablePointer<UInt8>, rgb: UnsafeMutablePointer<UInt8>?) {
        if bits == 8 && samples == 3 && alphaSample == nil {
            PixelConversion.lumaPlane(src.assumingMemoryBound(to: UInt8.self), channels: 3, count: count, into: gray)
            rgb?.update(from: src.assumingMemoryBound(to: UInt8.self), count: 3 * count)
            return
        }
        for x in 0..<count {
            let base = x * samples
            var r = sample(src, base), g = sample(src, base + 1), b = sample(src, base + 2)
            if let a = alphaSample {
                let alpha = sample(src, base + a)
                if alphaPremultiplied {
                    r = PixelConversion.premultipliedOverWhite(r, alpha: alpha)
                    g = PixelConversion.premultipliedOverWhite(g, alpha: alpha)
                    b = PixelConversion.premultipliedOverWhite(b, alpha: alpha)
                } else {
                    r = PixelConversion.overWhite(r, alpha: alpha)
                    g = PixelConversion.overWhite(g, alpha: alpha)
                    b = PixelConversion.overWhite(b, alpha: alpha)
                }
            }
            gray[x] = PixelConversion.luma(r, g, b)
            if let rgb { rgb[3 * x] = r; rgb[3 * x + 1] = g; rgb[3 * x + 2] = b }
        }
    }
}
