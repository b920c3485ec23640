import Foundation
import Testing
@testable import Synthesis

/// `truth.tsv`: the generator's own account of each signature (the pen; the forger's skill, the copy's fluency).
@Suite struct TruthTableTests {
    @Test func theTableNamesEverySignatureWithWhatTheGeneratorDrew() throws {
        let root = try temporaryFolder("truth")
        defer { removeTree(root) }
        var writer = DatasetWriter(directory: root, writers: 3, genuine: 6, forgeries: 8, seed: 41)
        writer.skillRange = 0.4...0.9
        try writer.writeAll(threads: 1)
        let text = try String(contentsOfFile: root + "/" + DatasetWriter.truthTableName, encoding: .utf8)
        let lines = text.split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
        #expect(lines.first == ["writer", "sample", "pen", "stability", "skill", "fluency"])
        #expect(lines.count == 1 + 3 * (6 + 8))
        let written = filesUnder(root).filter { $0.hasSuffix(".png") }
        #expect(lines.dropFirst().map { $0[0] + "/" + $0[1] }.sorted() == written)
        for line in lines.dropFirst() {
            #expect(line[2] == "own" || line[2] == "other")
            let stability = try #require(Double(line[3]))
            #expect(abs(stability - SignatureSynthesizer(seed: 41).writer(Int(line[0].dropFirst())!).style.stability) < 1e-6)
            if line[1].hasPrefix("genuine/") {
                #expect(line[4] == "-" && line[5] == "-")
            } else {
                let skill = try #require(Double(line[4])), fluency = try #require(Double(line[5]))
                #expect((0.4...0.9).contains(skill))
                #expect(0 <= fluency && fluency <= skill)
            }
        }
        // Both pens occur (genuine: another day's pen one time in five; forgeries: the writer's pen about a third).
        for kind in ["genuine/", "forged/"] {
            #expect(Set(lines.dropFirst().filter { $0[1].hasPrefix(kind) }.map { $0[2] }) == ["own", "other"])
        }
        // A forgery's line is the generator's own answer for it, to six decimals.
        let w1 = SignatureSynthesizer(seed: 41).writer(1)
        let truth = w1.forger(2, skillRange: 0.4...0.9)
        let line = try #require(lines.first { $0[0] == w1.id && $0[1] == "forged/03.png" })
        #expect(abs(try #require(Double(line[4])) - truth.skill) < 1e-6)
        #expect(abs(try #require(Double(line[5])) - truth.fluency) < 1e-6)
        #expect(line[2] == (truth.ownPen ? "own" : "other"))
        // Written again: the same bytes.
        #expect(writer.truthTable() == text)
    }

    /// The pen column tells the pen the sample was drawn with: a genuine signature marked `own` is drawn with the
    /// writer's everyday ink (kind and width); one marked `other` with another width; a forgery marked `own` with
    /// the writer's kind of pen.
    @Test func thePenColumnIsThePenDrawn() {
        let writer = SignatureSynthesizer(seed: 5).writer(7)
        var sawOther = false
        for k in 0..<20 {
            let sample = writer.genuineSample(k)
            #expect(sample.ownPen == writer.genuineOwnPen(k))
            #expect((sample.ink.penWidth == writer.style.penWidth) == sample.ownPen)
            sawOther = sawOther || !sample.ownPen
            let forgery = writer.forgerySample(k, skill: writer.forgerSkill(k, skillRange: 0.3...1))
            #expect(forgery.ownPen == writer.forger(k, skillRange: 0.3...1).ownPen)
            if forgery.ownPen { #expect(forgery.ink.pen == writer.style.pen) }
        }
        #expect(sawOther)
    }

    @Test func randomPensNameThePreset() throws {
        let root = try temporaryFolder("truth-presets")
        defer { removeTree(root) }
        var writer = DatasetWriter(directory: root, writers: 1, genuine: 2, forgeries: 2, seed: 41)
        writer.randomPens = true
        let lines = writer.truthTable().split(separator: "\n").dropFirst().map { $0.split(separator: "\t").map(String.init) }
        let w = SignatureSynthesizer(seed: 41).writer(0)
        #expect(lines.map { $0[2] } == [w.randomPresets(forged: false, 0).pen.name, w.randomPresets(forged: false, 1).pen.name,
                                        w.randomPresets(forged: true, 0).pen.name, w.randomPresets(forged: true, 1).pen.name])
    }

    /// The fluency the table reports is the one the copy was drawn with: among one writer's forgeries by equally
    /// skilled forgers, the more fluent copies are written faster (mean pen speed; ranks, Spearman).
    @Test func moreFluentCopiesAreWrittenFaster() {
        let writer = SignatureSynthesizer(seed: 8).writer(3)
        let range = 1.0...1.0
        let forgeries = (0..<30).map { k -> (fluency: Double, speed: Double) in
            let trajectory = writer.forgerySample(k, skill: writer.forgerSkill(k, skillRange: range)).trajectory
            let samples = trajectory.strokes.joined()
            return (writer.forger(k, skillRange: range).fluency, samples.map(\.speed).reduce(0, +) / Double(samples.count))
        }
        func ranks(_ values: [Double]) -> [Double] {
            var r = Array(repeating: 0.0, count: values.count)
            for (rank, i) in values.indices.sorted(by: { values[$0] < values[$1] }).enumerated() { r[i] = Double(rank) }
            return r
        }
        let a = ranks(forgeries.map(\.fluency)), b = ranks(forgeries.map(\.speed))
        let mean = Double(a.count - 1) / 2
        let covariance = zip(a, b).map { ($0 - mean) * ($1 - mean) }.reduce(0, +)
        let variance = a.map { ($0 - mean) * ($0 - mean) }.reduce(0, +)
        let spearman = covariance / variance
        #expect(spearman > 0.6, "Spearman correlation of fluency and mean pen speed \(spearman)")
    }
}
