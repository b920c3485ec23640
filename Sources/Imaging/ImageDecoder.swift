/// Opens scanned documents by their content (TIFF, BigTIFF, JPEG, PNG) and decodes their pages on demand.
public struct ImageDecoder: Sendable {
    /// Limits and wishes applied to every file.
    public var options: DecodeOptions

    /// Creates a decoder with the given options.
    public init(options: DecodeOptions = DecodeOptions()) {
        self.options = options
    }

    /// Reads the file at `path` and opens it; the format is decided by content, never by the name.
    public func open(path: String) throws(ImageDecodeError) -> ImageDocument {
        try open(FileBytes(contentsOf: path, maxBytes: options.maxFileBytes))
    }

    /// Opens bytes already in memory.
    public func open(_ file: FileBytes) throws(ImageDecodeError) -> ImageDocument {
        guard file.count > 0 else {
            throw ImageDecodeError(.empty, file: file.name, stage: "reading the file", message: "the file is empty (0 bytes)")
        }
        guard let format = ImageFormat.sniff(file.buffer) else {
            throw ImageDecodeError(.unknownFormat, file: file.name, stage: "recognising the format",
                                   message: "the content is not TIFF, JPEG or PNG (first bytes \(file.buffer.prefix(4).map { String($0, radix: 16) }.joined(separator: " ")))")
        }
        switch format {
        case .tiff, .bigtiff:
            return ImageDocument(file: file, format: format, storage: .tiff(try TIFFDocument(file: file, options: options, format: format)))
        case .jpeg:
            return ImageDocument(file: file, format: format, storage: .jpeg(JPEGDecoder(file: file, options: options)))
        case .png:
            return ImageDocument(file: file, format: format, storage: .png(PNGDecoder(file: file, options: options)))
        }
    }
}

/// One opened document: its format, its number of pages, and each page decoded when asked for, so that a long
/// multi-page file never holds more than one page in memory.
public final class ImageDocument {
    enum Storage {
        case tiff(TIFFDocument)
        case jpeg(JPEGDecoder)
        case png(PNGDecoder)
    }

    /// The file's bytes (hash them, keep them for the report).
    public let file: FileBytes
    /// The format recognised from the content.
    public let format: ImageFormat
    private let storage: Storage

    init(file: FileBytes, format: ImageFormat, storage: Storage) {
        self.file = file
        self.format = format
        self.storage = storage
    }

    /// Number of pages (1 for JPEG and PNG).
    public var pageCount: Int {
        if case .tiff(let document) = storage { return document.pageCount }
        return 1
    }

    /// Decodes page `index` (zero-based). A failure belongs to that page; the other pages may still decode.
    public func page(_ index: Int) throws(ImageDecodeError) -> PageImage {
        guard index >= 0 && index < pageCount else {
            throw ImageDecodeError(.inconsistent, file: file.name, page: index, stage: "selecting a page",
                                   message: "the file has \(pageCount) page(s)")
        }
        switch storage {
        case .tiff(let document): return try document.page(index)
        case .jpeg(let decoder): return try decoder.decode()
        case .png(let decoder): return try decoder.decode()
        }
    }
}
