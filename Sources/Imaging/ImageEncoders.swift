import CImageIO
import CTIFF

/// Why an image could not be written.
public struct ImageEncodeError: Error, Sendable, CustomStringConvertible {
    /// What was being written and the library's message.
    public var description: String
    init(_ description: String) { self.description = description }
}

/// Writes PNG through libpng (`sf_png_encode` in the C shim).
public enum PNGEncoder {
    /// PNG colour types.
    public enum ColourType: Int32, Sendable { case gray = 0, rgb = 2, palette = 3, grayAlpha = 4, rgbAlpha = 6 }

    /// What to write.
    public struct Options: Sendable {
        /// Bits per sample (1, 2, 4, 8 or 16, as the colour type allows).
        public var bitDepth: Int = 8
        /// PNG colour type.
        public var colourType: ColourType = .gray
        /// Adam7 interlacing.
        public var interlaced = false
        /// zlib level 0–9.
        public var compressionLevel = 6
        /// Resolution written as pHYs (pixels per metre), when given.
        public var dpi: Double? = nil
        /// RGB triples for `.palette`.
        public var palette: [UInt8] = []
        /// tRNS entries (alpha per palette entry).
        public var transparency: [UInt8] = []
        /// Options with the given colour type and depth.
        public init(colourType: ColourType = .gray, bitDepth: Int = 8) {
            self.colourType = colourType
            self.bitDepth = bitDepth
        }
    }

    /// Encodes rows already packed as PNG stores them (sub-byte depths MSB first, 16-bit big-endian).
    public static func encode(packedRows: [UInt8], width: Int, height: Int, rowBytes: Int, options: Options) throws(ImageEncodeError) -> [UInt8] {
        precondition(packedRows.count >= rowBytes * height, "rows do not cover the image")
        var out: UnsafeMutablePointer<UInt8>? = nil
        var length = 0
        var message = [CChar](repeating: 0, count: Int(SF_MESSAGE_SIZE))
        let ppm = options.dpi.map { UInt32(($0 / 0.0254).rounded()) } ?? 0
        let status = packedRows.withUnsafeBufferPointer { rows in
            options.palette.withUnsafeBufferPointer { palette in
                options.transparency.withUnsafeBufferPointer { trns in
                    var o = sf_png_encode_options(bit_depth: Int32(options.bitDepth), color_type: options.colourType.rawValue,
                                                  interlace: options.interlaced ? 1 : 0,
                                                  compression_level: Int32(options.compressionLevel), ppm_x: ppm, ppm_y: ppm,
                                                  palette: palette.baseAddress, palette_entries: Int32(options.palette.count / 3),
                                                  trns: trns.baseAddress, trns_entries: Int32(options.transparency.count))
                    return sf_png_encode(rows.baseAddress, UInt32(width), UInt32(height), rowBytes, &o, &out, &length, &message)
                }
            }
        }
        guard status == 0, let out else { throw ImageEncodeError("PNG encoding: " + String(cMessage: message)) }
        defer { sf_free(out) }
        return Array(UnsafeBufferPointer(start: out, count: length))
    }

    /// Encodes 8-bit grey samples.
    public static func encodeGray(_ gray: [UInt8], width: Int, height: Int, dpi: Double? = nil) throws(ImageEncodeError) -> [UInt8] {
        var options = Options()
        options.dpi = dpi
        return try encode(packedRows: gray, width: width, height: height, rowBytes: width, options: options)
    }

    /// Encodes a page: its colour samples when it has them, else its grey.
    public static func encode(_ page: PageImage) throws(ImageEncodeError) -> [UInt8] {
        var options = Options(colourType: page.rgb == nil ? .gray : .rgb)
        options.dpi = page.dpiX
        return try encode(packedRows: page.rgb ?? page.gray, width: page.width, height: page.height,
                          rowBytes: page.width * (page.rgb == nil ? 1 : 3), options: options)
    }
}

/// Writes JPEG through libjpeg (`sf_jpeg_encode` in the C shim).
public enum JPEGEncoder {
    /// What to write.
    public struct Options: Sendable {
        /// libjpeg quality 1–100.
        public var quality = 90
        /// Progressive (simple progression) instead of baseline.
        public var progressive = false
        /// Arithmetic instead of Huffman coding.
        public var arithmetic = false
        /// 4:2:0 chroma subsampling when true, 4:4:4 otherwise.
        public var subsample = true
        /// Resolution written in the JFIF header (dots per inch), when given.
        public var dpi: Int? = nil
        /// CMYK input written as YCCK.
        public var ycck = false
        /// RGB input written without the YCbCr transform (Adobe transform 0).
        public var plainRGB = false
        /// An APP1 payload written as is (an EXIF block, "Exif\0\0" included).
        public var app1: [UInt8] = []
        /// MCUs between restart markers (0: none).
        public var restartInterval = 0
        /// Default options: quality 90, baseline, 4:2:0.
        public init() {}
    }

