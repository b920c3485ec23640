import Foundation
import Randomness
import Testing
@testable import TwinEncoder

/// The linear discriminant a pipeline may apply to its joined embedding: it finds the directions in which writers
/// differ relative to how much each varies, it is stored and read back exactly, and it refuses what it cannot fit.
struct EmbeddingProjectionTests {
    /// Writers in 6 dimensions: along axis 0 writers differ much (σ 3) and vary little (σ 0.3); along axis 1 they
    /// differ little (σ 0.1) and one writer's signatures vary much (σ 3, a pen or scanner effect); the other axes
    /// differ and vary alike (σ 1).
    private func population(writers: Int, signatures: Int, seed: UInt64) -> [[[Float]]] {
        var rng = SplitMix64(seed: seed)
        let between: [Float] = [3, 0.1, 1, 1, 1, 1], within: [Float] = [0.3, 3, 1, 1, 1, 1]
        return (0..<writers).map { _ in
            let centre = between.map { $0 * rng.nextGaussian() }
            return (0..<signatures).map { _ in (0..<6).map { centre[$0] + within[$0] * rng.nextGaussian() } }
        }
    }

    private func fit(_ writers: [[[Float]]], outputSize: Int = 3, regularisation: Double = 0.01) throws -> EmbeddingProjection.DiscriminantFit {
        try EmbeddingProjection.fitLinearDiscriminant(writers: writers, outputSize: outputSize, regularisation: regularisation,
                                                      metadata: ["views": "test"])
    }

    private func distance(_ a: [Float], _ b: [Float]) -> Double {
        zip(a, b).reduce(0) { $0 + Double(($1.0 - $1.1) * ($1.0 - $1.1)) }.squareRoot()
    }

    /// Mean distance between two signatures of one writer over mean distance between signatures of two writers.
    private func withinOverBetween(_ writers: [[[Float]]]) -> Double {
        var within = 0.0, withinCount = 0.0, between = 0.0, betweenCount = 0.0
        for (w, signatures) in writers.enumerated() {
            for i in signatures.indices {
                for j in (i + 1)..<signatures.count {
                    within += distance(signatures[i], signatures[j]); withinCount += 1
                }
                let other = writers[(w + 1) % writers.count]
                between += distance(signatures[i], other[i % other.count]); betweenCount += 1
            }
        }
        return (within / withinCount) / (between / betweenCount)
    }

    @Test func theFirstDirectionIsTheOneWritersDifferInAndThePenDirectionIsLast() throws {
        let result = try fit(population(writers: 300, signatures: 8, seed: 1), outputSize: 6, regularisation: 1e-6)
        let w = result.projection.weights
        let first = Array(w[0..<6]), last = Array(w[30..<36])
        let norm = { (v: [Float]) in v.reduce(0) { $0 + $1 * $1 }.squareRoot() }
        #expect(abs(first[0]) / norm(first) > 0.99, "first direction \(first)")
        #expect(abs(last[1]) / norm(last) > 0.99, "last direction \(last)")
        #expect(result.separations == result.separations.sorted(by: >))
        // A writer's mean of 8 signatures carries 1/8 of the within variance, and the within scatter around it 7/8:
        // along axis 0 the ratio is (3² + 0.3²/8) / (0.3²·7/8) ≈ 114, along axis 1 (0.1² + 3²/8) / (3²·7/8) ≈ 0.14.
        #expect(result.separations[0] > 85 && result.separations[0] < 145, "\(result.separations[0])")
        #expect(result.separations[5] > 0.1 && result.separations[5] < 0.2, "\(result.separations[5])")
    }

    @Test func eachDirectionIsScaledToOneWritersOwnVariation() throws {
        let writers = population(writers: 300, signatures: 8, seed: 2)
        let projection = try fit(writers, outputSize: 4, regularisation: 1e-6).projection
        for k in 0..<4 {
            var sum = 0.0, count = 0.0
            for signatures in writers {
                let p = try projection.apply(signatures).map { Double($0[k]) }
                let mean = p.reduce(0, +) / Double(p.count)
                sum += p.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
                count += Double(p.count)
            }
            #expect(abs(sum / count - 1) < 1e-3, "direction \(k): within-writer variance \(sum / count)")
        }
    }

