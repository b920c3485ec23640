import Foundation

extension EvaluationReport {
    /// Every comparison of the evaluation as tab-separated text, for studies outside the program: a header
    /// `kind, baseline, questioned, log10LR, log10LR_unbounded`, then one line per comparison (genuine, then skilled,
    /// then random, each in protocol order), the questioned signature named `<writer>/<folder>/<file>` from
    /// `writers`, LRs with six decimals.
    public func comparisonTable(writers: [WriterEmbeddings]) -> String {
        let names = SignatureNames(writers)
        var out = "kind\tbaseline\tquestioned\tlog10LR\tlog10LR_unbounded\n"
        for set in [lrs.genuine, lrs.skilled, lrs.random] {
            for (i, identity) in set.identities.enumerated() {
                out += identity.kind.rawValue + "\t" + identity.baseline + "\t" + names.name(of: identity.questioned) + "\t"
                    + fixed(set.reported[i], decimals: 6) + "\t" + fixed(set.unbounded[i], decimals: 6) + "\n"
            }
        }
        return out
    }
}

extension EvaluationReport {
    /// The errors a reader should look at first: the `count` skilled forgeries with the highest LRs that the set's
    /// skilled EER threshold accepts, and the `count` genuine signatures with the lowest LRs that it rejects, each
    /// with its unbounded log10 LR (most confident first; ties in comparison order).
    public func confidentErrors(count: Int) -> (acceptedForgeries: [(ComparisonIdentity, Double)],
                                                rejectedGenuine: [(ComparisonIdentity, Double)]) {
        let threshold = lrs.skilledEqualErrorRate.threshold
        func pick(_ set: LRSet, _ isError: (Double) -> Bool, _ worse: (Double, Double) -> Bool) -> [(ComparisonIdentity, Double)] {
            let errors = set.identities.indices.filter { isError(set.unbounded[$0]) }
            let ordered = errors.sorted { a, b in
                set.unbounded[a] == set.unbounded[b] ? a < b : worse(set.unbounded[a], set.unbounded[b])
            }
            return ordered.prefix(max(0, count)).map { (set.identities[$0], set.unbounded[$0]) }
        }
        return (pick(lrs.skilled, { $0 >= threshold }, >), pick(lrs.genuine, { $0 < threshold }, <))
    }
}

/// Names the signatures of a protocol's comparisons by their writers' file names (`WriterEmbeddings.name(of:)`).
public struct SignatureNames {
    private let writers: [String: WriterEmbeddings]

