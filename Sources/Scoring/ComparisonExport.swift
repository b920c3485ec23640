import Foundation

extension EvaluationReport {
    /// Every comparison of the evaluation as tab-separated text, for studies outside the program: a header
    /// `kind, baseline, questioned, log10LR, log10LR_unbounded`, then one line per comparison (genuine, then skilled,
    /// then random, each in protocol order), the questioned signature named `<writer>/<folder>/<file>` from
    /// `writers`, LRs with six decimals.
    public func comparisonTable(writers: [WriterEmbeddings]) -> String {
        let byID = Dictionary(writers.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var out = "kind\tbaseline\tquestioned\tlog10LR\tlog10LR_unbounded\n"
        for set in [lrs.genuine, lrs.skilled, lrs.random] {
            for (i, identity) in set.identities.enumerated() {
                let questioned = byID[identity.questioned.writer]?.name(of: identity.questioned)
                    ?? identity.questioned.writer + "/#\(identity.questioned.index + 1)"
                out += identity.kind.rawValue + "\t" + identity.baseline + "\t" + questioned + "\t"
                    + fixed(set.reported[i], decimals: 6) + "\t" + fixed(set.unbounded[i], decimals: 6) + "\n"
            }
        }
        return out
    }
}

/// The truth a synthetic dataset carries about its forgers (`forgers.tsv`, written by `synth dataset`): for each
/// skilled forgery, named `<writer>/forged/<file>` (matched without the file's extension), the forger's skill
/// and the fluency of that copy.
public struct ForgerTable: Sendable {
    /// Skill and fluency by forgery name.
    public var entries: [String: (skill: Double, fluency: Double)]

    /// Parses the table; a malformed line is an error naming the file and the line.
    public init(text: String, path: String) throws {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        guard lines.first == "writer\tforgery\tskill\tfluency" else {
            throw ScoringError.unreadable(path: path, reason: "line 1: expected the header writer, forgery, skill, fluency (tab-separated)")
        }
        entries = [:]
        for (n, line) in lines.enumerated().dropFirst() {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == 4, let skill = Double(fields[2]), let fluency = Double(fields[3]),
                  (0...1).contains(skill), (0...1).contains(fluency), !fields[0].isEmpty, !fields[1].isEmpty else {
                throw ScoringError.unreadable(path: path, reason: "line \(n + 1): expected writer, forgery, skill and fluency in 0…1")
            }
            entries[Self.key(fields[0] + "/" + fields[1])] = (skill, fluency)
        }
    }

    /// A forgery's name without its extension, so that a table written beside images also names the embeddings
    /// of a folder of `.json` files laid out the same way.
    static func key(_ name: String) -> String {
        guard let dot = name.lastIndex(of: "."), !name[dot...].contains("/") else { return name }
        return String(name[..<dot])
    }

    /// Reads `forgers.tsv` from a dataset folder; nil when there is none. Files over 64 MB are refused.
    public static func load(dataset: String) throws -> ForgerTable? {
        let path = (dataset as NSString).appendingPathComponent("forgers.tsv")
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              attributes[.type] as? FileAttributeType == .typeRegular else { return nil }
        if let size = attributes[.size] as? NSNumber, size.int64Value > 64 << 20 {
            throw ScoringError.unreadable(path: path, reason: "\(size.int64Value) bytes; a forger table over 64 MB is refused")
        }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw ScoringError.unreadable(path: path, reason: "cannot read it as UTF-8 text")
        }
        return try ForgerTable(text: text, path: path)
    }

    /// The skilled forgeries of `report` grouped by the fluency of the copy (band upper ends inclusive for the
    /// last band): for each band its count, its EER against all genuine comparisons, the share of it accepted at
    /// the whole set's skilled EER threshold, and the FAR at the report's decision threshold. Forgeries the table
    /// does not name are counted apart.
    public func fluencyBands(_ report: EvaluationReport, writers: [WriterEmbeddings],
                             edges: [Double] = [0, 0.2, 0.4, 0.6, 0.8, 0.9, 1]) -> (bands: [FluencyBand], unnamed: Int) {
        let byID = Dictionary(writers.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let genuine = report.lrs.genuine
        let skilled = report.lrs.skilled
        let overall = VerificationMetrics.equalErrorRate(genuine: genuine.unbounded, forgery: skilled.unbounded)
        var unbounded = Array(repeating: [Double](), count: edges.count - 1)
        var reported = unbounded
        var unnamed = 0
        for (i, identity) in skilled.identities.enumerated() {
            guard let writer = byID[identity.questioned.writer],
                  let truth = entries[Self.key(writer.name(of: identity.questioned))] else { unnamed += 1; continue }
            let band = min(edges.count - 2, max(0, (edges.lastIndex { $0 <= truth.fluency } ?? 0)))
            unbounded[band].append(skilled.unbounded[i])
            reported[band].append(skilled.reported[i])
        }
        let threshold = report.figures.thresholdLog10LR
        let bands = (0..<(edges.count - 1)).map { b in
            let accepted = unbounded[b].filter { $0 >= overall.threshold }.count
            return FluencyBand(
                lower: edges[b], upper: edges[b + 1], forgeries: unbounded[b].count,
                eer: unbounded[b].isEmpty ? nil : VerificationMetrics.equalErrorRate(genuine: genuine.unbounded, forgery: unbounded[b]).rate,
                acceptedAtSetEER: unbounded[b].isEmpty ? nil : Double(accepted) / Double(unbounded[b].count),
                farAtThreshold: reported[b].isEmpty ? nil
                    : VerificationMetrics.errorRates(genuine: genuine.reported, forgery: reported[b], threshold: threshold).falseAcceptanceRate)
        }
        return (bands, unnamed)
    }
}

/// The skilled forgeries whose copies' fluency lies in one band.
public struct FluencyBand: Codable, Equatable, Sendable {
    /// Lower end of the band.
    public var lower: Double
    /// Upper end.
    public var upper: Double
    /// Forgeries in the band.
    public var forgeries: Int
    /// EER of the band's forgeries against every genuine comparison.
    public var eer: Double?
    /// Share of the band's forgeries at or above the whole set's skilled EER threshold.
    public var acceptedAtSetEER: Double?
    /// FAR of the band's forgeries at the evaluation's decision threshold.
    public var farAtThreshold: Double?

    /// `fluency 0.80–0.90: 123 forgeries, EER 0.1234, accepted at the set's EER threshold 0.2345, FAR 0.1234`.
    public var line: String {
        func value(_ x: Double?) -> String { x.map { fixed($0, decimals: 4) } ?? "-" }
        return "fluency \(fixed(lower, decimals: 2))–\(fixed(upper, decimals: 2)): \(forgeries) forgeries, EER \(value(eer)), "
            + "accepted at the set's EER threshold \(value(acceptedAtSetEER)), FAR at the decision threshold \(value(farAtThreshold))"
    }
}
