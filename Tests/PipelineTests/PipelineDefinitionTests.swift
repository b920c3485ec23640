import Digest
import Foundation
import Testing
@testable import Pipeline

/// The pipeline definition is read by one type that refuses what it does not know, naming the key or the file.
struct PipelineDefinitionTests {
    private func temporaryFolder() throws -> String {
        let path = NSTemporaryDirectory() + "pipeline-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    private func definition(encoder: String = "", decode: String = "") -> [UInt8] {
        Array("""
        {"format": "sigforensics-pipeline/1", "name": "t"\(decode.isEmpty ? "" : ", \"decode\": {\(decode)}")\
        \(encoder.isEmpty ? "" : ", \"encoder\": {\(encoder)}")}
        """.utf8)
    }

    @Test func theShippedDefaultLoads() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let loaded = try PipelineDefinition.load(path: root.appendingPathComponent("Pipelines/default.json").path)
        #expect(loaded.name == "default")
        #expect(loaded.sha256.count == 64)
    }

    @Test func anUnknownKeyIsRefusedByName() {
        #expect {
            _ = try PipelineDefinition.parse(definition(decode: "\"pixelBudget\": 10"), file: "p.json", folder: ".")
        } throws: { error in
            (error as? PipelineDefinitionError)?.key == "decode.pixelBudget"
        }
        #expect {
            _ = try PipelineDefinition.parse(Array("{\"format\": \"sigforensics-pipeline/1\", \"stray\": 1}".utf8), file: "p.json", folder: ".")
        } throws: { error in
            (error as? PipelineDefinitionError)?.key == "stray"
        }
    }

    @Test func wrongTypesAndRangesAreRefused() {
        #expect(throws: PipelineDefinitionError.self) {
            _ = try PipelineDefinition.parse(definition(decode: "\"keepColour\": 1"), file: "p.json", folder: ".")
        }
        #expect(throws: PipelineDefinitionError.self) {
            _ = try PipelineDefinition.parse(definition(decode: "\"threads\": 0"), file: "p.json", folder: ".")
        }
        #expect(throws: PipelineDefinitionError.self) {
            _ = try PipelineDefinition.parse(Array("[1]".utf8), file: "p.json", folder: ".")
        }
    }

    @Test func aMissingModelIsRefusedNamingTheFile() throws {
        let folder = try temporaryFolder()
        let path = folder + "/p.json"
        let sha = String(repeating: "0", count: 64)
        _ = FileManager.default.createFile(atPath: path, contents: Data(definition(
            encoder: "\"model\": \"m.safetensors\", \"sha256\": \"\(sha)\", \"architecture\": \"signet-s\"")))
        #expect {
            _ = try PipelineDefinition.load(path: path)
        } throws: { error in
            let e = error as? PipelineDefinitionError
            return e?.file.hasSuffix("m.safetensors") == true && e?.message.contains("missing") == true
        }
    }

    @Test func aWrongModelHashIsRefusedAndTheRightOneAccepted() throws {
        let folder = try temporaryFolder()
        let model: [UInt8] = Array("not really weights".utf8)
        _ = FileManager.default.createFile(atPath: folder + "/m.safetensors", contents: Data(model))
        let path = folder + "/p.json"
        let wrong = String(repeating: "a", count: 64)
        _ = FileManager.default.createFile(atPath: path, contents: Data(definition(
            encoder: "\"model\": \"m.safetensors\", \"sha256\": \"\(wrong)\", \"architecture\": \"signet-s\"")))
        #expect {
            _ = try PipelineDefinition.load(path: path)
        } throws: { error in
            (error as? PipelineDefinitionError)?.key == "encoder.sha256"
        }
        _ = FileManager.default.createFile(atPath: path, contents: Data(definition(
            encoder: "\"model\": \"m.safetensors\", \"sha256\": \"\(SHA256.hex(model))\", \"architecture\": \"signet-s\"")))
        let loaded = try PipelineDefinition.load(path: path)
        #expect(loaded.encoder?.architecture == "signet-s")
    }

    @Test func aModelPathLeavingTheFolderIsRefused() {
        let sha = String(repeating: "0", count: 64)
        #expect {
            _ = try PipelineDefinition.parse(definition(
                encoder: "\"model\": \"../x.safetensors\", \"sha256\": \"\(sha)\", \"architecture\": \"signet-s\""), file: "p.json", folder: ".")
        } throws: { error in
            (error as? PipelineDefinitionError)?.key == "encoder.model"
        }
    }
}

/// A definition with `views` names one recipe and one model per view; the extractor and the model check follow them.
struct PipelineViewsTests {
    private let zeros = String(repeating: "0", count: 64)

