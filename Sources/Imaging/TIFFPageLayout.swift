import CImageIO
import CTIFF

/// The tags of one TIFF page that decide how it is read, checked against the file and the budget before any pixel
/// memory is taken.
struct TIFFPageLayout: @unchecked Sendable {
    // `@unchecked Sendable`: plain values only; the colour map arrays are immutable copies.

    enum Path: Equatable {
        case bilevel
        case gray
        case palette
        case rgb
        case rgba
    }

    let index: Int
    let file: String
    let width: Int, height: Int
    let bitsPerSample: Int, samplesPerPixel: Int
    let photometric: Int, compression: Int
    let orientation: Int
    let dpi: (x: Double, y: Double)?
    let path: Path
    let keepColour: Bool
    let minIsWhite: Bool
    /// Index of the alpha sample among the samples of a pixel, and whether it is premultiplied.
    let alphaSample: Int?
    let alphaPremultiplied: Bool
    let tiled: Bool
    let tileWidth: Int, tileHeight: Int
    let rowsPerStrip: Int
    let blockCount: Int
    let blockBytes: Int
    let paletteRGB: [UInt8]
    let description: SourceDescription

    init(tif: OpaquePointer, handle: OpaquePointer, index: Int, file: FileBytes, options: DecodeOptions) throws(ImageDecodeError) {
        self.index = index
        self.file = file.name
        sf_tiff_clear_messages(handle)
        guard TIFFSetDirectory(tif, tdir_t(index)) != 0 else {
            throw Self.error(.corrupt, file.name, index, "reading the page's directory", handle)
        }
        func u16(_ tag: Int32, defaulted: Bool = true) -> Int? {
            var v: UInt16 = 0
            let ok = defaulted ? sf_tiff_get_u16_defaulted(tif, UInt32(tag), &v) : sf_tiff_get_u16(tif, UInt32(tag), &v)
            return ok != 0 ? Int(v) : nil
        }
        var w: UInt32 = 0, h: UInt32 = 0
        guard sf_tiff_get_u32(tif, UInt32(TIFFTAG_IMAGEWIDTH), &w) != 0, sf_tiff_get_u32(tif, UInt32(TIFFTAG_IMAGELENGTH), &h) != 0,
              w > 0, h > 0 else {
            throw Self.error(.inconsistent, file.name, index, "reading the page size", handle, fallback: "missing or zero ImageWidth/ImageLength")
        }
        width = Int(w)
        height = Int(h)
        // Both sides may be 2^32 - 1, whose product overflows Int: a checked multiplication.
        let (declared, overflow) = width.multipliedReportingOverflow(by: height)
        guard !overflow, declared <= options.pixelBudget else {
            throw ImageDecodeError(.tooLarge, file: file.name, page: index, stage: "checking the declared size",
                                   message: "\(width) x \(height) = \(UInt64(width) * UInt64(height)) pixels is over the budget of \(options.pixelBudget)")
        }
        bitsPerSample = u16(TIFFTAG_BITSPERSAMPLE) ?? 1
        samplesPerPixel = u16(TIFFTAG_SAMPLESPERPIXEL) ?? 1
        compression = u16(TIFFTAG_COMPRESSION) ?? 1
        let planar = u16(TIFFTAG_PLANARCONFIG) ?? 1
        let sampleFormat = u16(TIFFTAG_SAMPLEFORMAT) ?? 1
        let fillOrder = u16(TIFFTAG_FILLORDER) ?? 1
        let predictor = u16(TIFFTAG_PREDICTOR) ?? 1
        orientation = (1...8).contains(u16(TIFFTAG_ORIENTATION) ?? 1) ? (u16(TIFFTAG_ORIENTATION) ?? 1) : 1
        var notes: [String] = []
        // libtiff repairs some lies while reading a directory (a byte count past the end, a palette page without a
        // colour map read as grey) and says so in a warning: the report keeps what it assumed.
        let directoryWarning = String(cString: sf_tiff_last_warning(handle))
        if !directoryWarning.isEmpty { notes.append("libtiff warned: \(directoryWarning)") }
        if let p = u16(TIFFTAG_PHOTOMETRIC, defaulted: false) {
            photometric = p
        } else {
            photometric = samplesPerPixel >= 3 ? Int(PHOTOMETRIC_RGB) : Int(PHOTOMETRIC_MINISWHITE)
            notes.append("photometric-missing-assumed")
        }
        guard [1, 2, 4, 8, 16].contains(bitsPerSample), (1...16).contains(samplesPerPixel) else {
            throw ImageDecodeError(.unsupported, file: file.name, page: index, stage: "checking the sample layout",
                                   message: "\(bitsPerSample) bits x \(samplesPerPixel) samples per pixel is not read (1, 2, 4, 8 or 16 bits)")
        }
        guard sampleFormat == Int(SAMPLEFORMAT_UINT) else {
            throw ImageDecodeError(.unsupported, file: file.name, page: index, stage: "checking the sample layout",
                                   message: "sample format \(sampleFormat) (only unsigned integer samples are read)")
        }
        guard TIFFIsCODECConfigured(UInt16(compression)) != 0 else {
            throw ImageDecodeError(.unsupported, file: file.name, page: index, stage: "checking the compression",
                                   message: "compression \(compression) (\(Self.compressionWord(compression))) is not available in libtiff here")
        }

        // Extra samples: the first one that is alpha.
        var extraCount: UInt16 = 0
        var extraTypes: UnsafeMutablePointer<UInt16>? = nil
        var alpha: Int? = nil, premultiplied = false
        if sf_tiff_get_extrasamples(tif, &extraCount, &extraTypes) != 0, extraCount > 0, let types = extraTypes {
            let colourSamples = samplesPerPixel - Int(extraCount)
            if colourSamples >= 1, types[0] == UInt16(EXTRASAMPLE_ASSOCALPHA) || types[0] == UInt16(EXTRASAMPLE_UNASSALPHA) {
                alpha = colourSamples
                premultiplied = types[0] == UInt16(EXTRASAMPLE_ASSOCALPHA)
            }
        }
        alphaSample = alpha
        alphaPremultiplied = premultiplied
        let colourSamples = samplesPerPixel - Int(extraCount)

        // Choose the path.
        let isJPEGYCbCr = compression == Int(COMPRESSION_JPEG) && photometric == Int(PHOTOMETRIC_YCBCR)
        if isJPEGYCbCr {
            // libjpeg converts YCbCr to RGB itself: the page reads as 8-bit RGB strips.
            _ = sf_tiff_set_int(tif, UInt32(TIFFTAG_JPEGCOLORMODE), JPEGCOLORMODE_RGB)
        }
        let contiguous = planar == Int(PLANARCONFIG_CONTIG) || samplesPerPixel == 1
        let greyPhotometric = photometric == Int(PHOTOMETRIC_MINISWHITE) || photometric == Int(PHOTOMETRIC_MINISBLACK)
        var chosen: Path = .rgba
        if compression != Int(COMPRESSION_OJPEG) && contiguous {
            if greyPhotometric && colourSamples == 1 {
                chosen = bitsPerSample == 1 && samplesPerPixel == 1 ? .bilevel
                    : (bitsPerSample < 8 && samplesPerPixel > 1) ? .rgba : .gray
            } else if photometric == Int(PHOTOMETRIC_PALETTE) && samplesPerPixel == 1 {
                chosen = .palette
            } else if (photometric == Int(PHOTOMETRIC_RGB) || isJPEGYCbCr) && colourSamples >= 3 && bitsPerSample >= 8 {
                chosen = .rgb
            }
        }
        path = chosen
        minIsWhite = photometric == Int(PHOTOMETRIC_MINISWHITE)
        let colourSource = !greyPhotometric
        keepColour = colourSource && options.keepColour

        // Palette, scaled to 8 bits (old writers stored 8-bit values in the 16-bit map).
        var palette: [UInt8] = []
        if chosen == .palette {
            var r: UnsafeMutablePointer<UInt16>? = nil, g: UnsafeMutablePointer<UInt16>? = nil, b: UnsafeMutablePointer<UInt16>? = nil
            guard sf_tiff_get_colormap(tif, &r, &g, &b) != 0, let r, let g, let b else {
                throw ImageDecodeError(.inconsistent, file: file.name, page: index, stage: "reading the colour map",
                                       message: "a palette page without a ColorMap")
            }
            let entries = 1 << bitsPerSample
            let eightBit = (0..<entries).allSatisfy { r[$0] < 256 && g[$0] < 256 && b[$0] < 256 }
            palette.reserveCapacity(entries * 3)
            for i in 0..<entries {
                for v in [r[i], g[i], b[i]] { palette.append(eightBit ? UInt8(v) : PixelConversion.scale16(v)) }
            }
        }
        paletteRGB = palette

        // Strips or tiles, and their consistency with the file.
        tiled = TIFFIsTiled(tif) != 0
        var tw: UInt32 = 0, th: UInt32 = 0, rps: UInt32 = 0
        if tiled {
            _ = sf_tiff_get_u32(tif, UInt32(TIFFTAG_TILEWIDTH), &tw)
            _ = sf_tiff_get_u32(tif, UInt32(TIFFTAG_TILELENGTH), &th)
            guard tw > 0, th > 0, tw % 16 == 0, th % 16 == 0 else {
                throw ImageDecodeError(.inconsistent, file: file.name, page: index, stage: "reading the tile size",
                                       message: "tile size \(tw) x \(th) is not a positive multiple of 16")
            }
            blockCount = Int(TIFFNumberOfTiles(tif))
            blockBytes = Int(TIFFTileSize(tif))
        } else {
            if sf_tiff_get_u32(tif, UInt32(TIFFTAG_ROWSPERSTRIP), &rps) == 0 || rps == 0 || Int(rps) > height { rps = UInt32(height) }
            blockCount = Int(TIFFNumberOfStrips(tif))
            blockBytes = Int(TIFFStripSize(tif))
        }
        tileWidth = Int(tw)
        tileHeight = Int(th)
        rowsPerStrip = Int(rps)
        let expectedBlocks = tiled
            ? ((width + tileWidth - 1) / tileWidth) * ((height + tileHeight - 1) / tileHeight) * (contiguous ? 1 : samplesPerPixel)
            : ((height + rowsPerStrip - 1) / rowsPerStrip) * (contiguous ? 1 : samplesPerPixel)
        guard blockCount == expectedBlocks, blockBytes > 0 else {
            throw ImageDecodeError(.inconsistent, file: file.name, page: index, stage: "checking the strip layout",
                                   message: "\(blockCount) \(tiled ? "tiles" : "strips") of \(blockBytes) bytes where the page size needs \(expectedBlocks)")
        }
        var stored: UInt64 = 0
        for block in 0..<blockCount {
            var failed: Int32 = 0
            let offset = TIFFGetStrileOffsetWithErr(tif, UInt32(block), &failed)
            let count = TIFFGetStrileByteCountWithErr(tif, UInt32(block), &failed)
            guard failed == 0, offset <= UInt64(file.count), count <= UInt64(file.count) - offset else {
                throw ImageDecodeError(.inconsistent, file: file.name, page: index, stage: "checking the strip layout",
                                       message: "\(tiled ? "tile" : "strip") \(block) (offset \(offset), \(count) bytes) lies beyond the end of the \(file.count)-byte file")
            }
            stored += count
        }
        let rawBytes = UInt64(width) * UInt64(height) * UInt64(bitsPerSample * samplesPerPixel) / 8
        let ratio = Self.maximumCompressionRatio(compression)
        guard stored.multipliedReportingOverflow(by: ratio).partialValue >= rawBytes else {
            throw ImageDecodeError(.inconsistent, file: file.name, page: index, stage: "checking the declared size",
                                   message: "declares \(width) x \(height) pixels but its \(tiled ? "tiles" : "strips") hold only \(stored) bytes, fewer than \(Self.compressionWord(compression)) can need")
        }

        let tifIsBig = TIFFIsBigEndian(tif) != 0
        notes.insert(tifIsBig ? "big-endian" : "little-endian", at: 0)
        notes.append(tiled ? "tiles \(tileWidth)x\(tileHeight)" : "strips \(blockCount) of \(rowsPerStrip) rows")
        if fillOrder == Int(FILLORDER_LSB2MSB) { notes.append("fill-order-lsb-to-msb") }
        if planar == Int(PLANARCONFIG_SEPARATE) && samplesPerPixel > 1 { notes.append("planar-separate") }
        if predictor > 1 { notes.append("predictor \(predictor)") }
        if chosen == .rgba { notes.append("read-through-rgba") }
        if isJPEGYCbCr { notes.append("jpeg-ycbcr-to-rgb-by-libjpeg") }
        var res: (x: Double, y: Double)? = nil
        var xr: Float = 0, yr: Float = 0
        let unit = u16(TIFFTAG_RESOLUTIONUNIT) ?? 2
        if sf_tiff_get_float(tif, UInt32(TIFFTAG_XRESOLUTION), &xr) != 0, xr.isFinite, xr > 0, unit == 2 || unit == 3 {
            if sf_tiff_get_float(tif, UInt32(TIFFTAG_YRESOLUTION), &yr) == 0 || !yr.isFinite || yr <= 0 { yr = xr }
            let scale = unit == 3 ? 2.54 : 1
            res = (Double(xr) * scale, Double(yr) * scale)
        }
        dpi = res
        description = SourceDescription(format: .tiff, compression: Self.compressionWord(compression),
                                        bitsPerSample: bitsPerSample, samplesPerPixel: samplesPerPixel,
                                        photometric: Self.photometricWord(photometric), orientation: orientation,
                                        page: index, notes: notes)
    }

