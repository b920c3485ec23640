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
