import Imaging

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
        /// What each unmatched found box was: "signature-misfit" when it overlaps a true signature (a part of
        /// one, or one merged with its neighbours), else the kind of distractor it overlaps most ("date", "initials",
        /// "stamp"), else "other" (print, logos, lines).
        public var falsePositives: [String] = []
        /// A grouping label chosen by the caller (format, resolution), for per-group figures.
        public var group: String = ""
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
    public mutating func add(name: String, truth: [PixelBox], found: [PixelBox],
                             distractors: [LocationTruth.Mark] = [], group: String = "") -> Page {
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
        var page = Page(name: name, truth: truth.count, found: found.count, matched: ious.count, ious: ious)
        page.group = group
        for (j, f) in found.enumerated() where !usedF.contains(j) {
            page.falsePositives.append(Self.label(f, truth: truth, distractors: distractors, threshold: 2))
        }
        pages.append(page)
        return page
    }

    /// What a found box is against the truth: "signature" when it overlaps a true signature at IoU ≥ `threshold`,
    /// "signature-misfit" when it overlaps one less, else the kind of the distractor it overlaps most, else "other".
    public static func label(_ found: PixelBox, truth: [PixelBox], distractors: [LocationTruth.Mark], threshold: Double) -> String {
        if truth.contains(where: { $0.iou(found) >= threshold }) { return "signature" }
        if truth.contains(where: { $0.intersectionArea(found) > 0 }) { return "signature-misfit" }
        let best = distractors.max { $0.box.intersectionArea(found) < $1.box.intersectionArea(found) }
        if let best, best.box.intersectionArea(found) > 0 { return best.kind }
        return "other"
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

    /// Figures of the pages whose group is `group`.
    public func subset(group: String) -> LocationEvaluation {
        var e = LocationEvaluation(threshold: threshold)
        e.pages = pages.filter { $0.group == group }
        return e
    }

    /// Unmatched found boxes counted by what they were (see `Page.falsePositives`).
    public var falsePositiveKinds: [String: Int] {
        var counts: [String: Int] = [:]
        for p in pages { for k in p.falsePositives { counts[k, default: 0] += 1 } }
        return counts
    }

    /// Pages with errors, most errors first (then lowest IoU).
    public func worst(_ n: Int) -> [Page] {
        pages.filter { $0.errors > 0 || ($0.ious.min() ?? 1) < 0.7 }
            .sorted { ($0.errors, -($0.ious.min() ?? 1), $0.name) > ($1.errors, -($1.ious.min() ?? 1), $1.name) }
            .prefix(n).map { $0 }
    }
}