    func failure(_ kind: ImageDecodeError.Kind, _ stage: String, _ handle: OpaquePointer, fallback: String? = nil) -> ImageDecodeError {
        Self.error(kind, file, index, stage, handle, fallback: fallback)
    }

    static func error(_ kind: ImageDecodeError.Kind, _ file: String, _ page: Int, _ stage: String, _ handle: OpaquePointer,
                      fallback: String? = nil) -> ImageDecodeError {
        let text = String(cString: sf_tiff_last_message(handle))
        return ImageDecodeError(kind, file: file, page: page, stage: stage,
                                message: text.isEmpty ? (fallback ?? "libtiff failed without a message") : text)
    }

    /// How many raw bytes one stored byte can stand for, at most, under each compression (a bound, not a guess).
    static func maximumCompressionRatio(_ compression: Int) -> UInt64 {
        switch compression {
        case Int(COMPRESSION_NONE): 1
        case Int(COMPRESSION_PACKBITS): 64
        case Int(COMPRESSION_ADOBE_DEFLATE), Int(COMPRESSION_DEFLATE): 1100
        case Int(COMPRESSION_LZW): 4096
        case Int(COMPRESSION_JPEG), Int(COMPRESSION_OJPEG): 512
        default: 1 << 20  // CCITT and the rest: a blank fax row costs a single bit
        }
    }

    static func compressionWord(_ c: Int) -> String {
        switch c {
        case 1: "none"
        case 2: "ccitt-rle"
        case 3: "ccitt-g3"
        case 4: "ccitt-g4"
        case 5: "lzw"
        case 6: "ojpeg"
        case 7: "jpeg"
        case 8, 32946: "deflate"
        case 32771: "ccitt-rlew"
        case 32773: "packbits"
        case 34925: "lzma"
        case 50000: "zstd"
        case 50001: "webp"
        default: "compression-\(c)"
        }
    }

    static func photometricWord(_ p: Int) -> String {
        switch p {
        case 0: "min-is-white"
        case 1: "min-is-black"
        case 2: "rgb"
        case 3: "palette"
        case 4: "mask"
        case 5: "cmyk"
        case 6: "ycbcr"
        case 8: "cielab"
        case 9: "icclab"
        case 10: "itulab"
        default: "photometric-\(p)"
        }
    }
}