    private func view(_ recipe: String, _ model: String, sha: String? = nil, extra: String = "") -> String {
        "{\"normalization\": \"\(recipe)\", \"model\": \"\(model)\", \"sha256\": \"\(sha ?? zeros)\", \"architecture\": \"signet-s\"\(extra)}"
    }

    private func parse(_ body: String) throws(PipelineDefinitionError) -> PipelineDefinition {
        try PipelineDefinition.parse(Array("{\"format\": \"sigforensics-pipeline/1\", \(body)}".utf8), file: "p.json", folder: "/x")
    }

    private func refusal(_ body: String) -> String? {
        do { _ = try parse(body); return nil } catch { return error.key ?? error.message }
    }

    @Test func twoViewsAreReadInOrderWithTheirScales() throws {
        let d = try parse("\"views\": [\(view("binary-fit", "a.safetensors", extra: ", \"scale\": 0.3")), \(view("binary", "b.safetensors"))]")
        #expect(d.views.map(\.normalization) == [.binaryFit, .binary])
        #expect(d.views.map(\.scale) == [0.3, 1])
        #expect(d.views.map { d.modelPath(of: $0) } == ["/x/a.safetensors", "/x/b.safetensors"])
        #expect(d.encoder?.model == "a.safetensors" && d.modelPath == "/x/a.safetensors")
        #expect(d.preprocess.normalization == .binaryFit)
        #expect(d.extractor.normalizations.map(\.identifier) == [PipelineDefinition.PreprocessSection.Normalization.binaryFit.parameters.identifier,
                                                               PipelineDefinition.PreprocessSection.Normalization.binary.parameters.identifier])
    }

    @Test func oneEncoderIsOneViewOnThePreprocessRecipe() throws {
        let d = try parse("\"preprocess\": {\"normalization\": \"binary-fit\"}, \"encoder\": {\"model\": \"m.safetensors\", \"sha256\": \"\(zeros)\", \"architecture\": \"signet-s\"}")
        #expect(d.views.count == 1)
        #expect(d.views[0].normalization == .binaryFit && d.views[0].scale == 1)
        #expect(d.extractor.normalizations.count == 1)
    }

    @Test func malformedViewsAreRefusedByKey() {
        let one = view("binary", "b.safetensors")
        #expect(refusal("\"views\": [\(one)], \"encoder\": {\"model\": \"m\", \"sha256\": \"\(zeros)\", \"architecture\": \"signet-s\"}") == "views")
        #expect(refusal("\"views\": [\(one)], \"preprocess\": {\"normalization\": \"binary\"}") == "preprocess.normalization")
        #expect(refusal("\"views\": []") == "views")
        #expect(refusal("\"views\": {}") == "views")
        #expect(refusal("\"views\": [\(one), 3]") == "views[1]")
        #expect(refusal("\"views\": [\(one), \(view("crayon", "c.safetensors"))]") == "views[1].normalization")
        #expect(refusal("\"views\": [\(one), \(view("binary", "c.safetensors", extra: ", \"scale\": 0"))]") == "views[1].scale")
        #expect(refusal("\"views\": [\(one), \(view("binary", "../c.safetensors"))]") == "views[1].model")
        #expect(refusal("\"views\": [\(one), \(view("binary", "c.safetensors", extra: ", \"colour\": 1"))]") == "views[1].colour")
        #expect(refusal("\"views\": [{\"model\": \"c\", \"sha256\": \"\(zeros)\", \"architecture\": \"signet-s\"}]") == "views[0]")
    }

    @Test func testTimeMovesAreReadCheckedByKeyAndRecordedInTheEmbeddingFingerprint() throws {
        let one = view("binary", "b.safetensors")
        let plain = try parse("\"views\": [\(one)]")
        #expect(plain.testTimeAugmentation == nil)
        let moved = try parse("\"views\": [\(one)], \"testTimeAugmentation\": {\"variants\": 5, \"strength\": 0.5, \"seed\": 77}")
        #expect(moved.testTimeAugmentation == TestTimeAugmentation(variants: 5, strength: 0.5, seed: 77))
        #expect(moved.viewsFingerprint == plain.viewsFingerprint, "a projection fitted on the views still applies")
        #expect(moved.embeddingFingerprint != plain.embeddingFingerprint, "a calibration of unmoved embeddings does not")
        let reseeded = try parse("\"views\": [\(one)], \"testTimeAugmentation\": {\"variants\": 5, \"strength\": 0.5, \"seed\": 78}")
        #expect(reseeded.embeddingFingerprint != moved.embeddingFingerprint)
        let single = try parse("\"views\": [\(one)], \"testTimeAugmentation\": {\"variants\": 1, \"strength\": 0.5}")
        #expect(single.embeddingFingerprint == plain.embeddingFingerprint, "one variant is the unmoved embedding")

        #expect(refusal("\"testTimeAugmentation\": {\"variants\": 5, \"strength\": 0.5}") == "testTimeAugmentation")
        #expect(refusal("\"views\": [\(one)], \"testTimeAugmentation\": {\"variants\": 5}") == "testTimeAugmentation")
        #expect(refusal("\"views\": [\(one)], \"testTimeAugmentation\": {\"variants\": 2.5, \"strength\": 0.5}") == "testTimeAugmentation.variants")
        #expect(refusal("\"views\": [\(one)], \"testTimeAugmentation\": {\"variants\": 33, \"strength\": 0.5}") == "testTimeAugmentation.variants")
        #expect(refusal("\"views\": [\(one)], \"testTimeAugmentation\": {\"variants\": 0, \"strength\": 0.5}") == "testTimeAugmentation.variants")
        #expect(refusal("\"views\": [\(one)], \"testTimeAugmentation\": {\"variants\": 5, \"strength\": 1.5}") == "testTimeAugmentation.strength")
        #expect(refusal("\"views\": [\(one)], \"testTimeAugmentation\": {\"variants\": 5, \"strength\": 0.5, \"seed\": -1}") == "testTimeAugmentation.seed")
        #expect(refusal("\"views\": [\(one)], \"testTimeAugmentation\": {\"variants\": 5, \"strength\": 0.5, \"noise\": 1}") == "testTimeAugmentation.noise")
    }

    @Test func everyViewsModelIsCheckedAgainstItsHash() throws {
        let folder = NSTemporaryDirectory() + "views-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let first = Array("first weights".utf8), second = Array("second weights".utf8)
        _ = FileManager.default.createFile(atPath: folder + "/a.safetensors", contents: Data(first))
        _ = FileManager.default.createFile(atPath: folder + "/b.safetensors", contents: Data(second))
        func write(secondSHA: String) {
            let body = "{\"format\": \"sigforensics-pipeline/1\", \"views\": [\(view("binary-fit", "a.safetensors", sha: SHA256.hex(first))), \(view("binary", "b.safetensors", sha: secondSHA))]}"
            _ = FileManager.default.createFile(atPath: folder + "/p.json", contents: Data(body.utf8))
        }
        write(secondSHA: SHA256.hex(first))
        #expect {
            _ = try PipelineDefinition.load(path: folder + "/p.json")
        } throws: { error in
            (error as? PipelineDefinitionError)?.key == "views[1].sha256"
        }
        write(secondSHA: SHA256.hex(second))
        #expect(try PipelineDefinition.load(path: folder + "/p.json").views.count == 2)
        let alone = "{\"format\": \"sigforensics-pipeline/1\", \"views\": [\(view("binary", "b.safetensors", sha: SHA256.hex(first)))]}"
        _ = FileManager.default.createFile(atPath: folder + "/one.json", contents: Data(alone.utf8))
        #expect {
            _ = try PipelineDefinition.load(path: folder + "/one.json")
        } throws: { error in
            (error as? PipelineDefinitionError)?.key == "views[0].sha256"
        }
    }
}

