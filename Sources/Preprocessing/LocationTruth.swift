import Imaging
import XMLIO

/// The ground truth of one page as the synthetic document generator writes it (`<name>.truth.xml`), read through
/// libxml2 (XMLIO: no DTD, no entity expansion, no network):
///
/// ```xml
/// <page-truth version="1" file="doc-0001.tif" format="tiff-g4" seed="7">
///   <page width="2480" height="3508" dpi="300" paper="A4" rotation-degrees="0.21"/>
///   <signature number="1" kind="genuine" … x="410" y="2630" width="702" height="233"/>
///   <distractor kind="date" x="…" y="…" width="…" height="…"/>
/// </page-truth>
/// ```
///
/// Boxes are the generator's ink boxes (pixels whose pen coverage is at least 15%), in page pixels of the image as
/// written. A sidecar describes a single-page file; a `page` attribute (1-based) on a signature or distractor
/// places it on another page of a multi-page file.
public struct LocationTruth: Sendable, Equatable {
    /// A marked region: a signature, or a distractor with its kind ("date", "initials", "stamp").
    public struct Mark: Sendable, Equatable {
        /// "signature" for signatures; the distractor's kind otherwise.
        public var kind: String
        /// 0-based page index.
        public var page: Int
        /// Box in page pixels.
        public var box: PixelBox
    }

    /// The file format the generator wrote ("tiff-g4", "jpeg-colour" …), when the sidecar names one.
    public var format: String?
    /// Page width in pixels stated by the sidecar (nil when it states none).
    public var width: Int?
    /// Page height in pixels stated by the sidecar.
    public var height: Int?
    /// Resolution stated by the sidecar.
    public var dpi: Int?
    /// The signatures.
    public var signatures: [Mark]
    /// Marks that are not signatures but could be taken for one.
    public var distractors: [Mark]

    /// Signature boxes on page `index` (0-based).
    public func signatureBoxes(page index: Int) -> [PixelBox] {
        signatures.filter { $0.page == index }.map(\.box)
    }

    /// Distractors on page `index` (0-based).
    public func distractors(page index: Int) -> [Mark] {
        distractors.filter { $0.page == index }
    }

    /// Parses a sidecar's bytes; `document` names it in errors.
    public static func parse(_ bytes: [UInt8], document: String) throws(XMLError) -> LocationTruth {
        try interpret(try XMLDocumentReader(maxBytes: maxBytes).parse(bytes, document: document), document: document)
    }

    /// Reads and parses the sidecar at `path`.
    public static func read(contentsOf path: String) throws(XMLError) -> LocationTruth {
        try interpret(try XMLDocumentReader(maxBytes: maxBytes).parse(contentsOf: path), document: path)
    }

    /// Largest sidecar accepted.
    static let maxBytes = 4 << 20

    static func interpret(_ root: XMLElement, document: String) throws(XMLError) -> LocationTruth {
        guard root.name == "page-truth" else {
            throw XMLError(.unexpectedContent, document: document, line: root.line,
                           message: "the root element is <\(root.name)>, not <page-truth>")
        }
        if let version = root[attribute: "version"], version != "1" {
            throw XMLError(.unexpectedContent, document: document, line: root.line,
                           message: "truth version \(version) is not understood (version 1 is)")
        }
        let page = root.child("page")
        func optionalInt(_ name: String) throws(XMLError) -> Int? {
            guard let page, page[attribute: name] != nil else { return nil }
            return try page.requireInt(name, in: document)
        }
        func mark(_ e: XMLElement, kind: String) throws(XMLError) -> Mark {
            let box = PixelBox(x: try e.requireInt("x", in: document), y: try e.requireInt("y", in: document),
                               width: try e.requireInt("width", in: document), height: try e.requireInt("height", in: document))
            guard box.width >= 0, box.height >= 0 else {
                throw XMLError(.unexpectedContent, document: document, line: e.line, message: "<\(e.name)> has a negative size")
            }
            var index = 0
            if e[attribute: "page"] != nil {
                index = try e.requireInt("page", in: document) - 1
                guard index >= 0 else {
                    throw XMLError(.unexpectedContent, document: document, line: e.line, message: "page numbers start at 1")
                }
            }
            return Mark(kind: kind, page: index, box: box)
        }
        var signatures: [Mark] = [], distractors: [Mark] = []
        for s in root.children("signature") { signatures.append(try mark(s, kind: "signature")) }
        for d in root.children("distractor") { distractors.append(try mark(d, kind: try d.require("kind", in: document))) }
        return LocationTruth(format: root[attribute: "format"], width: try optionalInt("width"), height: try optionalInt("height"), dpi: try optionalInt("dpi"),
                             signatures: signatures, distractors: distractors)
    }
}
