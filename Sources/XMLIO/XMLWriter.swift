import CLibXML2

/// Writes one XML document through libxml2's `xmlTextWriter` into memory: UTF-8, declaration, two-space
/// indentation, escaping done by libxml2. Each method names the libxml2 function it calls.
///
/// Not `Sendable`: one writer belongs to one task.
public final class XMLWriter {
    private var buffer: xmlBufferPtr?
    private var writer: xmlTextWriterPtr?
    private let label: String
    private var open: [String] = []

    /// Starts a document (`xmlNewTextWriterMemory`, `xmlTextWriterStartDocument`); `label` names it in errors.
    public init(label: String = "XML document", indent: Bool = true) throws(XMLError) {
        self.label = label
        guard let buffer = xmlBufferCreate() else {
            throw XMLError(.writeFailed, document: label, message: "libxml2 could not allocate an output buffer")
        }
        self.buffer = buffer
        guard let writer = xmlNewTextWriterMemory(buffer, 0) else {
            xmlBufferFree(buffer)
            self.buffer = nil
            throw XMLError(.writeFailed, document: label, message: "libxml2 could not create a text writer")
        }
        self.writer = writer
        if indent {
            xmlTextWriterSetIndent(writer, 1)
            _ = "  ".withXMLChars { xmlTextWriterSetIndentString(writer, $0) }
        }
        try check(xmlTextWriterStartDocument(writer, "1.0", "UTF-8", nil), "starting the document")
    }

    deinit {
        if let writer { xmlFreeTextWriter(writer) }
        if let buffer { xmlBufferFree(buffer) }
    }

    /// Opens an element (`xmlTextWriterStartElement`).
    public func start(_ name: String) throws(XMLError) {
        try validate(name, "element name")
        let writer = try live()
        try check(name.withXMLChars { xmlTextWriterStartElement(writer, $0) }, "opening <\(name)>")
        open.append(name)
    }

    /// Adds an attribute to the element just opened (`xmlTextWriterWriteAttribute`).
    public func attribute(_ name: String, _ value: String) throws(XMLError) {
        try validate(name, "attribute name")
        try validate(value, "value of attribute \(name)")
        let writer = try live()
        let status = name.withXMLChars { n in value.withXMLChars { v in xmlTextWriterWriteAttribute(writer, n, v) } }
        try check(status, "writing attribute \(name)")
    }

    /// Writes escaped character data (`xmlTextWriterWriteString`).
    public func text(_ value: String) throws(XMLError) {
        try validate(value, "text")
        let writer = try live()
        try check(value.withXMLChars { xmlTextWriterWriteString(writer, $0) }, "writing text")
    }

    /// Writes a comment (`xmlTextWriterWriteComment`); "--" is not allowed in a comment and is refused.
    public func comment(_ value: String) throws(XMLError) {
        try validate(value, "comment")
        guard !value.contains("--") else {
            throw XMLError(.invalidCharacter, document: label, message: "a comment may not contain \"--\"")
        }
        let writer = try live()
        try check(value.withXMLChars { xmlTextWriterWriteComment(writer, $0) }, "writing a comment")
    }

    /// Closes the innermost open element (`xmlTextWriterEndElement`).
    public func end() throws(XMLError) {
        guard let name = open.popLast() else {
            throw XMLError(.writeFailed, document: label, message: "end() called with no element open")
        }
        let writer = try live()
        try check(xmlTextWriterEndElement(writer), "closing <\(name)>")
    }

    /// Writes `<name a="…">text</name>` in one call.
    public func element(_ name: String, attributes: KeyValuePairs<String, String> = [:], text: String? = nil) throws(XMLError) {
        try start(name)
        for (key, value) in attributes { try attribute(key, value) }
        if let text { try self.text(text) }
        try end()
    }

    /// Writes an element whose body is written by `body`, closing it afterwards; rethrows what `body` throws.
    public func element(_ name: String, attributes: KeyValuePairs<String, String> = [:],
                        _ body: () throws -> Void) throws {
        try start(name)
        for (key, value) in attributes { try attribute(key, value) }
        try body()
        try end()
    }

    /// Closes every open element, ends the document (`xmlTextWriterEndDocument`) and returns its UTF-8 bytes.
    /// The writer cannot be used afterwards.
    public func finish() throws(XMLError) -> [UInt8] {
        let writer = try live()
        guard open.isEmpty else {
            throw XMLError(.writeFailed, document: label, message: "finish() with <\(open.last ?? "")> still open")
        }
        try check(xmlTextWriterEndDocument(writer), "ending the document")
        xmlFreeTextWriter(writer)  // flushes into the buffer
        self.writer = nil
        guard let buffer else { return [] }
        let count = Int(xmlBufferLength(buffer))
        let bytes: [UInt8]
        if let content = xmlBufferContent(buffer), count > 0 {
            bytes = Array(UnsafeBufferPointer(start: content, count: count))
        } else {
            bytes = []
        }
        xmlBufferFree(buffer)
        self.buffer = nil
        return bytes
    }

    private func live() throws(XMLError) -> xmlTextWriterPtr {
        guard let writer else { throw XMLError(.writeFailed, document: label, message: "the writer was already finished") }
        return writer
    }

    private func check(_ status: Int32, _ what: String) throws(XMLError) {
        if status < 0 { throw XMLError(.writeFailed, document: label, message: "libxml2 failed \(what)") }
    }

    private func validate(_ value: String, _ what: String) throws(XMLError) {
        guard value.isValidXMLText else {
            throw XMLError(.invalidCharacter, document: label, message: "the \(what) holds a character XML 1.0 cannot carry")
        }
    }
}

extension String {
    /// Calls `body` with the string as a NUL-terminated `xmlChar` (UTF-8) pointer.
    func withXMLChars<T>(_ body: (UnsafePointer<xmlChar>) -> T) -> T {
        withCString { $0.withMemoryRebound(to: xmlChar.self, capacity: utf8.count + 1, body) }
    }
}