    /// Names for the signatures of `writers`.
    public init(_ writers: [WriterEmbeddings]) {
        self.writers = Dictionary(writers.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// `<writer>/genuine/<file>` or `<writer>/forged/<file>` (`#n` for a file the writer's set does not name).
    public func name(of signature: ComparisonIdentity.Questioned) -> String {
        (writers[signature.writer] ?? WriterEmbeddings(id: signature.writer, genuine: [], skilledForgeries: [])).name(of: signature)
    }

    /// The names of the K references the protocol chooses with `seed` for writer `id`'s baseline; nil for a writer
    /// not among them.
    public func referenceNames(of id: String, referenceCount k: Int, seed: UInt64) -> [String]? {
        guard let writer = writers[id] else { return nil }
        return VerificationProtocol.referenceIndices(of: writer, referenceCount: k, seed: seed)
            .map { writer.name(of: .init(writer: id, forged: false, index: $0)) }
    }
}

/// What the generator knows of each signature of a synthetic dataset (`truth.tsv`, written by `synth dataset`):
/// the pen (`own`, `other` or a preset's name), the writer's stability and, for a skilled forgery, the forger's
/// skill and the fluency of the copy. Signatures are named `<writer>/genuine/<file>` or `<writer>/forged/<file>`,
/// matched without the file's extension.
public struct DatasetTruth: Sendable {
    /// What the table says of one signature.
    public struct Entry: Sendable, Equatable {
        /// `own`, `other`, or a pen preset's name.
        public var pen: String
        /// The writer's stability (how little their signatures vary).
        public var stability: Double
        /// The forger's skill (nil for a genuine signature).
        public var skill: Double?
        /// The fluency of the copy (nil for a genuine signature).
        public var fluency: Double?
    }

    /// Entries by signature name (without extension).
    public var entries: [String: Entry]

    /// The header line.
    static let header = "writer\tsample\tpen\tstability\tskill\tfluency"

    /// Parses the table; a malformed line is an error naming the file and the line.
    public init(text: String, path: String) throws {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        guard lines.first == Self.header else {
            throw ScoringError.unreadable(path: path, reason: "line 1: expected the header writer, sample, pen, stability, skill, fluency (tab-separated)")
        }
        entries = [:]
        for (n, line) in lines.enumerated().dropFirst() {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            func unit(_ field: String) -> Double?? {
                if field == "-" { return .some(nil) }
                guard let x = Double(field), (0...1).contains(x) else { return nil }
                return .some(x)
            }
            guard fields.count == 6, !fields[0].isEmpty, !fields[2].isEmpty,
                  fields[1].hasPrefix("genuine/") || fields[1].hasPrefix("forged/"),
                  let stability = unit(fields[3]) ?? nil, let skill = unit(fields[4]), let fluency = unit(fields[5]),
                  fields[1].hasPrefix("forged/") == (skill != nil), (skill == nil) == (fluency == nil) else {
                throw ScoringError.unreadable(
                    path: path, reason: "line \(n + 1): expected writer, genuine/… or forged/…, pen, stability in 0…1, and for a forgery skill and fluency in 0…1 (- for a genuine signature)")
            }
            entries[Self.key(fields[0] + "/" + fields[1])] = Entry(pen: fields[2], stability: stability, skill: skill, fluency: fluency)
        }
    }

    /// A signature's name without its extension, so that a table written beside images also names the embeddings
    /// of a folder of `.json` files laid out the same way.
    static func key(_ name: String) -> String {
        guard let dot = name.lastIndex(of: "."), !name[dot...].contains("/") else { return name }
        return String(name[..<dot])
    }

    /// Reads `truth.tsv` from a dataset folder; nil when there is none. Files over 64 MB are refused.
    public static func load(dataset: String) throws -> DatasetTruth? {
        let path = (dataset as NSString).appendingPathComponent("truth.tsv")
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              attributes[.type] as? FileAttributeType == .typeRegular else { return nil }
        if let size = attributes[.size] as? NSNumber, size.int64Value > 64 << 20 {
            throw ScoringError.unreadable(path: path, reason: "\(size.int64Value) bytes; a truth table over 64 MB is refused")
        }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw ScoringError.unreadable(path: path, reason: "cannot read it as UTF-8 text")
        }
        return try DatasetTruth(text: text, path: path)
    }

    /// The errors of `report` by what the table says: the skilled forgeries by the forger's skill, by the fluency of
    /// the copy and by the cross of the two (how many of each cell the whole set's skilled EER threshold accepts);
    /// and genuine signatures and skilled forgeries by pen and by the writer's stability (how many that threshold
    /// rejects, or accepts). Band upper ends belong to the next band, except the last band's. Signatures the table
    /// does not name are counted apart.
    public func breakdown(_ report: EvaluationReport, writers: [WriterEmbeddings],
                          skillEdges: [Double] = [0, 0.5, 0.7, 0.85, 1],
                          fluencyEdges: [Double] = [0, 0.2, 0.4, 0.6, 0.8, 0.9, 1],
                          stabilityEdges: [Double] = [0, 0.55, 0.75, 1]) -> TruthBreakdown {
        let names = SignatureNames(writers)
        let genuine = report.lrs.genuine, skilled = report.lrs.skilled
        let setThreshold = report.lrs.skilledEqualErrorRate.threshold
        func entry(_ identity: ComparisonIdentity) -> Entry? { entries[Self.key(names.name(of: identity.questioned))] }
        func band(_ x: Double, _ edges: [Double]) -> Int { min(edges.count - 2, max(0, edges.lastIndex { $0 <= x } ?? 0)) }
        var bySkill = Array(repeating: [Int](), count: skillEdges.count - 1)
        var byFluency = Array(repeating: [Int](), count: fluencyEdges.count - 1)
        let row = Array(repeating: 0, count: fluencyEdges.count - 1)
        var cells = Array(repeating: row, count: skillEdges.count - 1), acceptedCells = cells
        var pens: [String: GroupErrors] = [:]
        var stabilities = (0..<(stabilityEdges.count - 1)).map {
            GroupErrors(group: "stability " + fixed(stabilityEdges[$0], decimals: 2) + "–" + fixed(stabilityEdges[$0 + 1], decimals: 2))
        }
        var unnamed = 0
        for (i, identity) in skilled.identities.enumerated() {
            guard let truth = entry(identity), let skill = truth.skill, let fluency = truth.fluency else { unnamed += 1; continue }
            let a = band(skill, skillEdges), b = band(fluency, fluencyEdges)
            let accepted = skilled.unbounded[i] >= setThreshold
            bySkill[a].append(i)
            byFluency[b].append(i)
            cells[a][b] += 1
            if accepted { acceptedCells[a][b] += 1 }
            let s = band(truth.stability, stabilityEdges)
            pens[truth.pen, default: GroupErrors(group: "pen " + truth.pen)].forgeries += 1
            stabilities[s].forgeries += 1
            if accepted { pens[truth.pen]!.acceptedForgeries += 1; stabilities[s].acceptedForgeries += 1 }
        }
        for (i, identity) in genuine.identities.enumerated() {
            guard let truth = entry(identity), truth.skill == nil else { unnamed += 1; continue }
            let s = band(truth.stability, stabilityEdges)
            pens[truth.pen, default: GroupErrors(group: "pen " + truth.pen)].genuine += 1
            stabilities[s].genuine += 1
            if genuine.unbounded[i] < setThreshold { pens[truth.pen]!.rejectedGenuine += 1; stabilities[s].rejectedGenuine += 1 }
        }
        func bands(_ members: [[Int]], _ edges: [Double], _ measure: String) -> [ForgerBand] {
            members.indices.map { b in
                let unbounded = members[b].map { skilled.unbounded[$0] }, reported = members[b].map { skilled.reported[$0] }
                guard !unbounded.isEmpty else {
                    return ForgerBand(measure: measure, lower: edges[b], upper: edges[b + 1], forgeries: 0)
                }
                return ForgerBand(
                    measure: measure, lower: edges[b], upper: edges[b + 1], forgeries: unbounded.count,
                    eer: VerificationMetrics.equalErrorRate(genuine: genuine.unbounded, forgery: unbounded).rate,
                    acceptedAtSetEER: Double(unbounded.filter { $0 >= setThreshold }.count) / Double(unbounded.count),
                    farAtThreshold: VerificationMetrics.errorRates(genuine: genuine.reported, forgery: reported,
                                                                   threshold: report.figures.thresholdLog10LR).falseAcceptanceRate)
            }
        }
        return TruthBreakdown(skillBands: bands(bySkill, skillEdges, "skill"),
                              fluencyBands: bands(byFluency, fluencyEdges, "fluency"),
                              forgeriesBySkillAndFluency: cells, acceptedBySkillAndFluency: acceptedCells,
                              pens: pens.values.sorted { $0.group < $1.group }, stabilityBands: stabilities, unnamed: unnamed)
    }
}

/// The errors of an evaluation by what the dataset's truth table says (`DatasetTruth.breakdown`). "Accepted" and
/// "rejected" are at the whole set's skilled EER threshold.
public struct TruthBreakdown: Codable, Equatable, Sendable {
    /// Skilled forgeries by the forger's skill.
    public var skillBands: [ForgerBand]
    /// Skilled forgeries by the fluency of the copy.
    public var fluencyBands: [ForgerBand]
    /// Skilled forgeries in each skill band (rows) and fluency band (columns).
    public var forgeriesBySkillAndFluency: [[Int]]
    /// Of those, the ones accepted.
    public var acceptedBySkillAndFluency: [[Int]]
    /// Genuine signatures and skilled forgeries by pen.
    public var pens: [GroupErrors]
    /// Genuine signatures and skilled forgeries by the writer's stability.
    public var stabilityBands: [GroupErrors]
    /// Questioned genuine signatures and skilled forgeries the table does not name (in no band).
    public var unnamed: Int