    /// Encodes interleaved 8-bit samples of 1 (grey), 3 (RGB) or 4 (CMYK) components.
    public static func encode(_ samples: [UInt8], width: Int, height: Int, components: Int, options: Options = Options()) throws(ImageEncodeError) -> [UInt8] {
        precondition(samples.count >= width * height * components, "samples do not cover the image")
        var out: UnsafeMutablePointer<UInt8>? = nil
        var length = 0
        var message = [CChar](repeating: 0, count: Int(SF_MESSAGE_SIZE))
        let status = samples.withUnsafeBufferPointer { s in
            options.app1.withUnsafeBufferPointer { app1 in
                var o = sf_jpeg_encode_options(quality: Int32(options.quality), progressive: options.progressive ? 1 : 0,
                                               arithmetic: options.arithmetic ? 1 : 0, subsampling: options.subsample ? 2 : 1,
                                               density_dpi_x: Int32(options.dpi ?? 0), density_dpi_y: Int32(options.dpi ?? 0),
                                               ycck: options.ycck ? 1 : 0, rgb_no_transform: options.plainRGB ? 1 : 0,
                                               restart_interval: Int32(options.restartInterval),
                                               app1: app1.baseAddress, app1_length: options.app1.count)
                return sf_jpeg_encode(s.baseAddress, UInt32(width), UInt32(height), Int32(components), width * components,
                                      &o, &out, &length, &message)
            }
        }
        guard status == 0, let out else { throw ImageEncodeError("JPEG encoding: " + String(cMessage: message)) }
        defer { sf_free(out) }
        return Array(UnsafeBufferPointer(start: out, count: length))
    }
}

/// One page for `TIFFWriter`: raw samples packed as TIFF stores them (contiguous, sub-byte depths MSB first,
/// 16-bit in native order) and the tags to write.
public struct TIFFPageSpec: Sendable {
    /// Width in pixels.
    public var width: Int
    /// Height in pixels.
    public var height: Int
    /// BitsPerSample.
    public var bitsPerSample = 8
    /// SamplesPerPixel.
    public var samplesPerPixel = 1
    /// TIFF Photometric value (0 min-is-white, 1 min-is-black, 2 RGB, 3 palette, 5 separated/CMYK, 6 YCbCr).
    public var photometric = 1
    /// TIFF Compression value (1 none, 2 CCITT RLE, 3 G3, 4 G4, 5 LZW, 7 JPEG, 8 Deflate, 32773 PackBits).
    public var compression = 1
    /// Predictor (1 none, 2 horizontal differencing).
    public var predictor = 1
    /// FillOrder (2: least significant bit first; libtiff reverses the bits on writing).
    public var fillOrder = 1
    /// Orientation tag 1–8.
    public var orientation = 1
    /// RowsPerStrip (libtiff's default when nil).
    public var rowsPerStrip: Int? = nil
    /// Tile size (multiples of 16) to write tiles instead of strips.
    public var tileSize: (width: Int, height: Int)? = nil
    /// Resolution in dots per inch, when given.
    public var dpi: Double? = nil
    /// Quality of JPEG-compressed pages.
    public var jpegQuality = 90
    /// 16-bit palette entries: all reds, then greens, then blues.
    public var colourMap: [UInt16] = []
    /// ExtraSamples values (1 associated alpha, 2 unassociated alpha).
    public var extraSamples: [UInt16] = []
    /// T4Options (Group3Options) for CCITT G3: bit 0 set for 2-D coding.
    public var group3Options: Int? = nil
    /// YCbCrSubsampling (horizontal, vertical) for uncompressed YCbCr pages; samples are then packed as TIFF's
    /// YCbCr data units.
    public var ycbcrSubsampling: (horizontal: Int, vertical: Int)? = nil
    /// Samples, rows of `rowBytes` bytes.
    public var samples: [UInt8]

    /// A page of the given size and samples; set the other fields as needed.
    public init(width: Int, height: Int, samples: [UInt8]) {
        self.width = width
        self.height = height
        self.samples = samples
    }

    /// Bytes in one packed row.
    public var rowBytes: Int { (width * bitsPerSample * samplesPerPixel + 7) / 8 }
}

/// Writes single- and multi-page TIFF (classic or BigTIFF, either byte order) through libtiff.
public final class TIFFWriter {
    private var handle: OpaquePointer?
    private let path: String

    /// Opens `path` for writing.
    public init(path: String, bigTIFF: Bool = false, bigEndian: Bool = false) throws(ImageEncodeError) {
        self.path = path
        var message = [CChar](repeating: 0, count: Int(SF_MESSAGE_SIZE))
        let mode = "w" + (bigTIFF ? "8" : "") + (bigEndian ? "b" : "l")
        guard let h = sf_tiff_open_write(path, mode, &message) else {
            throw ImageEncodeError("TIFF \(path): " + String(cMessage: message))
        }
        handle = h
    }

    deinit { if let handle { sf_tiff_close(handle) } }

