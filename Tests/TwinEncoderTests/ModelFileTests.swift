import Foundation
import Testing
@testable import TwinEncoder

/// Safetensors model files: round trip, determinism, and clear refusals of damaged or mismatched files.
@Suite struct ModelFileTests {
    private func temporaryFolder() throws -> String {
        let dir = NSTemporaryDirectory() + "twin-model-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    private func trainedMetadata() -> ModelMetadata {
        ModelMetadata(architecture: .signetS, options: .init(dropout: 0.25, l2Normalize: true),
                      preprocessingVersion: "hafemann-1", trainingData: "cross-media (111 writers) + synthetic 500",
                      writerSplit: WriterSplit(training: ["a", "b"], calibration: ["c"], validation: ["d"]),
                      seed: 42, epochs: 3, validation: ["eerSkilled": 0.12, "eerRandom": 0.05],
                      extra: ["note": "line1\nline2 \"quoted\""])
    }

    @Test("Write, read back: same weights, same metadata, same bytes when written twice")
    func roundTrip() throws {
        let dir = try temporaryFolder()
        let net = Network(architecture: .signetS, options: .init(dropout: 0.25, l2Normalize: true), seed: 9)
        randomiseBatchNorm(net, seed: 10)
        let model = TwinEncoderModel(network: net, metadata: trainedMetadata())
        let path = dir + "/m.safetensors"
        try model.save(path: path)
        let back = try TwinEncoderModel.load(path: path, expectedPreprocessingVersion: "hafemann-1")
        #expect(back == model)
        #expect(back.metadata.writerSplit?.calibration == ["c"])
        #expect(back.metadata.extra["note"] == "line1\nline2 \"quoted\"")
        #expect(model.safeTensors().encoded() == back.safeTensors().encoded())
        // The header length is a multiple of 8 and the data starts right after it.
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let headerLength = bytes[0..<8].enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        #expect((8 + headerLength) % 8 == 0)
        #expect(bytes.count == 8 + headerLength + model.weights.values.reduce(0) { $0 + 4 * $1.values.count })
    }

    @Test("A truncated file is refused and the error says truncated")
    func truncated() throws {
        let bytes = TwinEncoderModel.random(.signetS, seed: 1).safeTensors().encoded()
        for cut in [4, 100, bytes.count - 1] {
            do {
                _ = try TwinEncoderModel(file: try SafeTensors.decode(Array(bytes[0..<cut]), path: "cut.safetensors"),
                                         path: "cut.safetensors")
                Issue.record("a file cut at \(cut) bytes was accepted")
            } catch {
                #expect(error.description.contains("cut.safetensors"))
                #expect(error.description.contains("truncated") || error.description.contains("too short"),
                        "\(error.description)")
            }
        }
    }

    @Test("Wrong shape, missing tensor, unknown tensor and another architecture's weights are refused")
    func wrongTensors() throws {
        let good = TwinEncoderModel.random(.signetS, seed: 1).safeTensors()
        var wrongShape = good
        wrongShape.tensors["conv2.weight"] = .init(shape: [64, 32, 3, 3], values: .init(repeating: 0, count: 64 * 32 * 9))
        #expect(throws: EncoderError.modelTensor(path: "f", name: "conv2.weight",
                                                 reason: "shape [64, 32, 3, 3], expected [64, 32, 5, 5]")) {
            try TwinEncoderModel(file: wrongShape, path: "f")
        }
        var missing = good
        missing.tensors["fc7.bn.running_var"] = nil
        #expect(throws: EncoderError.self) { try TwinEncoderModel(file: missing, path: "f") }
        var extra = good
        extra.tensors["fc8.weight"] = .init(shape: [1], values: [0])
        #expect(throws: EncoderError.modelTensor(path: "f", name: "fc8.weight",
                                                 reason: "not part of architecture 'signet-s'")) {
            try TwinEncoderModel(file: extra, path: "f")
        }
        var otherArch = good
        otherArch.metadata["architecture"] = "signet"
        #expect(throws: EncoderError.self) { try TwinEncoderModel(file: otherArch, path: "f") }
        var notOurs = good
        notOurs.metadata["format"] = nil
        #expect(throws: EncoderError.self) { try TwinEncoderModel(file: notOurs, path: "f") }
    }

    @Test("A model of another preprocessing version is refused with both versions named")
    func preprocessingVersion() throws {
        let net = Network(architecture: .signetS, seed: 2)
        let file = TwinEncoderModel(network: net, metadata: trainedMetadata()).safeTensors()
        let expected = EncoderError.preprocessingVersion(path: "f", model: "hafemann-1", expected: "hafemann-2")
        #expect(throws: expected) {
            try TwinEncoderModel(file: file, path: "f", expectedPreprocessingVersion: "hafemann-2")
        }
        #expect(expected.description.contains("hafemann-1") && expected.description.contains("hafemann-2"))
        #expect(throws: Never.self) { try TwinEncoderModel(file: file, path: "f", expectedPreprocessingVersion: "hafemann-1") }
    }

    @Test("A missing file or a file that is not JSON-headed is refused")
    func notAModel() throws {
        #expect(throws: EncoderError.self) { try TwinEncoderModel.load(path: "/nonexistent/m.safetensors") }
        var junk: [UInt8] = [16, 0, 0, 0, 0, 0, 0, 0]
        junk += Array("not json at all!".utf8)
        #expect(throws: EncoderError.self) { try SafeTensors.decode(junk, path: "j") }
    }
}