    /// The lines `evaluate` prints.
    public var lines: [String] {
        var out = ["By the dataset's truth.tsv (accepted / rejected: at the set's skilled EER threshold):"]
        out += (skillBands + fluencyBands).map { "  " + $0.line }
        func range(_ band: ForgerBand) -> String { fixed(band.lower, decimals: 2) + "–" + fixed(band.upper, decimals: 2) }
        out.append("  accepted / skilled forgeries, skill (rows) by fluency (columns " + fluencyBands.map(range).joined(separator: " | ") + "):")
        for (a, band) in skillBands.enumerated() {
            let cells = forgeriesBySkillAndFluency[a].indices.map { b -> String in
                let cell = String(acceptedBySkillAndFluency[a][b]) + "/" + String(forgeriesBySkillAndFluency[a][b])
                return String(repeating: " ", count: max(0, 9 - cell.count)) + cell
            }
            out.append("  skill " + range(band) + cells.joined())
        }
        for group in pens + stabilityBands {
            out.append("  \(group.group): \(group.rejectedGenuine) of \(group.genuine) genuine rejected, \(group.acceptedForgeries) of \(group.forgeries) skilled forgeries accepted")
        }
        if unnamed > 0 { out.append("  \(unnamed) questioned signatures are not in truth.tsv and in no band") }
        return out
    }
}

/// The questioned genuine signatures and skilled forgeries of one group (a pen, a band of writer stability).
public struct GroupErrors: Codable, Equatable, Sendable {
    /// `pen own`, `stability 0.55–0.75`, ….
    public var group: String
    /// Questioned genuine signatures.
    public var genuine = 0
    /// Of those, rejected.
    public var rejectedGenuine = 0
    /// Skilled forgeries.
    public var forgeries = 0
    /// Of those, accepted.
    public var acceptedForgeries = 0
}

/// The skilled forgeries whose forgers' skill, or whose copies' fluency, lies in one band.
public struct ForgerBand: Codable, Equatable, Sendable {
    /// `skill` or `fluency`.
    public var measure: String
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

    /// `fluency 0.80–0.90: 95 forgeries, EER 0.0995, accepted 0.1474, FAR at the decision threshold 0.1579`.
    public var line: String {
        func value(_ x: Double?) -> String { x.map { fixed($0, decimals: 4) } ?? "-" }
        return "\(measure) \(fixed(lower, decimals: 2))–\(fixed(upper, decimals: 2)): \(forgeries) forgeries, EER \(value(eer)), "
            + "accepted \(value(acceptedAtSetEER)), FAR at the decision threshold \(value(farAtThreshold))"
    }
}
