import Imaging
import Testing
@testable import Synthesis

/// The same signature rendered with other pens and scanners: the same pen path on the same pixels, only the line
/// and the scan differ.
struct PenRenderingTests {
    let writer = SignatureSynthesizer(seed: 21).writer(4)

    /// Pixels darker than `level`.
    func inkMask(_ image: SignatureImage, below level: UInt8 = 200) -> [Bool] { image.gray.map { $0 < level } }

    @Test func theSameRequestGivesTheSameBytes() throws {
        for scanner in ScannerPreset.all {
            let a = try writer.genuine(2, pen: .blueBallpoint, scanner: scanner)
            let b = try SignatureSynthesizer(seed: 21).writer(4).genuine(2, pen: .blueBallpoint, scanner: scanner)
            #expect(a.gray == b.gray, "\(scanner.name)")
            #expect(a.width == b.width && a.height == b.height && a.dpi == b.dpi)
        }
    }

    @Test func anotherPenDrawsTheSamePathWiderOrFainter() throws {
        let fine = try writer.genuine(1, pen: .faintGreyBallpoint, scanner: .clean300)
        let felt = try writer.genuine(1, pen: .blackFelt, scanner: .clean300)
        #expect(fine.width == felt.width && fine.height == felt.height && fine.dpi == 300)
        let fineInk = inkMask(fine), feltInk = inkMask(felt)
        let fineCount = fineInk.filter { $0 }.count, feltCount = feltInk.filter { $0 }.count
        #expect(fineCount > 500)
        // The felt pen's line covers the fine line: the same skeleton, a wider stroke.
        let covered = zip(fineInk, feltInk).filter { $0 && $1 }.count
        #expect(Double(covered) >= 0.98 * Double(fineCount), "\(covered) of \(fineCount) fine-pen pixels lie in the felt line")
        #expect(feltCount > 2 * fineCount)
        // The ink boxes agree to within the felt pen's extra half-width (0.55 mm at 300 dpi ≈ 7 px).
        for (a, b) in [(fine.inkBox.x, felt.inkBox.x), (fine.inkBox.y, felt.inkBox.y),
                       (fine.inkBox.x + fine.inkBox.width, felt.inkBox.x + felt.inkBox.width),
                       (fine.inkBox.y + fine.inkBox.height, felt.inkBox.y + felt.inkBox.height)] {
            #expect(abs(a - b) <= 10)
        }
        // And a different colour: the faint grey line is much lighter than the felt line.
        func medianInk(_ image: SignatureImage, _ mask: [Bool]) -> Int {
            let values = zip(image.gray, mask).filter { $1 }.map { Int($0.0) }.sorted()
            return values[values.count / 2]
        }
        #expect(medianInk(fine, fineInk) > medianInk(felt, feltInk) + 50)
    }

    @Test func anotherSignatureIsAnotherPath() throws {
        let a = try writer.genuine(1, pen: .blackGel, scanner: .clean300)
        let b = try writer.genuine(3, pen: .blackGel, scanner: .clean300)
        let sameSize = a.width == b.width && a.height == b.height
        let overlap = sameSize ? zip(inkMask(a), inkMask(b)).filter { $0 && $1 }.count : 0
        #expect(a.gray != b.gray)
        #expect(!sameSize || Double(overlap) < 0.9 * Double(inkMask(a).filter { $0 }.count))
    }

    @Test func scannersStoreWhatTheySay() throws {
        let fax = try writer.genuine(0, pen: .blueBallpoint, scanner: .fax200Bilevel)
        #expect(fax.dpi == 200)
        #expect(fax.gray.allSatisfy { $0 == 0 || $0 == 255 })
        #expect(fax.gray.contains(0))
        let phone = try writer.genuine(0, pen: .blueBallpoint, scanner: .phone150JPEG)
        #expect(phone.dpi == 150)
        #expect(Set(phone.gray).count > 20, "a JPEG of grey ink keeps grey levels")
        // The scanners see the same signature at their own resolution: the ink box scales with dpi.
        let flatbed = try writer.genuine(0, pen: .blueBallpoint, scanner: .flatbed300Gray)
        let ratio = Double(flatbed.inkBox.width) / Double(max(1, phone.inkBox.width))
        #expect(abs(ratio - 2) < 0.15, "300 dpi / 150 dpi, measured \(ratio)")
    }

    @Test func anImpossiblePenIsRefused() {
        var pen = PenPreset.blackFelt
        pen.width = 5
        #expect(throws: SynthesisError.self) { try writer.genuine(0, pen: pen, scanner: .clean300) }
        var scanner = ScannerPreset.clean300
        scanner.dpi = 10
        #expect(throws: SynthesisError.self) { try writer.genuine(0, pen: .blackGel, scanner: scanner) }
    }

    @Test func presetsAreFoundByName() {
        for pen in PenPreset.all { #expect(PenPreset.named(pen.name) == pen) }
        for scanner in ScannerPreset.all + [.clean300] { #expect(ScannerPreset.named(scanner.name) == scanner) }
        #expect(PenPreset.named("quill") == nil)
    }
}
