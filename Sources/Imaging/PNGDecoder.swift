import CImageIO

/// Decodes PNG files through libpng (1–16-bit grey, RGB, RGBA, palette, interlaced; pHYs resolution).
/// Transparency is composited over white paper.
struct PNGDecoder {
    let file: FileBytes
    let options: DecodeOptions

    func decode() throws(ImageDecodeError) -> PageImage {
        let name = file.name
        guard let d = sf_png_create(file.bytePointer, file.count) else {
            throw ImageDecodeError(.unreadable, file: name, page: 0, stage: "creating the PNG decoder", message: "out of memory")
        }
        defer { sf_png_destroy(d) }
        var info = sf_png_info()
        guard sf_png_read_header(d, &info) == 0 else {
            throw Self.error(d, name: name, stage: "reading the PNG header")
        }
        let width = Int(info.width), height = Int(info.height), pixels = width * height
        guard pixels <= options.pixelBudget else {
            throw ImageDecodeError(.tooLarge, file: name, page: 0, stage: "checking the declared size",
                                   message: "\(width) x \(height) = \(pixels) pixels is over the budget of \(options.pixelBudget)")
        }
        // Deflate cannot do better than about 1032:1, and every row carries a filter byte.
        let minimumBytes = (pixels * max(1, Int(info.bit_depth)) / 8 + height) / 1032
        guard file.count >= minimumBytes else {
            throw ImageDecodeError(.inconsistent, file: name, page: 0, stage: "checking the declared size",
                                   message: "declares \(width) x \(height) pixels but holds only \(file.count) bytes, fewer than such an image needs")
        }
        let colourType = Int(info.color_type)
        let colourSource = colourType == 2 || colourType == 3 || colourType == 6
        let channels = colourSource ? 4 : 2
        var samples = [UInt8](repeating: 0, count: pixels * channels)
        let status = samples.withUnsafeMutableBufferPointer {
            sf_png_decode(d, colourSource ? 1 : 0, $0.baseAddress!, width * channels)
        }
        guard status == 0 else { throw Self.error(d, name: name, stage: "decoding the PNG image data") }

        var gray = [UInt8](repeating: 0, count: pixels)
        var rgb: [UInt8]? = nil
        let keep = colourSource && options.keepColour
        var colour = keep ? [UInt8](repeating: 0, count: pixels * 3) : []
        samples.withUnsafeBufferPointer { s in
            gray.withUnsafeMutableBufferPointer { g in
                colour.withUnsafeMutableBufferPointer { c in
                    if colourSource {
                        for i in 0..<pixels {
                            let a = s[4 * i + 3]
                            let r = PixelConversion.overWhite(s[4 * i], alpha: a)
                            let gg = PixelConversion.overWhite(s[4 * i + 1], alpha: a)
                            let b = PixelConversion.overWhite(s[4 * i + 2], alpha: a)
                            g[i] = PixelConversion.luma(r, gg, b)
                            if keep { c[3 * i] = r; c[3 * i + 1] = gg; c[3 * i + 2] = b }
                        }
                    } else {
                        for i in 0..<pixels { g[i] = PixelConversion.overWhite(s[2 * i], alpha: s[2 * i + 1]) }
                    }
                }
            }
        }
        if keep { rgb = colour }
        var dpiX: Double? = nil, dpiY: Double? = nil
        if info.has_phys != 0, info.phys_unit == 1, info.phys_x > 0, info.phys_y > 0 {
            dpiX = Double(info.phys_x) * 0.0254
            dpiY = Double(info.phys_y) * 0.0254
        }
        let photometric: String
        switch colourType {
        case 0: photometric = "min-is-black"
        case 2: photometric = "rgb"
        case 3: photometric = "palette"
        case 4: photometric = "min-is-black+alpha"
        default: photometric = "rgb+alpha"
        }
        let samplesPerPixel = [0: 1, 2: 3, 3: 1, 4: 2, 6: 4][colourType] ?? 1
        var notes: [String] = []
        if info.interlace != 0 { notes.append("interlaced-adam7") }
        if info.has_trns != 0 { notes.append("transparency") }
        let source = SourceDescription(format: .png, compression: "deflate", bitsPerSample: Int(info.bit_depth),
                                       samplesPerPixel: samplesPerPixel, photometric: photometric, notes: notes)
        return PageImage(width: width, height: height, gray: gray, rgb: rgb, dpiX: dpiX, dpiY: dpiY, source: source)
    }

    private static func error(_ d: OpaquePointer, name: String, stage: String) -> ImageDecodeError {
        let message = String(cString: sf_png_message(d))
        let lower = message.lowercased()
        let kind: ImageDecodeError.Kind = lower.contains("truncated") || lower.contains("not enough") || lower.contains("end of file")
            ? .truncated : lower.contains("unsupported") || lower.contains("unknown") ? .unsupported : .corrupt
        return ImageDecodeError(kind, file: name, page: 0, stage: stage, message: message.isEmpty ? "libpng failed" : message)
    }
}
