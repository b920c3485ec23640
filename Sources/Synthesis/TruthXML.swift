import XMLIO
import Imaging

/// The ground-truth sidecar of a synthetic page (`<name>.truth.xml`), written through libxml2.
///
/// ```xml
/// <page-truth version="1" file="doc-0001.tif" format="tiff-g4" seed="7">
///   <page width="2480" height="3508" dpi="300" paper="A4" rotation-degrees="0.21"/>
///   <signature number="1" claimed-writer="w00003" kind="skilled-forgery" author="forger:w00003" sample="2"
///              skill="0.61" x="410" y="2630" width="702" height="233"/>
///   <distractor kind="date" x="…" y="…" width="…" height="…"/>
/// </page-truth>
/// ```
public enum TruthXML {
    /// The sidecar's bytes.
    public static func document(_ truth: PageTruth, file: String, format: PageFormat, seed: UInt64) throws(SynthesisError) -> [UInt8] {
        do {
            let w = try XMLWriter(label: file + " truth")
            try w.element("page-truth", attributes: ["version": "1", "file": file, "format": format.rawValue, "seed": String(seed)]) {
                try w.element("page", attributes: ["width": String(truth.width), "height": String(truth.height), "dpi": String(truth.dpi),
                                                   "paper": truth.paper, "rotation-degrees": String(truth.rotationDegrees)])
                for s in truth.signatures {
                    try w.start("signature")
                    try w.attribute("number", String(s.number))
                    try w.attribute("claimed-writer", s.claimedWriter)
                    try w.attribute("kind", s.kind.rawValue)
                    try w.attribute("author", s.author)
                    try w.attribute("sample", String(s.sample))
                    if let skill = s.skill { try w.attribute("skill", String((skill * 1000).rounded() / 1000)) }
                    try box(w, s.box)
                    try w.end()
                }
                for d in truth.distractors {
                    try w.start("distractor")
                    try w.attribute("kind", d.kind)
                    try box(w, d.box)
                    try w.end()
                }
            }
            return try w.finish()
        } catch {
            throw SynthesisError(.xml, path: file, message: "\(error)")
        }
    }

    static func box(_ w: XMLWriter, _ b: PixelBox) throws(XMLError) {
        try w.attribute("x", String(b.x))
        try w.attribute("y", String(b.y))
        try w.attribute("width", String(b.width))
        try w.attribute("height", String(b.height))
    }

    /// Reads a sidecar back (for tests and tools): the signature boxes and kinds.
    public static func read(_ bytes: [UInt8], document: String) throws(XMLError) -> PageTruth {
        let root = try XMLDocumentReader().parse(bytes, document: document)
        guard root.name == "page-truth", let page = root.child("page") else {
            throw XMLError(.unexpectedContent, document: document, line: root.line, message: "not a page-truth document")
        }
        func box(_ e: XMLElement) throws(XMLError) -> PixelBox {
            PixelBox(x: try e.requireInt("x", in: document), y: try e.requireInt("y", in: document),
                     width: try e.requireInt("width", in: document), height: try e.requireInt("height", in: document))
        }
        var signatures: [SignatureTruth] = []
        for s in root.children("signature") {
            let kindText = try s.require("kind", in: document)
            guard let kind = SignatureKind(rawValue: kindText) else {
                throw XMLError(.unexpectedContent, document: document, line: s.line, message: "unknown kind \(kindText)")
            }
            signatures.append(SignatureTruth(number: try s.requireInt("number", in: document),
                                             claimedWriter: try s.require("claimed-writer", in: document), kind: kind,
                                             author: try s.require("author", in: document), sample: try s.requireInt("sample", in: document),
                                             skill: s[attribute: "skill"].flatMap(Double.init), box: try box(s)))
        }
        var distractors: [DistractorTruth] = []
        for d in root.children("distractor") { distractors.append(DistractorTruth(kind: try d.require("kind", in: document), box: try box(d))) }
        return PageTruth(width: try page.requireInt("width", in: document), height: try page.requireInt("height", in: document),
                         dpi: try page.requireInt("dpi", in: document), paper: try page.require("paper", in: document),
                         rotationDegrees: page[attribute: "rotation-degrees"].flatMap(Double.init) ?? 0,
                         signatures: signatures, distractors: distractors)
    }
}
