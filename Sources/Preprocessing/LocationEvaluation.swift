/// Precision and recall of found boxes against true boxes at an IoU threshold, with greedy one-to-one matching
/// (pairs taken by decreasing IoU).
public struct LocationEvaluation: Sendable {
    /// One page's outcome.
    public struct Page: Sendable {
        /// Page name (file and page number).
        public var name: String
        /// True boxes.
        public var truth: Int
        /// Boxes found.
        public var found: Int
        /// Matches at or above the IoU threshold.
        public var matched: Int
        /// IoU of each match.
        public var ious: [Double]
        /// Missed true boxes plus spurious found ones.
        public var errors: Int { (truth - matched) + (found - matched) }
    }

    /// Smallest IoU that counts as a match.
    public var threshold: Double
    /// Every page evaluated.
    public private(set) var pages: [Page] = []

    /// An empty evaluation at `threshold`.
    public init(threshold: Double = 0.5) {
        self.threshold = threshold
    }

    /// Matches `found` against `truth` for one page and records the outcome.
    @discardableResult
    public mutating func add(name: String, truth: [PixelBox], found: [PixelBox]) -> Page {
        var pairs: [(Double, Int, Int)] = []
        for (i, t) in truth.enumerated() {
            for (j, f) in found.enumerated() {
                let iou = t.iou(f)
                if iou >= threshold { pairs.append((iou, i, j)) }
            }
        }
        pairs.sort { ($0.0, -$0.1, -$0.2) > ($1.0, -$1.1, -$1.2) }
        var usedT = Set<Int>(), usedF = Set<Int>(), ious: [Double] = []
        for (iou, i, j) in pairs where !usedT.contains(i) && !usedF.contains(j) {
            usedT.insert(i); usedF.insert(j); ious.append(iou)
        }
        let page = Page(name: name, truth: truth.count, found: found.count, matched: ious.count, ious: ious)
        pages.append(page)
        return page
    }

    /// Matched / found (1 when nothing was found).
    public var precision: Double {
        let found = pages.reduce(0) { $0 + $1.found }
        return found == 0 ? 1 : Double(pages.reduce(0) { $0 + $1.matched }) / Double(found)
    }

    /// Matched / truth (1 when there was nothing to find).
    public var recall: Double {
        let truth = pages.reduce(0) { $0 + $1.truth }
        return truth == 0 ? 1 : Double(pages.reduce(0) { $0 + $1.matched }) / Double(truth)
    }

    /// Mean IoU of the matched boxes (0 when none matched).
    public var meanIoU: Double {
        let all = pages.flatMap(\.ious)
        return all.isEmpty ? 0 : all.reduce(0, +) / Double(all.count)
    }

    /// Pages with errors, most errors first (then lowest IoU).
    public func worst(_ n: Int) -> [Page] {
        pages.filter { $0.errors > 0 || ($0.ious.min() ?? 1) < 0.7 }
            .sorted { ($0.errors, -($0.ious.min() ?? 1), $0.name) > ($1.errors, -($1.ious.min() ?? 1), $1.name) }
            .prefix(n).map { $0 }
    }
}

/// Reads the signature boxes of a synthetic document's `<name>.truth.xml` sidecar.
///
/// Stopgap until the shared XML reader (XMLIO, on libxml2) is merged: a minimal scanner that reads the attributes
/// of every `<signature …>` element (its own `x y width height`, or those of a `<box …/>` child) and the optional
/// `page` attribute (1-based). It does not resolve entities or read DTDs; anything it cannot read is skipped.
public enum LocationTruth {
    /// The true boxes per page (0-based page index) found in `xml`.
    public static func signatureBoxes(fromSidecar xml: String) -> [Int: [PixelBox]] {
        var result: [Int: [PixelBox]] = [:]
        var rest = Substring(xml)
        while let start = rest.firstRange(of: "<signature") {
            let after = rest[start.upperBound...]
            guard let next = after.first, next == " " || next == "\n" || next == "\t" || next == ">" || next == "/" else {
                rest = after
                continue
            }
            guard let tagEnd = after.firstIndex(of: ">") else { break }
            let tag = after[..<tagEnd]
            var attributes = Self.attributes(tag)
            let selfClosing = tag.hasSuffix("/")
            var consumedTo = after.index(after: tagEnd)
            if attributes["x"] == nil, !selfClosing, let close = after.firstRange(of: "</signature>") {
                let body = after[after.index(after: tagEnd)..<close.lowerBound]
                if let boxStart = body.firstRange(of: "<box"), let boxEnd = body[boxStart.upperBound...].firstIndex(of: ">") {
                    for (k, v) in Self.attributes(body[boxStart.upperBound..<boxEnd]) where attributes[k] == nil { attributes[k] = v }
                }
                consumedTo = close.upperBound
            }
            if let x = attributes["x"].flatMap(Int.init), let y = attributes["y"].flatMap(Int.init),
               let w = attributes["width"].flatMap(Int.init), let h = attributes["height"].flatMap(Int.init) {
                let page = (attributes["page"].flatMap(Int.init) ?? 1) - 1
                result[page, default: []].append(PixelBox(x: x, y: y, width: w, height: h))
            }
            rest = after[consumedTo...]
        }
        return result
    }

    static func attributes(_ tag: Substring) -> [String: String] {
        var out: [String: String] = [:]
        var s = tag[...]
        while let eq = s.firstIndex(of: "=") {
            let name = s[..<eq].split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).last.map(String.init) ?? ""
            var v = s[s.index(after: eq)...].drop { $0 == " " }
            guard let quote = v.first, quote == "\"" || quote == "'" else { break }
            v = v.dropFirst()
            guard let end = v.firstIndex(of: quote) else { break }
            out[name] = String(v[..<end])
            s = v[v.index(after: end)...]
        }
        return out
    }
}