    /// Appends one page.
    public func add(_ page: TIFFPageSpec) throws(ImageEncodeError) {
        guard let handle else { throw ImageEncodeError("TIFF \(path): already closed") }
        let tif = sf_tiff_tiff(handle)
        func set(_ tag: Int32, _ value: Int) { _ = sf_tiff_set_u32(tif, UInt32(tag), UInt32(value)) }
        func set16(_ tag: Int32, _ value: Int) { _ = sf_tiff_set_u16(tif, UInt32(tag), UInt16(value)) }
        set(TIFFTAG_IMAGEWIDTH, page.width)
        set(TIFFTAG_IMAGELENGTH, page.height)
        set16(TIFFTAG_BITSPERSAMPLE, page.bitsPerSample)
        set16(TIFFTAG_SAMPLESPERPIXEL, page.samplesPerPixel)
        set16(TIFFTAG_PHOTOMETRIC, page.photometric)
        set16(TIFFTAG_PLANARCONFIG, Int(PLANARCONFIG_CONTIG))
        set16(TIFFTAG_COMPRESSION, page.compression)
        set16(TIFFTAG_ORIENTATION, page.orientation)
        set16(TIFFTAG_FILLORDER, page.fillOrder)
        if page.predictor != 1 { set16(TIFFTAG_PREDICTOR, page.predictor) }
        if page.compression == Int(COMPRESSION_JPEG) {
            _ = sf_tiff_set_int(tif, UInt32(TIFFTAG_JPEGQUALITY), Int32(page.jpegQuality))
            if page.photometric == Int(PHOTOMETRIC_YCBCR) {
                _ = sf_tiff_set_int(tif, UInt32(TIFFTAG_JPEGCOLORMODE), JPEGCOLORMODE_RGB)
            }
        }
        if let options = page.group3Options { set(TIFFTAG_GROUP3OPTIONS, options) }
        if let sub = page.ycbcrSubsampling {
            _ = sf_tiff_set_ycbcr_subsampling(tif, UInt16(sub.horizontal), UInt16(sub.vertical))
        }
        if !page.colourMap.isEmpty {
            var map = page.colourMap
            let n = map.count / 3
            map.withUnsafeMutableBufferPointer { m in
                _ = sf_tiff_set_colormap(tif, m.baseAddress!, m.baseAddress! + n, m.baseAddress! + 2 * n)
            }
        }
        if !page.extraSamples.isEmpty {
            var extra = page.extraSamples
            extra.withUnsafeMutableBufferPointer { _ = sf_tiff_set_extrasamples(tif, UInt16($0.count), $0.baseAddress!) }
        }
        if let dpi = page.dpi {
            _ = sf_tiff_set_float(tif, UInt32(TIFFTAG_XRESOLUTION), Float(dpi))
            _ = sf_tiff_set_float(tif, UInt32(TIFFTAG_YRESOLUTION), Float(dpi))
            set16(TIFFTAG_RESOLUTIONUNIT, Int(RESUNIT_INCH))
        }
        let rowBytes = page.rowBytes
        var ok = true
        page.samples.withUnsafeBytes { raw in
            let base = raw.baseAddress!
            if let tile = page.tileSize {
                set(TIFFTAG_TILEWIDTH, tile.width)
                set(TIFFTAG_TILELENGTH, tile.height)
                let tileRowBytes = (tile.width * page.bitsPerSample * page.samplesPerPixel + 7) / 8
                var buffer = [UInt8](repeating: 0, count: tileRowBytes * tile.height)
                var index: UInt32 = 0
                for ty in stride(from: 0, to: page.height, by: tile.height) {
                    for tx in stride(from: 0, to: page.width, by: tile.width) {
                        let xByte = tx * page.bitsPerSample * page.samplesPerPixel / 8
                        let copy = min(tileRowBytes, rowBytes - xByte)
                        for i in buffer.indices { buffer[i] = 0 }
                        for row in 0..<min(tile.height, page.height - ty) {
                            for b in 0..<copy { buffer[row * tileRowBytes + b] = base.load(fromByteOffset: (ty + row) * rowBytes + xByte + b, as: UInt8.self) }
                        }
                        let n = buffer.withUnsafeMutableBytes { TIFFWriteEncodedTile(tif, index, $0.baseAddress, tmsize_t($0.count)) }
                        if n < 0 { ok = false }
                        index += 1
                    }
                }
            } else {
                let rps = page.rowsPerStrip ?? Int(TIFFDefaultStripSize(tif, 0))
                set(TIFFTAG_ROWSPERSTRIP, rps)
                var strip: UInt32 = 0
                for y in stride(from: 0, to: page.height, by: rps) {
                    let rows = min(rps, page.height - y)
                    let n = TIFFWriteEncodedStrip(tif, strip, UnsafeMutableRawPointer(mutating: base + y * rowBytes), tmsize_t(rows * rowBytes))
                    if n < 0 { ok = false }
                    strip += 1
                }
            }
        }
        guard ok, TIFFWriteDirectory(tif) != 0 else {
            throw ImageEncodeError("TIFF \(path): " + String(cString: sf_tiff_last_message(handle)))
        }
    }

    /// Finishes the file.
    public func close() {
        if let handle { sf_tiff_close(handle) }
        handle = nil
    }
}
