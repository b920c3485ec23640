/// Why XML could not be written or read: what was being done, libxml2's own message, and where.
public struct XMLError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, in the terms of the caller's task.
    public enum Kind: Sendable, Equatable {
        /// libxml2 refused the document as not well-formed.
        case malformed
        /// The document declares a DTD (refused: entity expansion and external fetches are attack surface).
        case doctypeRefused
        /// A string holds a character XML 1.0 cannot carry (control characters, lone surrogates).
        case invalidCharacter
        /// The document is larger than the caller's limit.
        case tooLarge
        /// A writer call failed (out of memory or misuse such as closing an element never opened).
        case writeFailed
        /// The document parsed but does not have the shape the caller expects.
        case unexpectedContent
    }

    /// The category.
    public var kind: Kind
    /// Which document (a file name or a label the caller chose).
    public var document: String
    /// Line in the document, when known.
    public var line: Int?
    /// The message (libxml2's own when it gave one).
    public var message: String

    /// Creates an error.
    public init(_ kind: Kind, document: String, line: Int? = nil, message: String) {
        self.kind = kind
        self.document = document
        self.line = line
        self.message = message
    }

    /// One sentence naming the document, the line and the reason.
    public var description: String {
        let place = line.map { "\(document):\($0)" } ?? document
        return "\(place): \(message)"
    }
}

extension String {
    /// True when every scalar may appear in an XML 1.0 document.
    var isValidXMLText: Bool {
        for scalar in unicodeScalars {
            let v = scalar.value
            if v < 0x20 && v != 0x9 && v != 0xA && v != 0xD { return false }
            if v == 0xFFFE || v == 0xFFFF { return false }
        }
        return true
    }
}
