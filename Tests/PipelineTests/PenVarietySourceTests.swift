import Digest
import EncoderTraining
import Foundation
import Synthesis
import Testing
import TwinEncoder
@testable import Pipeline

/// The synthetic training source's pen and scanner renderings (`train --pen-variety`) and the initial-model file
/// (`train --init`).
struct PenVarietySourceTests {
    let source = SyntheticSignatureSource(writers: 2, genuinePerWriter: 2, forgeriesPerWriter: 2, seed: 11)

    @Test("Every pen with every scanner, named, drawn again identically, and unlike the sample's own rendering")
    func renderings() throws {
        #expect(source.renderings == PenPreset.all.count * ScannerPreset.all.count)
        #expect(source.renderingName(0) == "faint-grey-ballpoint/flatbed-300-gray")
        #expect(source.renderingName(15) == "black-felt/phone-150-jpeg")
        for sample in [1, 3] {  // a genuine signature and a skilled forgery of writer 0
            let felt = try source.crop(sample, rendering: 12), again = try source.crop(sample, rendering: 12)
            #expect(felt == again)
            #expect(felt != (try source.crop(sample)))
            #expect(felt.dpi == 300)
            // A faint thin ballpoint on the same scanner leaves far fewer dark pixels than the felt pen.
            let faint = try source.crop(sample, rendering: 0)
            #expect(faint.width == felt.width && faint.height == felt.height)
            #expect(ink(faint) * 2 < ink(felt))
        }
        // The fax scanner stores black and white at 200 dpi.
        let fax = try source.crop(0, rendering: 6)
        #expect(fax.dpi == 200)
        #expect(fax.pixels.allSatisfy { $0 == 0 || $0 == 255 })
    }

    @Test("A genuine signature and a forgery of it in one rendering are different paths")
    func forgeryIsNotTheGenuine() throws {
        #expect(try source.crop(0, rendering: 5) != source.crop(2, rendering: 5))
    }

    @Test("A skill range draws the forgers' skill from it, in both renderings, says so, and leaves genuine samples alone")
    func skillRange() throws {
        let hard = SyntheticSignatureSource(writers: 2, genuinePerWriter: 2, forgeriesPerWriter: 2, seed: 11,
                                            skillRange: 0.9...1.0)
        let writer = SignatureSynthesizer(seed: 11).writer(1)
        let forgery = try hard.crop(7)  // writer 1's second forgery
        #expect(forgery.pixels == writer.forgery(1, skillRange: 0.9...1.0).gray)
        #expect(forgery != (try source.crop(7)), "the default draw is another forger")
        #expect(try hard.crop(7, rendering: 3).pixels
            == writer.forgery(1, skillRange: 0.9...1.0, pen: PenPreset.all[0], scanner: ScannerPreset.all[3]).gray)
        #expect(try hard.crop(4) == source.crop(4) && hard.crop(4, rendering: 3) == source.crop(4, rendering: 3))
        #expect(hard.summary.hasSuffix("forgers' skill 0.9-1.0)") && !source.summary.contains("skill"))
    }

    @Test("The initial model file: its weights, its name and the SHA-256 of its bytes; a bad file is refused")
    func initialModelFile() throws {
        let dir = NSTemporaryDirectory() + "init-model-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = dir + "/base.safetensors"
        let model = TwinEncoderModel.random(.signetS, seed: 4)
        try model.save(path: path)
        let loaded = try InitialModelFile.load(path: path)
        #expect(loaded.model.weights == model.weights)
        #expect(loaded.reference.name == "base.safetensors")
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(loaded.reference.sha256 == SHA256.hex(bytes))
        try Data(bytes.prefix(100)).write(to: URL(fileURLWithPath: dir + "/cut.safetensors"))
        #expect(throws: (any Error).self) { try InitialModelFile.load(path: dir + "/cut.safetensors") }
        #expect(throws: TrainingError.self) { try InitialModelFile.load(path: dir + "/missing.safetensors") }
    }

    private func ink(_ c: GrayCrop) -> Int { c.pixels.reduce(0) { $0 + ($1 < 80 ? 1 : 0) } }
}