    @Test func newWritersLieFartherApartRelativeToTheirOwnVariation() throws {
        let projection = try fit(population(writers: 300, signatures: 8, seed: 3)).projection
        let fresh = population(writers: 100, signatures: 8, seed: 4)
        let projected = try fresh.map { try projection.apply($0) }
        let before = withinOverBetween(fresh), after = withinOverBetween(projected)
        #expect(after < 0.5 * before, "within / between distance \(before) before, \(after) after")
    }

    @Test func applyIsTheMatrixTimesEachVector() throws {
        let projection = try EmbeddingProjection(inputSize: 3, outputSize: 2, weights: [1, 2, 3, -1, 0, 0.5], metadata: [:])
        #expect(try projection.apply([[1, 1, 1], [2, 0, -2]]) == [[6, -0.5], [-4, -3]])
        #expect(throws: EncoderError.self) { _ = try projection.apply([[1, 1]]) }
        #expect(throws: EncoderError.self) {
            _ = try EmbeddingProjection(inputSize: 3, outputSize: 2, weights: [1, 2, 3], metadata: [:])
        }
        #expect(throws: EncoderError.self) {
            _ = try EmbeddingProjection(inputSize: 1, outputSize: 1, weights: [.nan], metadata: [:])
        }
    }

    @Test func theFileIsReadBackExactlyAndTheSameFitWritesTheSameBytes() throws {
        let folder = NSTemporaryDirectory() + "projection-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let writers = population(writers: 50, signatures: 5, seed: 5)
        let projection = try fit(writers).projection
        try projection.write(path: folder + "/a.safetensors")
        try fit(writers).projection.write(path: folder + "/b.safetensors")
        let read = try EmbeddingProjection(path: folder + "/a.safetensors")
        #expect(read.weights == projection.weights && read.inputSize == 6 && read.outputSize == 3)
        #expect(read.metadata["views"] == "test" && read.metadata["fitWriters"] == "50" && read.metadata["fitSignatures"] == "250")
        #expect(FileManager.default.contents(atPath: folder + "/a.safetensors") == FileManager.default.contents(atPath: folder + "/b.safetensors"))

        let bytes = try #require(FileManager.default.contents(atPath: folder + "/a.safetensors"))
        _ = FileManager.default.createFile(atPath: folder + "/cut.safetensors", contents: bytes.prefix(bytes.count - 5))
        #expect(throws: EncoderError.self) { _ = try EmbeddingProjection(path: folder + "/cut.safetensors") }
        // A model file, or a projection file holding another tensor, is not a projection.
        try SafeTensors(metadata: ["architecture": "signet-s"], tensors: ["conv1.weight": .init(shape: [2, 2], values: [1, 2, 3, 4])])
            .write(path: folder + "/model.safetensors")
        #expect(throws: EncoderError.self) { _ = try EmbeddingProjection(path: folder + "/model.safetensors") }
        try SafeTensors(metadata: ["format": EmbeddingProjection.formatMarker], tensors: ["other": .init(shape: [2, 2], values: [1, 2, 3, 4])])
            .write(path: folder + "/other.safetensors")
        #expect(throws: EncoderError.self) { _ = try EmbeddingProjection(path: folder + "/other.safetensors") }
        try SafeTensors(metadata: ["format": EmbeddingProjection.formatMarker], tensors: [EmbeddingProjection.weightName: .init(shape: [4], values: [1, 2, 3, 4])])
            .write(path: folder + "/flat.safetensors")
        #expect(throws: EncoderError.self) { _ = try EmbeddingProjection(path: folder + "/flat.safetensors") }
    }

    @Test func whatCannotBeFittedIsRefused() throws {
        let writers = population(writers: 10, signatures: 4, seed: 6)
        #expect(throws: EncoderError.self) { _ = try fit(writers, outputSize: 10) }        // 10 writers: 9 directions
        #expect(throws: EncoderError.self) { _ = try fit(writers, outputSize: 7) }         // longer than the embedding
        #expect(throws: EncoderError.self) { _ = try fit(writers, regularisation: 0) }
        #expect(throws: EncoderError.self) { _ = try fit(writers + [[writers[0][0]]]) }   // one signature
        #expect(throws: EncoderError.self) { _ = try fit(writers + [[[1, 2, 3], [1, 2, 3]]]) }
        #expect(throws: EncoderError.self) { _ = try fit(writers + [[[Float](repeating: .infinity, count: 6), writers[0][0]]]) }
        #expect(throws: EncoderError.self) { _ = try fit([]) }
        #expect(try fit(writers, outputSize: 6).projection.outputSize == 6, "as long as the embedding, fewer than the writers")
    }
}
