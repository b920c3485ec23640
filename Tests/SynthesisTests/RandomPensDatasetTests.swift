import Foundation
import Imaging
import Testing
@testable import Synthesis

/// `synth dataset --random-pens`: every signature with its own pen and scanner, drawn from the seed.
struct RandomPensDatasetTests {
    let writer = SignatureSynthesizer(seed: 33).writer(2)

    @Test func presetsAreSeededAndVaried() {
        let drawn = (0..<24).map { writer.randomPresets(forged: $0 >= 12, $0 % 12) }
        #expect(drawn.map(\.pen.name) == (0..<24).map { writer.randomPresets(forged: $0 >= 12, $0 % 12).pen.name })
        #expect(Set(drawn.map(\.pen.name)).count >= 3)
        #expect(Set(drawn.map(\.scanner.name)).count >= 3)
        // A faint grey line is never sent through the fax threshold.
        let many = (0..<200).map { writer.randomPresets(forged: false, $0) }
        #expect(!many.contains { $0.pen == .faintGreyBallpoint && $0.scanner == .fax200Bilevel })
        #expect(many.contains { $0.pen == .faintGreyBallpoint } && many.contains { $0.scanner == .fax200Bilevel })
    }

    @Test func aForgeryInAPresetIsSeededAndFollowsTheSkill() throws {
        let a = try writer.forgery(3, skillRange: 0.5...0.5, pen: .blackGel, scanner: .clean300)
        let b = try writer.forgery(3, skillRange: 0.5...0.5, pen: .blackGel, scanner: .clean300)
        #expect(a.gray == b.gray)
        let other = try writer.forgery(3, skillRange: 0.9...0.9, pen: .blackGel, scanner: .clean300)
        #expect(other.gray != a.gray)
    }

    @Test func theDatasetIsWrittenWithRandomPensAndTheSameBytesTwice() throws {
        let root = NSTemporaryDirectory() + "random-pens-\(UUID().uuidString)"
        var w = DatasetWriter(directory: root + "/a", writers: 2, genuine: 3, forgeries: 2, seed: 33)
        w.randomPens = true
        #expect(try w.writeAll(threads: 1) == 10)
        w.directory = root + "/b"
        try w.writeAll(threads: 1)
        var plain = DatasetWriter(directory: root + "/c", writers: 2, genuine: 3, forgeries: 2, seed: 33)
        plain.randomPens = false
        try plain.writeAll(threads: 1)
        let id = SignatureSynthesizer(seed: 33).writer(1).id
        for file in ["genuine/01.png", "genuine/03.png", "forged/02.png"] {
            let a = try Data(contentsOf: URL(fileURLWithPath: "\(root)/a/\(id)/\(file)"))
            #expect(a == (try Data(contentsOf: URL(fileURLWithPath: "\(root)/b/\(id)/\(file)"))))
            #expect(a != (try Data(contentsOf: URL(fileURLWithPath: "\(root)/c/\(id)/\(file)"))))
        }
    }
}
