import Foundation
import Testing
@testable import Scoring
import Randomness

/// `evaluate --scores` (every comparison, named) and the breakdown by a synthetic set's `truth.tsv`.
@Suite struct ComparisonExportTests {
    /// 24 writers in 8 dimensions; forgery k of each writer is made by a forger whose copy has fluency k/9 and lies
    /// that much nearer the writer: (1 − fluency) · 1.5 off the writer's centre, plus the genuine spread.
    static let fluencies = (0..<10).map { Double($0) / 9 }
    static let writers: [WriterEmbeddings] = {
        var rng = SplitMix64(seed: 12)
        func gaussian() -> Float { rng.nextGaussian() }
        return (0..<24).map { w in
            let centre = (0..<8).map { _ in 3 * gaussian() }
            let direction: [Float] = {
                let d = (0..<8).map { _ in gaussian() }
                let norm = d.map { $0 * $0 }.reduce(0, +).squareRoot()
                return d.map { $0 / norm }
            }()
            func near(_ offset: Float) -> [Float] { (0..<8).map { centre[$0] + offset * direction[$0] + 0.3 * gaussian() } }
            let genuine = (0..<8).map { _ in near(0) }
            let forged = fluencies.map { near(Float(1 - $0) * 1.5) }
            return WriterEmbeddings(id: String(format: "w%03d", w), genuine: genuine, skilledForgeries: forged,
                                    genuineNames: (1...8).map { String(format: "%02d.png", $0) },
                                    forgeryNames: (1...10).map { String(format: "%02d.png", $0) })
        }
    }()

    /// The truth table of `writers`: genuine signatures 01–06 with the writer's own pen, 07–08 with another;
    /// every forger of skill 1 with the writer's pen.
    static func table(leavingOut: String? = nil) -> String {
        var text = "writer\tsample\tpen\tstability\tskill\tfluency\n"
        for writer in writers {
            for g in 1...8 { text += "\(writer.id)\t\(String(format: "genuine/%02d.png", g))\t\(g <= 6 ? "own" : "other")\t0.500000\t-\t-\n" }
            for (k, fluency) in fluencies.enumerated() {
                let name = String(format: "forged/%02d.png", k + 1)
                if writer.id + "/" + name == leavingOut { continue }
                text += "\(writer.id)\t\(name)\town\t0.500000\t1.000000\t\(String(format: "%.6f", fluency))\n"
            }
        }
        return text
    }

