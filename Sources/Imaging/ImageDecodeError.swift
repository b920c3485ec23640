/// Why a file or page could not be decoded, with the file, the page, what was being done and the library's words.
public struct ImageDecodeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The broad reason, for programs; `description` is for people.
    public enum Kind: String, Sendable, Codable {
        /// The file could not be read from disk (missing, a directory, permission).
        case unreadable
        /// Zero bytes.
        case empty
        /// Not a TIFF, JPEG or PNG by its content.
        case unknownFormat
        /// A valid file using a feature the pipeline does not read (12-bit JPEG, 32-bit samples, …).
        case unsupported
        /// Declared size beyond the pixel budget, or a file too large to read.
        case tooLarge
        /// The file's structure contradicts itself (declared size against the data present, offsets beyond the end).
        case inconsistent
        /// The data ends before the image does.
        case truncated
        /// The library found damaged data.
        case corrupt
    }

    /// The broad reason.
    public var kind: Kind
    /// The file as the user named it.
    public var file: String
    /// Zero-based page index, when the failure belongs to one page.
    public var page: Int?
    /// What was being done ("reading the JPEG header", "decoding strip 3", …).
    public var stage: String
    /// The message the C library gave, or our own explanation.
    public var message: String

    /// Creates an error.
    public init(_ kind: Kind, file: String, page: Int? = nil, stage: String, message: String) {
        self.kind = kind
        self.file = file
        self.page = page
        self.stage = stage
        self.message = message
    }

    /// One sentence naming the file, the page, the stage and the reason.
    public var description: String {
        let pagePart = page.map { ", page \($0 + 1)" } ?? ""
        return "\(file)\(pagePart): \(kind.rawValue) while \(stage): \(message)"
    }
}