/// The scoring section names a calibration inside the folder and an optional threshold.
struct PipelineScoringSectionTests {
    @Test func aCalibrationAndThresholdAreRead() throws {
        let bytes = Array("""
        {"format": "sigforensics-pipeline/1", "scoring": {"calibration": "c.json", "decisionThresholdLog10LR": 1}}
        """.utf8)
        let definition = try PipelineDefinition.parse(bytes, file: "p.json", folder: "/x")
        #expect(definition.scoring?.decisionThresholdLog10LR == 1)
        #expect(definition.calibrationPath == "/x/c.json")
    }

    @Test func aMissingCalibrationFileIsRefusedByName() {
        let bytes = Array("""
        {"format": "sigforensics-pipeline/1", "scoring": {"calibration": "absent.json"}}
        """.utf8)
        #expect {
            try PipelineDefinition.parse(bytes, file: "p.json", folder: NSTemporaryDirectory()).verifyModel()
        } throws: { error in
            (error as? PipelineDefinitionError)?.key == "scoring.calibration"
        }
        // What embedding needs does not include it: `calibrate` writes it from the embeddings.
        #expect(throws: Never.self) {
            try PipelineDefinition.parse(bytes, file: "p.json", folder: NSTemporaryDirectory()).verifyEmbedding()
        }
    }

    @Test func aThresholdOutOfRangeIsRefused() {
        let bytes = Array("""
        {"format": "sigforensics-pipeline/1", "scoring": {"calibration": "c.json", "decisionThresholdLog10LR": 60}}
        """.utf8)
        #expect {
            _ = try PipelineDefinition.parse(bytes, file: "p.json", folder: ".")
        } throws: { error in
            (error as? PipelineDefinitionError)?.key == "scoring.decisionThresholdLog10LR"
        }
    }
}
