import ArgumentParser
import Foundation
import Scoring

/// `sigforensics bench scoring`: the scoring methods side by side on seeded synthetic Gaussian writers.
struct BenchScoring: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scoring",
        abstract: "Compare the score methods for K = 3, 5, 10 on seeded synthetic Gaussian embeddings and time them.",
        discussion: "The embeddings are synthetic (SyntheticEmbeddingPopulation), not signatures: the figures check the statistics, not the encoder."
    )

    @Option(help: "Embedding dimension.") var dimension = 128
    @Option(help: "Evaluation writers.") var writers = 60
    @Option(help: "Background writers (for the writer-dependent classifier; disjoint from the evaluation writers).") var backgroundWriters = 60
    @Option(help: "Genuine signatures per writer.") var genuine = 15
    @Option(help: "Skilled forgeries per writer.") var forgeries = 10
    @Option(help: "Forger skill in [0, 1].") var skill = 0.7
    @Option(help: "Within-writer spread (writer centres have norm about 1).") var spread = 0.6
    @Option(help: "Seed.") var seed: UInt64 = 1
    @Option(help: "Random forgeries per other writer.") var randomPerWriter = 2
    @Option(help: "Also write the synthetic embeddings as JSON datasets (evaluation/ and background/) into this folder, for evaluate and calibrate.")
    var export: String?

    func run() throws {
        let population = SyntheticEmbeddingPopulation(dimension: dimension, writers: writers, genuinePerWriter: genuine,
                                                      forgeriesPerWriter: forgeries, spread: spread, skill: skill, seed: seed, idPrefix: "e")
        let backgroundSet = SyntheticEmbeddingPopulation(dimension: dimension, writers: backgroundWriters, genuinePerWriter: genuine,
                                                         forgeriesPerWriter: 0, spread: spread, skill: skill, seed: seed &+ 1000, idPrefix: "b")
        let evaluationWriters = population.generate()
        let background = try BackgroundPopulation(embeddings: backgroundSet.generate().flatMap(\.genuine))
        if let export {
            try exportDataset(evaluationWriters, to: (export as NSString).appendingPathComponent("evaluation"))
            try exportDataset(backgroundSet.generate(), to: (export as NSString).appendingPathComponent("background"))
        }
        print("Synthetic writers: \(writers) evaluated, \(backgroundWriters) background, d = \(dimension), spread \(spread), skill \(skill), seed \(seed)")
        print(MethodComparison.table([])[0] + "  time")
        for k in [3, 5, 10] {
            for method in ScoringMethod.allCases {
                let settings = CalibrationSettings(referenceCount: k, seed: seed, randomPerWriter: randomPerWriter)
                let start = ContinuousClock.now
                let rows = try MethodComparison.run(writers: evaluationWriters, settings: settings, background: background,
                                                    referenceCounts: [k], methods: [method])
                let elapsed = ContinuousClock.now - start
                let ms = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
                print(MethodComparison.table(rows)[1] + "  \(Int(ms)) ms")
            }
        }
    }
}

/// Writes writers as `<dir>/<writer>/genuine/NNN.json` and `<dir>/<writer>/forged/NNN.json`.
private func exportDataset(_ writers: [WriterEmbeddings], to directory: String) throws {
    for writer in writers {
        for (folder, embeddings) in [("genuine", writer.genuine), ("forged", writer.skilledForgeries)] {
            let path = ((directory as NSString).appendingPathComponent(writer.id) as NSString).appendingPathComponent(folder)
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            for (i, e) in embeddings.enumerated() {
                let name = String(format: "%03d.json", i)
                try writeText("[" + e.map { "\($0)" }.joined(separator: ",") + "]\n", to: (path as NSString).appendingPathComponent(name))
            }
        }
    }
}