    @Test func everyComparisonIsNamedWithItsLR() throws {
        let report = try Evaluation.run(writers: Self.writers, settings: CalibrationSettings(referenceCount: 5, seed: 3))
        let rows = report.comparisonTable(writers: Self.writers).split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
        #expect(rows.first == ["kind", "baseline", "questioned", "log10LR", "log10LR_unbounded"])
        let body = rows.dropFirst()
        #expect(body.count == report.figures.genuineComparisons + report.figures.skilledComparisons + report.figures.randomComparisons)
        for row in body {
            #expect(row.count == 5)
            let questionedWriter = String(row[2].prefix { $0 != "/" })
            switch row[0] {
            case "genuine": #expect(questionedWriter == row[1] && row[2].contains("/genuine/"))
            case "skilled": #expect(questionedWriter == row[1] && row[2].contains("/forged/"))
            case "random": #expect(questionedWriter != row[1] && row[2].contains("/genuine/"))
            default: Issue.record("unknown kind \(row[0])")
            }
        }
        // Each writer's 3 questioned genuine signatures are its 8 less the 5 references, each named once.
        let genuineOfW0 = body.filter { $0[0] == "genuine" && $0[1] == "w000" }.map { $0[2] }
        #expect(genuineOfW0.count == 3 && Set(genuineOfW0).count == 3)
        // The LR columns are the report's LRs, in its order.
        let skilledColumn = body.filter { $0[0] == "skilled" }.map { try? #require(Double($0[3])) }
        #expect(skilledColumn.count == report.lrs.skilled.reported.count)
        for (value, lr) in zip(skilledColumn, report.lrs.skilled.reported) { #expect(abs((value ?? .nan) - lr) < 1e-6) }
    }

    @Test func forgeriesOfMoreFluentCopiesAreHarderToTell() throws {
        let report = try Evaluation.run(writers: Self.writers, settings: CalibrationSettings(referenceCount: 5, seed: 3))
        let table = try DatasetTruth(text: Self.table(leavingOut: "w003/forged/07.png"), path: "truth.tsv")
        let breakdown = table.breakdown(report, writers: Self.writers, skillEdges: [0, 0.5, 1], fluencyEdges: [0, 0.5, 0.8, 1])
        #expect(breakdown.unnamed == 1)
        let bands = breakdown.fluencyBands
        // Fluencies 0, 1/9 … 4/9 | 5/9, 6/9, 7/9 | 8/9, 1 (the last band holds its upper end).
        #expect(bands.map(\.forgeries) == [24 * 5, 24 * 3 - 1, 24 * 2])
        // Every forger has skill 1: the top skill band holds them all, and the cross adds up to the bands.
        #expect(breakdown.skillBands.map(\.forgeries) == [0, 24 * 10 - 1])
        #expect(breakdown.forgeriesBySkillAndFluency == [[0, 0, 0], bands.map(\.forgeries)])
        for (b, band) in bands.enumerated() {
            let accepted = Double(breakdown.acceptedBySkillAndFluency[1][b]) / Double(band.forgeries)
            #expect(abs(accepted - (band.acceptedAtSetEER ?? .nan)) < 1e-12)
        }
        // Pens: every questioned genuine signature and every named forgery once; the forgers all used the writer's.
        let own = try #require(breakdown.pens.first { $0.group == "pen own" }), other = try #require(breakdown.pens.first { $0.group == "pen other" })
        #expect(own.genuine + other.genuine == report.figures.genuineComparisons)
        #expect(own.forgeries == 24 * 10 - 1 && other.forgeries == 0)
        #expect(own.acceptedForgeries == breakdown.acceptedBySkillAndFluency[1].reduce(0, +))
        let rejected = report.lrs.genuine.unbounded.filter { $0 < Self.setThreshold(report) }.count
        #expect(own.rejectedGenuine + other.rejectedGenuine == rejected)
        // Every writer's stability is 0.5: the lowest band holds everything.
        #expect(breakdown.stabilityBands.map(\.forgeries) == [24 * 10 - 1, 0, 0])
        #expect(breakdown.stabilityBands[0].genuine == report.figures.genuineComparisons)
        #expect(breakdown.stabilityBands[0].rejectedGenuine == rejected)
        #expect(breakdown.lines.count == 1 + 2 + 3 + 1 + 2 + 2 + 3 + 1)
        let eers = bands.map { $0.eer ?? .nan }
        #expect(eers[0] < eers[1] && eers[1] < eers[2], "band EERs \(eers)")
        let accepted = bands.map { $0.acceptedAtSetEER ?? .nan }
        #expect(accepted[0] < accepted[2], "accepted at the set's EER threshold \(accepted)")
        // The bands' acceptances at the set's threshold average (weighted) to the set's FAR there, about its EER.
        let pooled = zip(bands, accepted).map { Double($0.forgeries) * $1 }.reduce(0, +) / Double(24 * 10 - 1)
        #expect(abs(pooled - report.figures.eerSkilled) < 0.05, "pooled acceptance \(pooled), EER \(report.figures.eerSkilled)")
    }

    @Test func theConfidentErrorsAreTheWorstOnTheWrongSideOfTheThreshold() throws {
        let report = try Evaluation.run(writers: Self.writers, settings: CalibrationSettings(referenceCount: 5, seed: 3))
        let threshold = Self.setThreshold(report)
        let accepted = report.lrs.skilled.unbounded.filter { $0 >= threshold }.sorted(by: >)
        let rejected = report.lrs.genuine.unbounded.filter { $0 < threshold }.sorted()
        try #require(accepted.count >= 3 && rejected.count >= 2)
        let errors = report.confidentErrors(count: 3)
        #expect(errors.acceptedForgeries.map(\.1) == Array(accepted.prefix(3)))
        #expect(errors.rejectedGenuine.map(\.1) == Array(rejected.prefix(3)))
        #expect(errors.acceptedForgeries.allSatisfy { $0.0.kind == .skilled && $0.0.questioned.forged })
        #expect(errors.rejectedGenuine.allSatisfy { $0.0.kind == .genuine && $0.0.baseline == $0.0.questioned.writer })
        // A rejected genuine signature is never one of its writer's references.
        for (identity, _) in errors.rejectedGenuine {
            let writer = try #require(Self.writers.first { $0.id == identity.baseline })
            #expect(!VerificationProtocol.referenceIndices(of: writer, referenceCount: 5, seed: 3).contains(identity.questioned.index))
        }
        #expect(report.confidentErrors(count: 0).acceptedForgeries.isEmpty)
    }

    static func setThreshold(_ report: EvaluationReport) -> Double {
        VerificationMetrics.equalErrorRate(genuine: report.lrs.genuine.unbounded, forgery: report.lrs.skilled.unbounded).threshold
    }

    @Test func aMalformedTableIsRefusedWithTheLine() {
        let header = "writer\tsample\tpen\tstability\tskill\tfluency\n"
        for bad in ["writer,sample,pen,skill,fluency\n",
                    header + "w1\tforged/01.png\town\t0.7\t0.5\n",                 // a field short
                    header + "w1\tforged/01.png\town\t0.7\t0.5\t1.5\n",           // fluency outside 0…1
                    header + "w1\tgenuine/01.png\town\t0.7\t0.5\t0.2\n",          // a genuine signature with a forger
                    header + "w1\tforged/01.png\town\t0.7\t-\t-\n",               // a forgery without one
                    header + "w1\tother/01.png\town\t0.7\t-\t-\n"] {              // neither folder
            #expect(throws: ScoringError.self, "\(bad)") { try DatasetTruth(text: bad, path: "t.tsv") }
        }
        do {
            _ = try DatasetTruth(text: header + "w1\tforged/01.png\town\t0.7\t0.5\t0.2\nw1\tforged/02.png\town\t0.7\tx\t0.2\n", path: "t.tsv")
            Issue.record("a non-number was accepted")
        } catch {
            #expect("\(error)".contains("line 3"), "\(error)")
        }
        // A table written beside images names the same signatures of a folder of JSON embeddings.
        let table = try? DatasetTruth(text: header + "w1\tforged/01.png\tother\t0.7\t0.5\t0.2\n", path: "t.tsv")
        #expect(table?.entries[DatasetTruth.key("w1/forged/01.json")] == DatasetTruth.Entry(pen: "other", stability: 0.7, skill: 0.5, fluency: 0.2))
    }

    @Test func aDatasetFolderWithoutTheTableHasNone() throws {
        let folder = NSTemporaryDirectory() + "no-forger-table-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(try DatasetTruth.load(dataset: folder) == nil)
        try Data(Self.table().utf8).write(to: URL(fileURLWithPath: folder + "/truth.tsv"))
        #expect(try DatasetTruth.load(dataset: folder)?.entries.count == 24 * 18)
    }
}
