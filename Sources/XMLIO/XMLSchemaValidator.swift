import CLibXML2

/// Validates documents against a W3C XML Schema through libxml2 (`xmlSchemaParse`, `xmlSchemaValidateDoc`).
/// The schema is compiled once; every validation parses the document with the same safe options as
/// `XMLDocumentReader` and its own validation context, and collects every message libxml2 reports (through a
/// structured-error callback, never stderr).
///
/// `@unchecked Sendable`: the compiled schema is immutable after `init` and libxml2 allows one compiled schema to
/// be used by several validation contexts at once; all mutable state lives in per-call contexts.
public final class XMLSchemaValidator: @unchecked Sendable {
    private let schema: xmlSchemaPtr
    /// The schema's label (its path or the caller's name).
    public let label: String

    /// Compiles the schema in `bytes`; `label` names it in errors. The schema is trusted project data (it may
    /// include other schemas by relative path).
    public init(schema bytes: [UInt8], label: String) throws(XMLError) {
        self.label = label
        // The schema document is parsed like any other (no network, nothing on stderr), then compiled.
        let schemaDoc = try XMLDocumentReader.parseTree(bytes, document: label)
        defer { xmlFreeDoc(schemaDoc) }
        let messages = MessageCollector()
        var compiled: xmlSchemaPtr? = nil
        if let context = xmlSchemaNewDocParserCtxt(schemaDoc) {
            xmlSchemaSetParserStructuredErrors(context, MessageCollector.callback, Unmanaged.passUnretained(messages).toOpaque())
            compiled = withExtendedLifetime(messages) { xmlSchemaParse(context) }
            xmlSchemaFreeParserCtxt(context)
        }
        guard let compiled else {
            throw XMLError(.malformed, document: label, line: messages.items.first?.line,
                           message: "the schema does not compile: " + (messages.items.map(\.text).first ?? "libxml2 gave no reason"))
        }
        schema = compiled
    }

    deinit { xmlSchemaFree(schema) }

    /// Every problem found in `bytes` (empty when the document is valid); throws only when it is not well-formed.
    public func problems(in bytes: [UInt8], document: String, maxBytes: Int = 64 << 20) throws(XMLError) -> [(line: Int?, text: String)] {
        guard bytes.count <= maxBytes else {
            throw XMLError(.tooLarge, document: document, message: "\(bytes.count) bytes exceed the limit of \(maxBytes)")
        }
        let doc = try XMLDocumentReader.parseTree(bytes, document: document)
        defer { xmlFreeDoc(doc) }
        guard let context = xmlSchemaNewValidCtxt(schema) else {
            throw XMLError(.malformed, document: document, message: "libxml2 could not create a validation context")
        }
        defer { xmlSchemaFreeValidCtxt(context) }
        let messages = MessageCollector()
        xmlSchemaSetValidStructuredErrors(context, MessageCollector.callback, Unmanaged.passUnretained(messages).toOpaque())
        let status = withExtendedLifetime(messages) { xmlSchemaValidateDoc(context, doc) }
        if status != 0 && messages.items.isEmpty {
            return [(nil, "libxml2 reported validation failure \(status) without a message")]
        }
        return messages.items.map { ($0.line, $0.text) }
    }

    /// Throws `unexpectedContent` with the first problem (and how many there are) unless `bytes` is valid.
    public func validate(_ bytes: [UInt8], document: String) throws(XMLError) {
        let found = try problems(in: bytes, document: document)
        guard let first = found.first else { return }
        let more = found.count > 1 ? " (and \(found.count - 1) more problem(s))" : ""
        throw XMLError(.unexpectedContent, document: document, line: first.line,
                       message: "not valid against \(label): \(first.text)\(more)")
    }
}

/// Collects libxml2's structured errors for one context. Reached only through the user-data pointer of the
/// context it was registered with, on the thread using that context.
private final class MessageCollector {
    var items: [(line: Int?, text: String)] = []

    static let callback: xmlStructuredErrorFunc = { userData, error in
        guard let userData, let error else { return }
        let collector = Unmanaged<MessageCollector>.fromOpaque(userData).takeUnretainedValue()
        let text = error.pointee.message.map { String(cString: $0).trimmingTrailingWhitespace() } ?? "unknown problem"
        collector.items.append((error.pointee.line > 0 ? Int(error.pointee.line) : nil, text))
    }
}
