import Foundation
import Testing
@testable import Synthesis

/// `forgers.tsv`: the generator's own account of each skilled forgery (the forger's skill, the copy's fluency).
@Suite struct ForgerTableTests {
    @Test func theTableNamesEveryForgeryWithTheDrawnSkillAndFluency() throws {
        let root = try temporaryFolder("forgers")
        defer { removeTree(root) }
        var writer = DatasetWriter(directory: root, writers: 3, genuine: 2, forgeries: 4, seed: 41)
        writer.skillRange = 0.4...0.9
        try writer.writeAll(threads: 1)
        let text = try String(contentsOfFile: root + "/" + DatasetWriter.forgerTableName, encoding: .utf8)
        let lines = text.split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
        #expect(lines.first == ["writer", "forgery", "skill", "fluency"])
        #expect(lines.count == 1 + 3 * 4)
        let forgedFiles = filesUnder(root).filter { $0.contains("/forged/") }
        #expect(lines.dropFirst().map { $0[0] + "/" + $0[1] } == forgedFiles)
        for line in lines.dropFirst() {
            let skill = try #require(Double(line[2])), fluency = try #require(Double(line[3]))
            #expect((0.4...0.9).contains(skill))
            #expect(0 <= fluency && fluency <= skill)
        }
        // The line of writer 1's third forgery is the generator's own answer for it, to six decimals.
        let truth = SignatureSynthesizer(seed: 41).writer(1).forger(2, skillRange: 0.4...0.9)
        let line = try #require(lines.first { $0[0] == SignatureSynthesizer(seed: 41).writer(1).id && $0[1] == "forged/03.png" })
        #expect(abs(try #require(Double(line[2])) - truth.skill) < 1e-6)
        #expect(abs(try #require(Double(line[3])) - truth.fluency) < 1e-6)
        // Written again: the same bytes.
        #expect(writer.forgerTable() == text)
    }

    @Test func aSetWithoutForgeriesHasNoTable() throws {
        let root = try temporaryFolder("no-forgers")
        defer { removeTree(root) }
        try DatasetWriter(directory: root, writers: 2, genuine: 2, forgeries: 0, seed: 41).writeAll(threads: 1)
        #expect(!FileManager.default.fileExists(atPath: root + "/" + DatasetWriter.forgerTableName))
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
