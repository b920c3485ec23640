import Foundation
import Testing
@testable import TwinEncoder

/// The inference engine (folded BatchNorm, fused ReLU, batched im2col + SGEMM) against references.
@Suite struct EmbeddingReferenceTests {
    @Test("signet-s with random weights and BatchNorm statistics equals a direct float64 forward within 1e-5")
    func selfContained() throws {
        let net = Network(architecture: .signetS, seed: 1234)
        randomiseBatchNorm(net, seed: 99)
        let model = TwinEncoderModel(network: net, metadata: ModelMetadata(architecture: .signetS))
        let encoder = TwinEncoder(model: model)
        let images = randomImages(.signetS, count: 2, seed: 3)
        let per = 150 * 220
        let inputs = (0..<2).map { Array(images.data[$0 * per..<($0 + 1) * per]) }
        let embeddings = try encoder.embed(inputs)
        #expect(embeddings.count == 2 && embeddings[0].count == 128)
        let reference = ReferenceForward.run(model.makeNetwork(), image: inputs[1])
        let err = maxRelativeError(embeddings[1], reference)
        #expect(err < 1e-5, "max relative error \(err)")
        #expect(embeddings[0] != embeddings[1])
    }

    @Test("One image embeds the same alone as inside a batch of 9 (chunking does not change results)")
    func batchInvariance() throws {
        let encoder = TwinEncoder(model: .random(.signetS, seed: 5))
        let images = randomImages(.signetS, count: 9, seed: 8)
        let batch = try encoder.embed(batch: images)
        let per = 150 * 220
        let alone = try encoder.embed([Array(images.data[4 * per..<5 * per])])[0]
        let inBatch = Array(batch.data[4 * 128..<5 * 128])
        let worst = zip(alone, inBatch).map { abs($0 - $1) }.max() ?? 1
        #expect(worst < 1e-5)
    }

    @Test("Splitting a batch between workers gives the same embeddings as one worker")
    func workers() throws {
        let model = TwinEncoderModel.random(.signetS, seed: 12)
        let images = randomImages(.signetS, count: 7, seed: 13)
        let one = try TwinEncoder(model: model).embed(batch: images)
        let three = try TwinEncoder(model: model, workers: 3).embed(batch: images)
        #expect(three.shape == [7, 128])
        let worst = zip(one.data, three.data).map { abs($0 - $1) }.max() ?? 1
        #expect(worst < 1e-5, "workers change the embeddings by \(worst)")
        let none = try TwinEncoder(model: model, workers: 3).embed(batch: Tensor(uncheckedShape: [0, 1, 150, 220], data: []))
        #expect(none.shape == [0, 128] && none.data.isEmpty)
    }

    @Test("A wrongly sized input is refused with the expected shape")
    func wrongInput() {
        let encoder = TwinEncoder(model: .random(.signetS, seed: 5))
        #expect(throws: EncoderError.shapeMismatch(what: "encoder input 0", expected: [1, 150, 220], actual: [10])) {
            try encoder.embed([[Float](repeating: 0, count: 10)])
        }
    }
}

/// Where `convert_peer_onnx.py` put the peer's converted weights and goldens.
private let peerFolder = ProcessInfo.processInfo.environment["SIGFORENSICS_PEER_CONVERTED"] ?? "/tmp/peer-enc/converted"
private func peerFile(_ name: String) -> String { (peerFolder as NSString).appendingPathComponent(name) }
private let peerPresent = FileManager.default.fileExists(atPath: peerFile("golden_signet-s.safetensors"))

/// The peer's ONNX Runtime embeddings of its own 20 page crops, with its weights loaded from safetensors.
@Suite(.enabled(if: peerPresent, "peer goldens absent: run Tests/TwinEncoderTests/Support/convert_peer_onnx.py (see its docstring) or set SIGFORENSICS_PEER_CONVERTED"))
struct PeerGoldenTests {
    @Test("Embeddings match ONNX Runtime within 1e-4 relative error", arguments: ["signet-s", "signet"])
    func golden(arch: String) throws {
        let encoder = try TwinEncoder(path: peerFile("\(arch).safetensors"))
        let golden = try SafeTensors.read(path: peerFile("golden_\(arch).safetensors"))
        let inputs = try #require(golden.tensors["inputs"]), expected = try #require(golden.tensors["embeddings"])
        let out = try encoder.embed(batch: Tensor(shape: inputs.shape, data: inputs.values))
        #expect(out.shape == expected.shape)
        let err = maxRelativeError(out.data, expected.values.map(Double.init))
        print("peer golden \(arch): max relative error vs ONNX Runtime \(err)")
        #expect(err < 1e-4, "\(arch): max relative error \(err)")
    }
}
