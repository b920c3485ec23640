import CLibXML2

/// Parses XML safely through libxml2 (`xmlCtxtReadMemory`): no network (`XML_PARSE_NONET`), no entity
/// substitution (no `XML_PARSE_NOENT`), no external DTD loading (no `XML_PARSE_DTDLOAD`), nothing printed to
/// stderr, a size limit, and by default any DOCTYPE refused outright. The tree is copied into `XMLElement` values
/// and libxml2's memory is freed before returning.
public struct XMLDocumentReader: Sendable {
    /// Largest document accepted, in bytes.
    public var maxBytes: Int
    /// Accept documents that declare a DTD (its entities are still never expanded, nothing is fetched).
    public var allowDoctype: Bool

    /// A reader with a 16 MiB limit that refuses DTDs.
    public init(maxBytes: Int = 16 << 20, allowDoctype: Bool = false) {
        self.maxBytes = maxBytes
        self.allowDoctype = allowDoctype
    }

    /// The libxml2 options used: NONET | NOCDATA | NOERROR | NOWARNING, never NOENT, DTDLOAD, DTDATTR or XINCLUDE.
    public static var parserOptions: Int32 {
        Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue | XML_PARSE_NOERROR.rawValue
              | XML_PARSE_NOWARNING.rawValue)
    }

    /// Parses `bytes`; `document` names it in errors.
    public func parse(_ bytes: [UInt8], document: String) throws(XMLError) -> XMLElement {
        guard bytes.count <= maxBytes else {
            throw XMLError(.tooLarge, document: document, message: "\(bytes.count) bytes exceed the limit of \(maxBytes)")
        }
        let doc = try Self.parseTree(bytes, document: document)
        defer { xmlFreeDoc(doc) }
        if !allowDoctype && (doc.pointee.intSubset != nil || doc.pointee.extSubset != nil) {
            throw XMLError(.doctypeRefused, document: document,
                           message: "the document declares a DTD (DOCTYPE); DTDs are refused so that no entity is expanded")
        }
        guard let root = xmlDocGetRootElement(doc) else {
            throw XMLError(.malformed, document: document, message: "the document has no root element")
        }
        return try Self.convert(root, document: document)
    }

    /// Parses `bytes` with `parserOptions` into a libxml2 tree that the caller frees with `xmlFreeDoc`;
    /// libxml2's message and line become the error.
    static func parseTree(_ bytes: [UInt8], document: String) throws(XMLError) -> xmlDocPtr {
        guard !bytes.isEmpty else { throw XMLError(.malformed, document: document, message: "the document is empty") }
        guard let context = xmlNewParserCtxt() else {
            throw XMLError(.malformed, document: document, message: "libxml2 could not create a parser context")
        }
        defer { xmlFreeParserCtxt(context) }
        let parsed = bytes.withUnsafeBufferPointer { raw in
            raw.withMemoryRebound(to: CChar.self) { chars in
                xmlCtxtReadMemory(context, chars.baseAddress, Int32(chars.count), nil, nil, parserOptions)
            }
        }
        guard let doc = parsed else {
            var message = "not well-formed XML"
            var line: Int? = nil
            if let error = xmlCtxtGetLastError(UnsafeMutableRawPointer(context)) {
                if let text = error.pointee.message { message = String(cString: text).trimmingTrailingWhitespace() }
                if error.pointee.line > 0 { line = Int(error.pointee.line) }
            }
            throw XMLError(.malformed, document: document, line: line, message: message)
        }
        return doc
    }

    /// Reads and parses the file at `path`.
    public func parse(contentsOf path: String) throws(XMLError) -> XMLElement {
        guard let bytes = readFile(path, limit: maxBytes) else {
            throw XMLError(.malformed, document: path, message: "cannot be read (missing, unreadable, or larger than \(maxBytes) bytes)")
        }
        return try parse(bytes, document: path)
    }

    private static func convert(_ node: xmlNodePtr, document: String) throws(XMLError) -> XMLElement {
        var element = XMLElement(name: xmlString(node.pointee.name), line: Int(xmlGetLineNo(node)))
        if let prefix = node.pointee.ns?.pointee.prefix {
            element.name = xmlString(prefix) + ":" + element.name
        }
        var attribute = node.pointee.properties
        while let a = attribute {
            var value = ""
            if let raw = xmlNodeListGetString(node.pointee.doc, a.pointee.children, 1) {
                value = xmlString(raw)
                sf_xml_free(raw)
            }
            var name = xmlString(a.pointee.name)
            if let prefix = a.pointee.ns?.pointee.prefix { name = xmlString(prefix) + ":" + name }
            element.attributes.append((name, value))
            attribute = a.pointee.next
        }
        var child = node.pointee.children
        while let c = child {
            switch c.pointee.type {
            case XML_ELEMENT_NODE:
                element.children.append(try convert(c, document: document))
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = c.pointee.content { element.text += xmlString(content) }
            case XML_ENTITY_REF_NODE:
                throw XMLError(.unexpectedContent, document: document, line: Int(xmlGetLineNo(c)),
                               message: "an entity reference (&\(xmlString(c.pointee.name));) is not accepted")
            default:
                break
            }
            child = c.pointee.next
        }
        return element
    }

    private static func xmlString(_ p: UnsafePointer<xmlChar>?) -> String {
        guard let p else { return "" }
        return p.withMemoryRebound(to: CChar.self, capacity: 1) { String(cString: $0) }
    }
}

extension String {
    func trimmingTrailingWhitespace() -> String {
        var s = Substring(self)
        while let last = s.last, last.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}
