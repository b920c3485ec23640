/// One element of a parsed document as a plain value: name, attributes in document order, child elements and
/// the concatenated character data directly inside it.
public struct XMLElement: Sendable, Equatable {
    /// The element name (with its prefix, if it had one).
    public var name: String
    /// Attributes in document order.
    public var attributes: [(name: String, value: String)]
    /// Child elements in document order.
    public var children: [XMLElement]
    /// Character data directly inside this element (text and CDATA, concatenated).
    public var text: String
    /// Line where the element starts in its document.
    public var line: Int

    /// Creates an element.
    public init(name: String, attributes: [(name: String, value: String)] = [], children: [XMLElement] = [],
                text: String = "", line: Int = 0) {
        self.name = name
        self.attributes = attributes
        self.children = children
        self.text = text
        self.line = line
    }

    /// The value of attribute `name`, or nil.
    public subscript(attribute name: String) -> String? {
        attributes.first { $0.name == name }?.value
    }

    /// The first child element called `name`, or nil.
    public func child(_ name: String) -> XMLElement? {
        children.first { $0.name == name }
    }

    /// Every child element called `name`.
    public func children(_ name: String) -> [XMLElement] {
        children.filter { $0.name == name }
    }

    /// Compares name, attributes, children and text (not the line).
    public static func == (a: XMLElement, b: XMLElement) -> Bool {
        a.name == b.name && a.text == b.text && a.children == b.children
            && a.attributes.count == b.attributes.count
            && zip(a.attributes, b.attributes).allSatisfy { $0.name == $1.name && $0.value == $1.value }
    }
}

extension XMLElement {
    /// The value of a required attribute, or an `unexpectedContent` error naming the element and line.
    public func require(_ attribute: String, in document: String) throws(XMLError) -> String {
        guard let value = self[attribute: attribute] else {
            throw XMLError(.unexpectedContent, document: document, line: line,
                           message: "<\(name)> lacks the attribute \(attribute)")
        }
        return value
    }

    /// A required attribute read as an integer.
    public func requireInt(_ attribute: String, in document: String) throws(XMLError) -> Int {
        let text = try require(attribute, in: document)
        guard let value = Int(text) else {
            throw XMLError(.unexpectedContent, document: document, line: line,
                           message: "<\(name) \(attribute)=\"\(text)\"> is not an integer")
        }
        return value
    }
}
