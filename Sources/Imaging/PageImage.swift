/// One decoded page: 8-bit grey for the pipeline, the colour samples when the source had colour and they were
/// asked for, the resolution when the file states it, and a description of what the file was.
public struct PageImage: Sendable {
    /// Width in pixels, after the file's orientation was applied.
    public let width: Int
    /// Height in pixels, after the file's orientation was applied.
    public let height: Int
    /// Grey samples, row-major, `width * height` bytes, 0 = black ink, 255 = white paper.
    public var gray: [UInt8]
    /// Interleaved RGB samples (`width * height * 3`) when the source has colour and `DecodeOptions.keepColour`.
    public var rgb: [UInt8]?
    /// Horizontal resolution in dots per inch, when the file states one.
    public var dpiX: Double?
    /// Vertical resolution in dots per inch, when the file states one.
    public var dpiY: Double?
    /// What the file was: format, compression, bits, photometric, orientation applied.
    public var source: SourceDescription

    /// Creates a page from grey samples (and optionally colour) of the given size.
    public init(width: Int, height: Int, gray: [UInt8], rgb: [UInt8]? = nil, dpiX: Double? = nil,
                dpiY: Double? = nil, source: SourceDescription) {
        precondition(gray.count == width * height, "grey plane does not match the page size")
        precondition(rgb == nil || rgb!.count == width * height * 3, "colour plane does not match the page size")
        self.width = width
        self.height = height
        self.gray = gray
        self.rgb = rgb
        self.dpiX = dpiX
        self.dpiY = dpiY
        self.source = source
    }

    /// Number of pixels on the page.
    public var pixelCount: Int { width * height }
}

/// The container formats the decoders read, recognised by content, never by file name.
public enum ImageFormat: String, Sendable, Codable, CaseIterable {
    case tiff, bigtiff, jpeg, png

    /// Recognises a format from the first bytes of a file, or nil.
    public static func sniff<C: Collection>(_ bytes: C) -> ImageFormat? where C.Element == UInt8 {
        let head = Array(bytes.prefix(8))
        guard head.count >= 4 else { return nil }
        if head[0] == 0xFF, head[1] == 0xD8, head[2] == 0xFF { return .jpeg }
        if head.count >= 8, head == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] { return .png }
        if (head[0] == 0x49 && head[1] == 0x49 && head[2] == 42 && head[3] == 0)
            || (head[0] == 0x4D && head[1] == 0x4D && head[2] == 0 && head[3] == 42) { return .tiff }
        if (head[0] == 0x49 && head[1] == 0x49 && head[2] == 43 && head[3] == 0)
            || (head[0] == 0x4D && head[1] == 0x4D && head[2] == 0 && head[3] == 43) { return .bigtiff }
        return nil
    }
}

/// What a decoded page was in its file: enough for a report to say how the pixels were obtained.
public struct SourceDescription: Sendable, Codable, Equatable {
    /// Container format.
    public var format: ImageFormat
    /// Compression scheme as a word ("none", "ccitt-g4", "lzw", "jpeg-baseline", "png-deflate", …).
    public var compression: String
    /// Bits per sample in the file.
    public var bitsPerSample: Int
    /// Samples per pixel in the file (including alpha or extra samples).
    public var samplesPerPixel: Int
    /// Photometric interpretation ("min-is-white", "min-is-black", "rgb", "palette", "cmyk", "ycbcr", "ycck", …).
    public var photometric: String
    /// The orientation (EXIF/TIFF 1–8) that was applied to reach the stored pixels; 1 when none.
    public var orientation: Int
    /// Zero-based page index in the file.
    public var page: Int
    /// Number of pages in the file.
    public var pageCount: Int
    /// Further facts worth a line in a report (byte order, fill order, tiling, progressive, interlace, …).
    public var notes: [String]

    /// Creates a description.
    public init(format: ImageFormat, compression: String, bitsPerSample: Int, samplesPerPixel: Int,
                photometric: String, orientation: Int = 1, page: Int = 0, pageCount: Int = 1, notes: [String] = []) {
        self.format = format
        self.compression = compression
        self.bitsPerSample = bitsPerSample
        self.samplesPerPixel = samplesPerPixel
        self.photometric = photometric
        self.orientation = orientation
        self.page = page
        self.pageCount = pageCount
        self.notes = notes
    }
}

/// Limits and wishes for one decode.
public struct DecodeOptions: Sendable, Equatable {
    /// Largest page accepted, in pixels, checked against the declared size before any pixel memory is taken.
    public var pixelBudget: Int
    /// Largest file read, in bytes.
    public var maxFileBytes: Int
    /// Keep the colour samples of colour sources (ink colour is evidence); grey only when false.
    public var keepColour: Bool
    /// Most pages read from one file (a TIFF directory chain longer than this is refused).
    public var maxPages: Int
    /// Threads a single page may use: TIFF strips or tiles split between threads, each with its own libtiff
    /// handle; a large sequential (baseline) JPEG page split in two, the second thread skipping the upper rows with
    /// libjpeg-turbo's `jpeg_skip_scanlines`. 1 decodes every page on the calling thread alone.
    public var threads: Int
    /// Tests only: the row where a JPEG page is split between two threads (0: one thread), instead of the automatic
    /// choice. The pixels must not depend on it.
    var jpegSplitRow: Int? = nil

    /// The defaults: 200 megapixels, 2 GiB files, grey only, 10,000 pages, 2 threads.
    public init(pixelBudget: Int = 200_000_000, maxFileBytes: Int = 2 << 30, keepColour: Bool = false,
                maxPages: Int = 10_000, threads: Int = 2) {
        self.pixelBudget = pixelBudget
        self.maxFileBytes = maxFileBytes
        self.keepColour = keepColour
        self.maxPages = maxPages
        self.threads = threads
    }
}
