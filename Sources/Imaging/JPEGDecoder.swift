import CImageIO

/// Decodes JPEG files through libjpeg-turbo (baseline, progressive, arithmetic; grey, YCbCr, RGB, CMYK, YCCK),
/// applying the EXIF orientation. Every libjpeg call runs inside the setjmp of the C shim `CImageIO`.
struct JPEGDecoder {
    let file: FileBytes
    let options: DecodeOptions

    func decode() throws(ImageDecodeError) -> PageImage {
        let name = file.name
        guard let d = sf_jpeg_create(file.bytePointer, file.count) else {
            throw ImageDecodeError(.unreadable, file: name, page: 0, stage: "creating the JPEG decoder", message: "out of memory")
        }
        defer { sf_jpeg_destroy(d) }
        var info = sf_jpeg_info()
        let headerStatus = sf_jpeg_read_header(d, &info)
        if headerStatus != 0 {
            let message = String(cString: sf_jpeg_message(d))
            let kind: ImageDecodeError.Kind = headerStatus == sf_jpeg_code_bad_precision() ? .unsupported
                : message.contains("Premature end") || message.contains("empty") ? .truncated : .corrupt
            let text = kind == .unsupported ? "\(message) (only 8-bit JPEG is read; 12-bit JPEG is not supported)" : message
            throw ImageDecodeError(kind, file: name, page: 0, stage: "reading the JPEG header", message: text)
        }
        let width = Int(info.width), height = Int(info.height)
        try checkSize(width: width, height: height, arithmetic: info.arithmetic != 0)

        let space = JPEGColourSpace(rawValue: info.color_space) ?? .unknown
        let colourSource = space != .grayscale
        let wantColour = colourSource && options.keepColour
        let isCMYK = space == .cmyk || space == .ycck
        let outChannels = isCMYK ? 4 : wantColour ? 3 : 1
        let outSpace: JPEGColourSpace = isCMYK ? .cmyk : wantColour ? .rgb : .grayscale
        guard width.multipliedReportingOverflow(by: height * outChannels).overflow == false else {
            throw ImageDecodeError(.tooLarge, file: name, page: 0, stage: "checking the declared size", message: "size overflows")
        }
        // Two threads on a large sequential page when the options allow (the C shim decides; same pixels either way).
        let split = Int32(clamping: options.jpegSplitRow ?? (options.threads >= 2 ? -1 : 0))
        // Not cleared first: libjpeg writes every row, or the decode fails and the samples are dropped.
        var corrupt: Int32 = 0
        var status: Int32 = 0
        let samples = [UInt8](unsafeUninitializedCapacity: width * height * outChannels) { buffer, initialized in
            status = sf_jpeg_decode(d, outSpace.rawValue, buffer.baseAddress!, width * outChannels, split, &corrupt)
            initialized = buffer.count
        }
        if status != 0 || corrupt > 0 {
            let message = String(cString: sf_jpeg_message(d))
            let truncated = sf_jpeg_first_warning_code(d) == sf_jpeg_code_eof_warning()
            let kind: ImageDecodeError.Kind = truncated ? .truncated : .corrupt
            let consequence = status == 0
                ? " (libjpeg only warned and would have filled the damaged part with grey; a patched page is not evidence)"
                : ""
            throw ImageDecodeError(kind, file: name, page: 0, stage: "decoding the JPEG scan", message: message + consequence)
        }

        var gray: [UInt8]
        var rgb: [UInt8]? = nil
        if isCMYK {
            let inverted = info.saw_adobe != 0
            gray = [UInt8](repeating: 0, count: width * height)
            var colour = wantColour ? [UInt8](repeating: 0, count: width * height * 3) : []
            samples.withUnsafeBufferPointer { s in
                gray.withUnsafeMutableBufferPointer { g in
                    colour.withUnsafeMutableBufferPointer { c in
                        for i in 0..<width * height {
                            let (r, gg, b) = PixelConversion.rgbFromCMYK(s[4 * i], s[4 * i + 1], s[4 * i + 2], s[4 * i + 3], inverted: inverted)
                            g[i] = PixelConversion.luma(r, gg, b)
                            if wantColour { c[3 * i] = r; c[3 * i + 1] = gg; c[3 * i + 2] = b }
                        }
                    }
                }
            }
            if wantColour { rgb = colour }
        } else if wantColour {
            gray = [UInt8](repeating: 0, count: width * height)
            samples.withUnsafeBufferPointer { s in
                gray.withUnsafeMutableBufferPointer { g in
                    PixelConversion.lumaPlane(s.baseAddress!, channels: 3, count: width * height, into: g.baseAddress!)
                }
            }
            rgb = samples
        } else {
            gray = samples
        }

        let exif: EXIFReader? = info.exif.map { EXIFReader(UnsafeRawBufferPointer(start: $0, count: info.exif_length)) }
        let orientation = exif?.orientation ?? 1
        var outW = width, outH = height
        if orientation != 1 {
            (gray, outW, outH) = Orientation.apply(orientation, to: gray, width: width, height: height, channels: 1)
            if let colour = rgb { rgb = Orientation.apply(orientation, to: colour, width: width, height: height, channels: 3).plane }
        }
        var dpiX: Double? = nil, dpiY: Double? = nil
        if info.saw_jfif != 0, info.density_unit == 1 || info.density_unit == 2, info.x_density > 0, info.y_density > 0 {
            let scale = info.density_unit == 2 ? 2.54 : 1
            dpiX = Double(info.x_density) * scale
            dpiY = Double(info.y_density) * scale
        } else if let exif, exif.dpiX != nil {
            dpiX = exif.dpiX
            dpiY = exif.dpiY ?? exif.dpiX
        }
        if orientation >= 5 { swap(&dpiX, &dpiY) }

        var notes: [String] = []
        if info.progressive != 0 { notes.append("progressive") }
        if info.arithmetic != 0 { notes.append("arithmetic-coded") }
        if info.saw_adobe != 0 { notes.append("adobe-marker") }
        if info.saw_jfif != 0 { notes.append("jfif") }
        if exif != nil { notes.append("exif") }
        let compression = info.arithmetic != 0 ? "jpeg-arithmetic" : info.progressive != 0 ? "jpeg-progressive" : "jpeg-baseline"
        let source = SourceDescription(format: .jpeg, compression: compression, bitsPerSample: Int(info.data_precision),
                                       samplesPerPixel: Int(info.components), photometric: space.word,
                                       orientation: orientation, notes: notes)
        return PageImage(width: outW, height: outH, gray: gray, rgb: rgb, dpiX: dpiX, dpiY: dpiY, source: source)
    }

