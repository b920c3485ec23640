import Imaging
import Testing
@testable import Synthesis

@Suite struct GroundTruthTests {
    private func requests() -> [DocumentRequest] {
        let synth = SignatureSynthesizer(seed: 21)
        return (0..<4).map { i in
            var signatures = [SignatureRequest(claimed: synth.writer(i), kind: SignatureKind.allCases[i % 3], sample: i,
                                               author: synth.writer(i + 10))]
            if i == 1 { signatures.append(SignatureRequest(claimed: synth.writer(i + 5), kind: .genuine, sample: 0)) }
            return DocumentRequest(paper: i % 2 == 0 ? .a4 : .letter, dpi: 150, signatures: signatures, seed: UInt64(100 + i),
                                   layout: i == 3 ? .specimenCard : .letter)
        }
    }

    @Test func truthBoxesHoldExactlyTheSignatureInk() {
        for request in requests() {
            let page = DocumentComposer.compose(request, omitSignatureInk: false)
            let blank = DocumentComposer.compose(request, omitSignatureInk: true)
            #expect(page.truth.signatures.count == request.signatures.count)
            // Where the two pages differ is where signature ink went (blur spreads it by a pixel or two).
            let boxes = page.truth.signatures.map(\.box)
            var inkInside = [Int](repeating: 0, count: boxes.count)
            var strayPixels = 0
            for y in 0..<page.height { for x in 0..<page.width {
                let i = y * page.width + x
                guard Int(blank.gray[i]) - Int(page.gray[i]) > 40 else { continue }
                var inside = false
                for (k, b) in boxes.enumerated()
                where x >= b.x - 3 && x < b.x + b.width + 3 && y >= b.y - 3 && y < b.y + b.height + 3 {
                    inside = true
                    inkInside[k] += 1
                }
                if !inside { strayPixels += 1 }
            } }
            #expect(strayPixels == 0, "signature ink outside every truth box")
            for (k, b) in boxes.enumerated() {
                #expect(inkInside[k] > 100, "box \(b) holds little ink")
                // Tight: some ink lies near each edge of the box.
                var edges = (left: false, right: false, top: false, bottom: false)
                for y in b.y..<(b.y + b.height) { for x in b.x..<(b.x + b.width)
                where Int(blank.gray[y * page.width + x]) - Int(page.gray[y * page.width + x]) > 12 {
                    if x < b.x + 4 { edges.left = true }
                    if x >= b.x + b.width - 4 { edges.right = true }
                    if y < b.y + 4 { edges.top = true }
                    if y >= b.y + b.height - 4 { edges.bottom = true }
                } }
                #expect(edges.left && edges.right && edges.top && edges.bottom, "box \(b) is not tight")
            }
        }
    }

    @Test func nothingIsDrawnOutsideThePage() {
        for request in requests() {
            let page = DocumentComposer.compose(request)
            let pageBox = PixelBox(x: 0, y: 0, width: page.width, height: page.height)
            for s in page.truth.signatures {
                #expect(!s.box.isEmpty)
                // Inside with a margin: the ink was not clipped by the page edge.
                #expect(PixelBox(x: 2, y: 2, width: page.width - 4, height: page.height - 4).contains(s.box), "\(s.box)")
            }
            for d in page.truth.distractors { #expect(pageBox.contains(d.box), "\(d.kind) \(d.box)") }
        }
    }

    @Test func cropInkBoxLiesInsideTheCropWithMargin() {
        let w = SignatureSynthesizer(seed: 4).writer(2)
        for image in [w.genuine(0, options: CropOptions(dpi: 150)), w.forgery(0, options: CropOptions(dpi: 150))] {
            #expect(!image.inkBox.isEmpty)
            #expect(PixelBox(x: 1, y: 1, width: image.width - 2, height: image.height - 2).contains(image.inkBox))
        }
    }

    @Test func truthSidecarRoundTripsThroughLibxml2() throws {
        let page = DocumentComposer.compose(requests()[1])
        let bytes = try TruthXML.document(page.truth, file: "p.png", format: .png, seed: 1)
        let back = try TruthXML.read(bytes, document: "p.truth.xml")
        #expect(back.signatures == page.truth.signatures)
        #expect(back.distractors == page.truth.distractors)
        #expect(back.width == page.width && back.dpi == 150)
    }
}