    /// Refuses a declared size over the budget, or one the file is far too small to hold, before memory is taken.
    private func checkSize(width: Int, height: Int, arithmetic: Bool) throws(ImageDecodeError) {
        let pixels = width * height
        guard pixels > 0 else {
            throw ImageDecodeError(.inconsistent, file: file.name, page: 0, stage: "checking the declared size", message: "the image has no pixels")
        }
        guard pixels <= options.pixelBudget else {
            throw ImageDecodeError(.tooLarge, file: file.name, page: 0, stage: "checking the declared size",
                                   message: "\(width) x \(height) = \(pixels) pixels is over the budget of \(options.pixelBudget)")
        }
        // Huffman coding spends at least one bit on every 8x8 block of the first component.
        let minimumBytes = arithmetic ? 0 : pixels / 512
        guard file.count >= minimumBytes else {
            throw ImageDecodeError(.inconsistent, file: file.name, page: 0, stage: "checking the declared size",
                                   message: "declares \(width) x \(height) pixels but holds only \(file.count) bytes, fewer than such an image needs")
        }
    }
}

/// libjpeg's J_COLOR_SPACE values used here.
enum JPEGColourSpace: Int32 {
    case unknown = 0, grayscale = 1, rgb = 2, ycbcr = 3, cmyk = 4, ycck = 5

    var word: String {
        switch self {
        case .unknown: "unknown"
        case .grayscale: "min-is-black"
        case .rgb: "rgb"
        case .ycbcr: "ycbcr"
        case .cmyk: "cmyk"
        case .ycck: "ycck"
        }
    }
}
