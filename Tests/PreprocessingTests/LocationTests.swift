import Foundation
import Imaging
import Testing
import XMLIO
@testable import Preprocessing

@Suite("Signature location")
struct LocationTests {
    /// Writes `page` through a real encoder and decodes it again.
    func roundTrip(_ page: TestPage, as format: String) throws -> PageImage {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("page.\(format)").path
        switch format {
        case "png":
            try AtomicFile.write(try PNGEncoder.encodeGray(page.gray, width: page.width, height: page.height, dpi: page.dpi), to: path)
        case "jpg":
            var options = JPEGEncoder.Options()
            options.dpi = Int(page.dpi)
            try AtomicFile.write(try JPEGEncoder.encode(page.gray, width: page.width, height: page.height, components: 1, options: options), to: path)
        default:
            // Bilevel fax: G4, min-is-white, 1 bit, threshold 128 as a fax machine would.
            let rowBytes = (page.width + 7) / 8
            var bits = [UInt8](repeating: 0, count: rowBytes * page.height)
            for y in 0..<page.height {
                for x in 0..<page.width where page.gray[y * page.width + x] < 128 { bits[y * rowBytes + x / 8] |= 0x80 >> UInt8(x % 8) }
            }
            var spec = TIFFPageSpec(width: page.width, height: page.height, samples: bits)
            spec.bitsPerSample = 1; spec.photometric = 0; spec.compression = 4; spec.dpi = page.dpi
            let writer = try TIFFWriter(path: path)
            try writer.add(spec)
            writer.close()
        }
        return try ImageDecoder().open(path: path).page(0)
    }

    func matches(_ found: [SignatureCandidate], _ truth: [PixelBox]) -> Int {
        var e = LocationEvaluation()
        return e.add(name: "", truth: truth, found: found.map(\.box)).matched
    }

    @Test("Finds the signature among print on letters at 200 dpi (PNG), 300 dpi (JPEG) and 200 dpi fax (G4)",
          arguments: [("png", 200.0, UInt64(21)), ("jpg", 300, 22), ("tif", 200, 23), ("tif", 150, 24)])
    func findsSignature(format: String, dpi: Double, seed: UInt64) throws {
        let letter = TestPage.letter(seed: seed, dpi: dpi)
        let page = try roundTrip(letter, as: format)
        let result = SignatureLocator().locate(page)
        #expect(result.noSignature == nil)
        #expect(result.signatures.count == 1, "found \(result.signatures.map(\.box))")
        #expect(matches(result.signatures, letter.signatures) == 1, "found \(result.signatures.map(\.box)), truth \(letter.signatures)")
    }

    @Test("Finds both signatures on a letter signed twice")
    func twoSignatures() throws {
        let letter = TestPage.letter(seed: 31, dpi: 200, signatures: 2)
        let result = SignatureLocator().locate(try roundTrip(letter, as: "png"))
        #expect(result.signatures.count == 2, "found \(result.signatures.map(\.box))")
        #expect(matches(result.signatures, letter.signatures) == 2)
        #expect(result.signatures.allSatisfy { result.candidates.contains($0) }, "every signature is a candidate")
    }

    @Test("Accepted boxes that overlap become one signature; co-signers whose boxes only touch stay two")
    func overlappingPartsJoin() {
        func candidate(_ x: Int, _ y: Int, _ w: Int, _ h: Int, _ c: Double) -> SignatureCandidate {
            SignatureCandidate(box: PixelBox(x: x, y: y, width: w, height: h), confidence: c, source: .automatic,
                               features: nil)
        }
        // A loop that reached into the next part's box (7% of the smaller box): one signature, the union box.
        let parts = SignatureLocator.joiningOverlaps([candidate(1357, 2572, 340, 242, 0.9), candidate(1648, 2693, 465, 229, 1.0)])
        #expect(parts.count == 1)
        #expect(parts.first?.box == PixelBox(x: 1357, y: 2572, width: 1648 + 465 - 1357, height: 2693 + 229 - 2572))
        #expect(parts.first?.confidence == 1.0)
        // Two signatures side by side, 10 pixels of overlap at their edges: kept apart.
        let pair = SignatureLocator.joiningOverlaps([candidate(86, 1218, 539, 115, 0.97), candidate(615, 1227, 426, 196, 0.99)])
        #expect(pair.count == 2)
        #expect(pair.first?.confidence == 0.99, "most confident first")
    }

    @Test("Overlapping accepted boxes on signature lines side by side stay two; on lines one above the other they join")
    func signatureLinesPartOverlaps() {
        func candidate(_ x: Int, _ w: Int, line: PixelBox?) -> SignatureCandidate {
            SignatureCandidate(box: PixelBox(x: x, y: 1000, width: w, height: 150), confidence: 0.9, source: .automatic,
                               features: nil, signatureLine: line)
        }
        let left = PixelBox(x: 100, y: 1160, width: 600, height: 3), right = PixelBox(x: 800, y: 1160, width: 600, height: 3)
        // Co-signers: the left signature's last stroke runs 300 pixels into the right one's box.
        let cosigners = SignatureLocator.joiningOverlaps([candidate(100, 1000, line: left), candidate(800, 600, line: right)])
        #expect(cosigners.count == 2)
        // One signature whose long underline was taken for a second line just above the real one.
        let underline = PixelBox(x: 300, y: 1140, width: 500, height: 3)
        let one = SignatureLocator.joiningOverlaps([candidate(100, 500, line: left), candidate(450, 500, line: underline)])
        #expect(one.count == 1)
        // Without lines the 5% rule alone decides, as before.
        #expect(SignatureLocator.joiningOverlaps([candidate(100, 1000, line: nil), candidate(800, 600, line: right)]).count == 1)
    }

    @Test("The part of a cut region on the right-hand line joins the rest of that line's signature")
    func cutPartJoinsItsLine() {
        // 300 dpi; lines at y = 200, x 20-420 and 480-1120. One component runs from the left signature into the
        // first word of the right one (x 40-700); the right signature's second word (x 900-1100) is its own
        // component on the right line, 200 pixels from the first word's end (beyond the side gap).
        let (w, h) = (1200, 260)
        let mask = postsMask(width: w, height: h, posts: [40, 41, 380, 381, 520, 521, 698, 699, 900, 901, 1098, 1099],
                             baselines: [40..<700, 900..<1100])
        let cc = ConnectedComponents(mask)
        #expect(cc.components.count == 2)
        let regions = CandidateRegions(comps: cc, mask: mask, dpi: 300, textHeight: 30, pageWidth: w, pageHeight: h)
        let lines = [PixelBox(x: 20, y: 200, width: 400, height: 3), PixelBox(x: 480, y: 200, width: 640, height: 3)]
        let found = regions.group([0, 1], signatureLines: lines).map(\.box).sorted { $0.x < $1.x }
        #expect(found == [PixelBox(x: 40, y: 60, width: 450 - 40, height: 130), PixelBox(x: 450, y: 60, width: 1100 - 450, height: 130)])
    }

    @Test("What lies wholly under a signature's line and overlaps the signature (name and date the flourish reached into) goes")
    func underTheLineGoes() {
        // 150 dpi: the signature on its line (with the underline flourish below it), and the printed name plus the
        // handwritten date under the line, which the flourish overlaps.
        let line = PixelBox(x: 606, y: 1857, width: 523, height: 3)
        let signature = SignatureCandidate(box: PixelBox(x: 671, y: 1783, width: 181, height: 115), confidence: 0.98,
                                           source: .automatic, features: nil, signatureLine: line)
        let under = SignatureCandidate(box: PixelBox(x: 607, y: 1878, width: 295, height: 74), confidence: 0.9,
                                       source: .automatic, features: nil)
        #expect(SignatureLocator.joiningOverlaps([signature, under]).map(\.box) == [signature.box])
        // A second signature below that does not reach the first one's box stays; so does one not wholly under.
        let apart = SignatureCandidate(box: PixelBox(x: 1000, y: 1950, width: 200, height: 80), confidence: 0.9,
                                       source: .automatic, features: nil)
        #expect(SignatureLocator.joiningOverlaps([signature, apart]).count == 2)
        let across = SignatureCandidate(box: PixelBox(x: 607, y: 1850, width: 295, height: 74), confidence: 0.9,
                                        source: .automatic, features: nil)
        #expect(SignatureLocator.joiningOverlaps([signature, across]).map(\.box) == [signature.box.union(across.box)])
    }

    @Test("One component over two signature lines side by side is cut between the lines")
    func regionCutBetweenLines() {
        // 300 dpi; two signature lines at y = 200, x 20-420 and 480-880; ink: a scribble over each line, joined by a
        // stroke at y = 150 from x = 300 to x = 600 (touching co-signers), all one component.
        let (w, h) = (900, 260)
        var mask = postsMask(width: w, height: h, posts: [40, 41, 200, 201, 380, 381, 520, 521, 700, 701, 860, 861],
                             baselines: [40..<862])
        for x in 300..<600 { mask.bits[150 * w + x] = 1 }
        let cc = ConnectedComponents(mask)
        #expect(cc.components.count == 1)
        let regions = CandidateRegions(comps: cc, mask: mask, dpi: 300, textHeight: 30, pageWidth: w, pageHeight: h)
        let lines = [PixelBox(x: 20, y: 200, width: 400, height: 3), PixelBox(x: 480, y: 200, width: 400, height: 3)]
        let parts = regions.group([0], signatureLines: lines)
        #expect(parts.map(\.box) == [PixelBox(x: 40, y: 60, width: 450 - 40, height: 130),
                                      PixelBox(x: 450, y: 60, width: 862 - 450, height: 130)])
        #expect(parts.allSatisfy { $0.members == [0] })
        // Lines that overlap (one signature over a long line and a shorter one) cut nothing.
        let stacked = [PixelBox(x: 20, y: 200, width: 860, height: 3), PixelBox(x: 300, y: 195, width: 400, height: 3)]
        #expect(regions.group([0], signatureLines: stacked).count == 1)
    }

    @Test("A chain of letter-sized parts with one part far taller is handwriting; capitals and ascenders are print")
    func printLineHeights() {
        // Print at a 21-pixel type size: capitals 21 tall, x-height 15, an ascender 22, a bracket 26.
        let shapes = [(0, 14, 21), (6, 12, 15), (6, 12, 15), (-1, 8, 22), (-2, 6, 26), (6, 12, 15)]
        let print = (0..<12).map { i in
            let (dy, w, h) = shapes[i % shapes.count]
            return comp(100 + 17 * i, 100 + dy, w, h)
        }
        // A short signature on a card: a tall capital and body (84 px) and its small trailing letters (30 px).
        let signature = [comp(500, 520, 60, 90), comp(590, 517, 200, 84), comp(795, 560, 30, 30), comp(830, 565, 14, 28),
                         comp(850, 562, 26, 30)]
        let finder = TextLineFinder(textHeight: 21)
        let comps = print + signature
        let (_, isPrint) = finder.find(comps, kept: Array(comps.indices))
        #expect(isPrint[0..<print.count].allSatisfy { $0 }, "print line found")
        #expect(!isPrint[print.count...].contains(true), "signature parts are not print")
    }

    @Test("Letters on one baseline are print (descenders, a colon, a skewed scan); separate written letters whose bottoms wander are not")
    func printBaseline() {
        let finder = TextLineFinder(textHeight: 20)
        // "Signed:" measured on a generated 300 dpi page: S, i, g (descender), n, e, d, and the colon's two dots.
        let label = [comp(335, 2655, 24, 34), comp(369, 2665, 14, 24), comp(394, 2665, 24, 29), comp(424, 2665, 24, 25),
                     comp(453, 2665, 25, 25), comp(483, 2656, 24, 34), comp(518, 2661, 9, 9), comp(518, 2676, 9, 9)]
        // Thirty letters of a print line on a page scanned 0.3° askew (bottoms fall 3 pixels along it, more than the
        // tolerance), every fifth a descender.
        let skewed = (0..<30).map { i in
            let x = 100 + 22 * i, bottom = 1000 + Int((0.005 * Double(22 * i)).rounded())
            return i % 5 == 4 ? comp(x, bottom - 15, 15, 19) : comp(x, bottom - 15, 15, 15)
        }
        // A name written in separate letters near print size ("Halvorm", measured on a generated 200 dpi page):
        // its letters' bottoms wander by up to ten pixels.
        let written = [comp(274, 1874, 46, 60), comp(321, 1907, 36, 30), comp(355, 1886, 30, 42), comp(383, 1898, 28, 28),
                       comp(417, 1899, 23, 32), comp(446, 1899, 92, 27)]
        let comps = label + skewed + written
        let (_, isPrint) = finder.find(comps, kept: Array(comps.indices))
        #expect(isPrint[0..<label.count].allSatisfy { $0 }, "label is print")
        #expect(isPrint[label.count..<(label.count + skewed.count)].allSatisfy { $0 }, "skewed line is print")
        #expect(!isPrint[(label.count + skewed.count)...].contains(true), "written letters are not print")
    }

    @Test("Separate letters twice the type size, of several heights, standing on a signature line are a written name; off the line, or capitals of one height, they are print")
    func writtenLettersOnLine() {
        let finder = TextLineFinder(textHeight: 18)
        // "alvorsen" written letter by letter on a generated 300 dpi page, 34 pixels above its line.
        let name = [comp(1371, 2588, 38, 36), comp(1415, 2560, 28, 63), comp(1451, 2588, 29, 27), comp(1499, 2584, 24, 37),
                    comp(1529, 2587, 35, 31), comp(1571, 2582, 30, 41), comp(1609, 2579, 78, 41)]
        // A stamp's capitals of one height on the same line.
        let capitals = (0..<7).map { comp(600 + 45 * $0, 2590, 34, 40) }
        let line = PixelBox(x: 1277, y: 2658, width: 851, height: 6), stampLine = PixelBox(x: 550, y: 2640, width: 400, height: 6)
        let comps = name + capitals
        let (_, onLine) = finder.find(comps, kept: Array(comps.indices), signatureLines: [line, stampLine])
        #expect(!onLine[0..<name.count].contains(true), "the written name on its line is not print")
        #expect(onLine[name.count...].allSatisfy { $0 }, "the stamp's capitals are print")
        let (_, offLine) = finder.find(comps, kept: Array(comps.indices))
        #expect(offLine.allSatisfy { $0 }, "off any line both read as headings")
    }

    @Test("Large writing in a row: a heading of separate letters of one size is print; joined letters, or letters of many sizes, are handwriting")
    func largeWritingChains() {
        let finder = TextLineFinder(textHeight: 22)
        // A heading at three times the type size: eight capitals and lower-case letters (66 and 48 px tall), apart.
        let heading = (0..<8).map { i in i % 3 == 0 ? comp(100 + 55 * i, 100, 44, 66) : comp(100 + 55 * i, 118, 40, 48) }
        // A signature on its line (what the generator drew, measured on a page): two tall capitals and four
        // joined groups of lower-case letters, bottoms on one baseline.
        let signature = [comp(1428, 622, 48, 87), comp(1360, 626, 43, 82), comp(1525, 661, 85, 47), comp(1718, 668, 88, 40),
                         comp(1624, 669, 83, 40), comp(1482, 677, 37, 36)]
        // The same six parts as separate letters of one size: a heading again.
        let capitals = (0..<6).map { comp(1360 + 55 * $0, 1000, 45, 60) }
        let comps = heading + signature + capitals
        let (_, isPrint) = finder.find(comps, kept: Array(comps.indices))
        #expect(isPrint[0..<8].allSatisfy { $0 }, "heading is print")
        #expect(!isPrint[8..<14].contains(true), "signature parts are not print")
        #expect(isPrint[14..<20].allSatisfy { $0 }, "a row of capitals is print")
    }

    @Test("Scoring: a short region of many small parts (a hand-printed date) loses to a signature of a few parts on the same page")
    func handPrintedDate() {
        // Measured on generated pages: a date written beside a signature, and a signature; neither on a line.
        let date = CandidateFeatures(widthInches: 1.12, heightInches: 0.22, components: 10, tallestToText: 2.5, density: 0.055,
                                     strokeWidthInches: 0.02, directionVariety: 0.76, onSignatureLine: false,
                                     verticalPosition: 0.86, printInside: 0, glyphs: 3, shareOfLargest: 0.32,
                                     offLineOnLinedPage: true)
        var signature = date
        (signature.heightInches, signature.components, signature.glyphs) = (0.45, 3, 2)
        let scorer = SignatureScorer()
        #expect(scorer.confidence(date) < 0.5, "date accepted: \(scorer.contributions(date))")
        #expect(scorer.contributions(date).contains { $0.0.contains("hand-printed") })
        #expect(!scorer.contributions(signature).contains { $0.0.contains("hand-printed") })
        // Eight parts but 0.45 inch tall: a signature broken by a poor scan, not a date.
        var broken = signature
        broken.components = 8
        #expect(!scorer.contributions(broken).contains { $0.0.contains("hand-printed") })
    }

    @Test("A page of print only has no signature, with the reason")
    func printOnly() throws {
        var rng = SplitMix64(seed: 41)
        var page = TestPage(width: 1654, height: 2339, dpi: 200)
        page.printBlock(x: 200, y: 160, width: 600, lines: 3, rng: &rng)
        page.printBlock(x: 200, y: 500, width: 1250, lines: 30, rng: &rng)
        page.stroke(200, 1900, 1400, 1900, r: 1, value: 20)
        page.printBlock(x: 200, y: 1950, width: 900, lines: 2, rng: &rng)
        page.scan(noise: 5, rng: &rng)
        let result = SignatureLocator().locate(try roundTrip(page, as: "png"))
        #expect(result.signatures.isEmpty, "found \(result.signatures.map(\.box))")
        #expect(result.noSignature?.key == "print-only")
    }

    @Test("Blank, all-black and tiny images are 'no signature found' with their reasons")
    func noSignatureCases() throws {
        var rng = SplitMix64(seed: 42)
        var blank = TestPage(width: 1654, height: 2339, dpi: 200)
        blank.scan(noise: 6, rng: &rng)
        let blankResult = SignatureLocator().locate(try roundTrip(blank, as: "jpg"))
        #expect(blankResult.noSignature == .blankPage)
        #expect(blankResult.signatures.isEmpty)

        var black = TestPage(width: 1654, height: 2339, dpi: 200, paper: 8)
        black.scan(noise: 3, rng: &rng)
        let blackResult = SignatureLocator().locate(try roundTrip(black, as: "png"))
        #expect(blackResult.noSignature?.key == "all-black")

        let tiny = TestPage(width: 30, height: 20, dpi: 200, paper: 128)
        let tinyResult = SignatureLocator().locate(try roundTrip(tiny, as: "png"))
        #expect(tinyResult.noSignature == .tinyImage(width: 30, height: 20))
        #expect(tinyResult.noSignature?.description.contains("30x20") == true)
    }

    @Test("A manifest region is tightened to the ink inside it")
    func manifestRegion() throws {
        let letter = TestPage.letter(seed: 51, dpi: 200)
        let truth = letter.signatures[0]
        let loose = truth.expanded(dx: 60, dy: 20)
        let result = SignatureLocator().locate(letter.page, region: loose)
        #expect(result.signatures.count == 1)
        #expect(result.signatures.first?.source == .manifest)
        let box = try #require(result.signatures.first?.box)
        #expect(box.iou(truth) > 0.7, "tightened \(box) vs truth \(truth)")
        #expect(box.area < loose.area)
        let empty = SignatureLocator().locate(letter.page, region: PixelBox(x: 5, y: 5, width: 40, height: 40))
        #expect(empty.noSignature?.key == "empty-region")
    }

    @Test("Truth sidecars: the generator's page-truth format, read through libxml2")
    func truthSidecar() throws {
        let xml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <page-truth version="1" file="doc-0001.tif" format="tiff-g4" seed="7">
          <page width="2480" height="3508" dpi="300" paper="A4" rotation-degrees="0.21"/>
          <signature number="1" claimed-writer="w00003" kind="skilled-forgery" author="forger:w00003" sample="2"
                     skill="0.61" x="410" y="2630" width="702" height="233"/>
          <signature number="2" kind="genuine" x="1" y="2" width="3" height="4" page="2"/>
          <distractor kind="date" x="1200" y="2700" width="200" height="60"/>
        </page-truth>
        """
        let truth = try LocationTruth.parse(Array(xml.utf8), document: "doc-0001.truth.xml")
        #expect(truth.format == "tiff-g4")
        #expect(truth.width == 2480 && truth.height == 3508 && truth.dpi == 300)
        #expect(truth.signatureBoxes(page: 0) == [PixelBox(x: 410, y: 2630, width: 702, height: 233)])
        #expect(truth.signatureBoxes(page: 1) == [PixelBox(x: 1, y: 2, width: 3, height: 4)])
        #expect(truth.distractors(page: 0).map(\.kind) == ["date"])
    }

    @Test("Truth sidecars: wrong root, missing box attributes, DTDs and entities are refused with the place")
    func truthSidecarErrors() {
        let cases: [(String, XMLError.Kind)] = [
            ("<document/>", .unexpectedContent),
            ("<page-truth version=\"1\"><signature x=\"1\" y=\"2\" width=\"3\"/></page-truth>", .unexpectedContent),
            ("<page-truth version=\"2\"/>", .unexpectedContent),
            ("<page-truth><signature x=\"a\" y=\"2\" width=\"3\" height=\"4\"/></page-truth>", .unexpectedContent),
            ("<!DOCTYPE p [<!ENTITY e \"x\">]><page-truth/>", .doctypeRefused),
            ("<page-truth>", .malformed),
        ]
        for (xml, kind) in cases {
            #expect(throws: XMLError.self, "\(xml)") { try LocationTruth.parse(Array(xml.utf8), document: "t.xml") }
            do {
                _ = try LocationTruth.parse(Array(xml.utf8), document: "t.xml")
            } catch {
                #expect(error.kind == kind, "\(xml): \(error)")
                #expect(error.description.hasPrefix("t.xml"))
            }
        }
    }

    @Test("Evaluation: greedy one-to-one matching and false positives named by what they overlap")
    func evaluationMatching() {
        var e = LocationEvaluation(threshold: 0.5)
        let sig = PixelBox(x: 100, y: 100, width: 400, height: 100)
        let date = LocationTruth.Mark(kind: "date", page: 0, box: PixelBox(x: 700, y: 120, width: 150, height: 40))
        let page = e.add(name: "p", truth: [sig],
                         found: [PixelBox(x: 110, y: 95, width: 400, height: 110), PixelBox(x: 100, y: 100, width: 120, height: 100),
                                 PixelBox(x: 690, y: 110, width: 170, height: 60), PixelBox(x: 50, y: 900, width: 300, height: 40)],
                         distractors: [date], group: "g")
        #expect(page.matched == 1)
        #expect(page.falsePositives == ["signature-misfit", "date", "other"])
        #expect(e.precision == 0.25 && e.recall == 1)
        #expect(e.subset(group: "g").pages.count == 1 && e.subset(group: "h").pages.isEmpty)
        #expect(e.falsePositiveKinds == ["signature-misfit": 1, "date": 1, "other": 1])
    }

    @Test("An underline drawn along the signature line, just under it, is part of the signature's box", arguments: [200.0, 300])
    func underlineAlongLine(dpi: Double) throws {
        var rng = SplitMix64(seed: 41)
        var letter = TestPage(width: Int(8.27 * dpi), height: Int(4 * dpi), dpi: dpi)
        letter.printBlock(x: Int(dpi), y: Int(0.5 * dpi), width: Int(6 * dpi), lines: 4, rng: &rng)
        let box = PixelBox(x: Int(2 * dpi), y: Int(1.6 * dpi), width: Int(1.6 * dpi), height: Int(0.6 * dpi))
        let drawn = letter.scribble(in: box, rng: &rng, penRadius: dpi / 150)
        let lineY = Double(drawn.maxY) + 0.03 * dpi
        letter.stroke(Double(dpi), lineY, 5 * dpi, lineY, r: max(1, dpi / 200), value: 20)
        // The underline: straight, an inch long, 0.06 inch under the line, then the printed name.
        let underY = lineY + 0.06 * dpi, r = dpi / 150
        letter.stroke(Double(drawn.x), underY, Double(drawn.x) + dpi, underY, r: r, value: 40)
        letter.printBlock(x: Int(dpi), y: Int(lineY + 0.16 * dpi), width: Int(1.6 * dpi), lines: 1, rng: &rng)
        letter.scan(noise: 5, rng: &rng)
        let truth = drawn.union(PixelBox(x: drawn.x - Int(r), y: Int(underY - r), width: Int(dpi + 2 * r), height: Int(2 * r + 1)))
        let result = SignatureLocator().locate(try roundTrip(letter, as: "png"))
        #expect(result.signatures.count == 1, "found \(result.signatures.map(\.box))")
        let found = result.signatures.first?.box
        #expect(found.map { $0.maxY >= Int(underY) && $0.maxY <= Int(underY + 0.05 * dpi) } == true, "found \(String(describing: found)), underline at \(underY)")
        #expect(found.map { $0.iou(truth) >= 0.8 } == true, "found \(String(describing: found)), truth \(truth)")
    }
}

@Suite("Signature lines")
struct SignatureLineTests {
    @Test("A lone rule is a signature line, also drawn twice; table rules (crossed by a vertical, or stacked with a twin) and short rules are not")
    func signatureLines() {
        let dpi = 300.0
        let lone = RuledLine(orientation: .horizontal, box: PixelBox(x: 300, y: 2800, width: 700, height: 3))
        let short = RuledLine(orientation: .horizontal, box: PixelBox(x: 1500, y: 2800, width: 200, height: 3))
        let tableTop = RuledLine(orientation: .horizontal, box: PixelBox(x: 300, y: 1000, width: 1800, height: 3))
        let tableNext = RuledLine(orientation: .horizontal, box: PixelBox(x: 300, y: 1080, width: 1800, height: 3))
        let crossed = RuledLine(orientation: .horizontal, box: PixelBox(x: 300, y: 2000, width: 900, height: 3))
        let border = RuledLine(orientation: .vertical, box: PixelBox(x: 298, y: 1990, width: 3, height: 400))
        // A line with a signature's underline drawn along it, 3 px below, joined by a few pixels of ink (what
        // line removal reports as a short vertical): still a signature line; the underline, shorter and just under
        // it, is not one of its own.
        let doubled = RuledLine(orientation: .horizontal, box: PixelBox(x: 1250, y: 3200, width: 650, height: 5))
        let underline = RuledLine(orientation: .horizontal, box: PixelBox(x: 1460, y: 3208, width: 350, height: 5))
        let join = RuledLine(orientation: .vertical, box: PixelBox(x: 1464, y: 3202, width: 37, height: 8))
        let found = CandidateRegions.signatureLines([lone, short, tableTop, tableNext, crossed, border, doubled, underline, join],
                                                    dpi: dpi)
        #expect(found == [lone.box, doubled.box])
    }

    @Test("A signature's straight flourish just under its line (pieces joined as steps, longer than an inch) is no signature line")
    func flourishUnderLineIsNoLine() {
        func h(_ x: Int, _ y: Int, _ w: Int, _ t: Int) -> RuledLine { RuledLine(orientation: .horizontal, box: PixelBox(x: x, y: y, width: w, height: t)) }
        // 300 dpi, from a synthetic page: the printed line, and 0.3 inch under it two thin pieces of the flourish
        // (joined as steps: 325 pixels) that start left of the line and lie mostly under it.
        let line = h(1227, 2779, 712, 6)
        #expect(CandidateRegions.signatureLines([line, h(1181, 2868, 231, 2), h(1342, 2865, 164, 2)], dpi: 300) == [line.box])
        // The same pieces half an inch under it (a second line for a co-signer or witness), or beside it, stay lines.
        #expect(CandidateRegions.signatureLines([line, h(1181, 2938, 231, 2), h(1342, 2935, 164, 2)], dpi: 300).count == 2)
        #expect(CandidateRegions.signatureLines([line, h(1981, 2868, 231, 2), h(2142, 2865, 164, 2)], dpi: 300).count == 2)
    }

    @Test("A line scanned askew, left by line removal as a staircase of thin pieces, is one signature line; separate lines stay apart")
    func askewLineSteps() {
        func h(_ x: Int, _ y: Int, _ w: Int, _ t: Int) -> RuledLine { RuledLine(orientation: .horizontal, box: PixelBox(x: x, y: y, width: w, height: t)) }
        // 300 dpi, turned 0.6°: two pieces that overlap by 180 pixels, the second 3 rows lower.
        #expect(CandidateRegions.signatureLines([h(276, 2878, 448, 4), h(544, 2881, 593, 7)], dpi: 300)
                == [PixelBox(x: 276, y: 2878, width: 1137 - 276, height: 2888 - 2878)])
        // 150 dpi fax: four pieces, each under an inch, 12 to 17 pixels apart end to end, a row higher each time.
        let fax = [h(980, 1314, 71, 1), h(881, 1315, 87, 1), h(783, 1316, 81, 1), h(686, 1317, 84, 1)]
        #expect(CandidateRegions.signatureLines(fax, dpi: 150) == [PixelBox(x: 686, y: 1314, width: 1051 - 686, height: 4)])
        // Two lines of one row for co-signers a third of an inch apart; a rule stacked under another; a step too far
        // down (a line a tenth of an inch lower).
        #expect(CandidateRegions.signatureLines([h(100, 1000, 600, 3), h(800, 1000, 600, 3)], dpi: 300).count == 2)
        #expect(CandidateRegions.signatureLines([h(100, 1000, 600, 3), h(150, 1006, 600, 3)], dpi: 300).count == 2)
        #expect(CandidateRegions.signatureLines([h(100, 1000, 600, 3), h(710, 1030, 600, 3)], dpi: 300).count == 2)
        // Co-signers' lines 11 pixels apart end to end, the left one 21 rows tall (a stamp's tilted bottom edge ran
        // into it): not a step of one thin line.
        #expect(CandidateRegions.signatureLines([h(236, 2751, 1046, 21), h(1293, 2754, 798, 8)], dpi: 300).count == 2)
    }

    @Test("A box drawn beside a line's end or standing on the line leaves it a signature line; a vertical from a rule as long makes it a rule")
    func boxBesideLine() {
        // 200 dpi: the line ends 17 pixels (0.085 inch) before the left side of a drawn box.
        let line = RuledLine(orientation: .horizontal, box: PixelBox(x: 373, y: 1873, width: 484, height: 4))
        let side = RuledLine(orientation: .vertical, box: PixelBox(x: 874, y: 1775, width: 2, height: 145))
        #expect(CandidateRegions.signatureLines([line, side], dpi: 200) == [line.box])
        let meeting = RuledLine(orientation: .vertical, box: PixelBox(x: 858, y: 1775, width: 2, height: 145))
        #expect(CandidateRegions.signatureLines([line, meeting], dpi: 200).isEmpty)
        // 150 dpi, from a synthetic page: a stamp stands on a 2.9-inch line, its sides (removed as verticals) ending
        // on its top edge, 206 pixels long: the line is still a signature line. A table's rule below one as long is not.
        let h = { (x: Int, y: Int, w: Int, t: Int) in RuledLine(orientation: .horizontal, box: PixelBox(x: x, y: y, width: w, height: t)) }
        let v = { (x: Int, y: Int, w: Int, t: Int) in RuledLine(orientation: .vertical, box: PixelBox(x: x, y: y, width: w, height: t)) }
        let signatureLine = h(153, 1277, 439, 7)
        #expect(CandidateRegions.signatureLines([signatureLine, h(385, 1172, 206, 4), v(385, 1173, 4, 111), v(588, 1171, 3, 112)],
                                                dpi: 150) == [signatureLine.box])
        #expect(CandidateRegions.signatureLines([signatureLine, h(153, 1172, 420, 4), v(385, 1173, 4, 111)], dpi: 150).isEmpty)
    }

    @Test("A loop drawn down through the signature line belongs to the signature on it, not to the word under the line")
    func loopThroughLine() {
        // 300 dpi, line at y = 200 from x = 20 to 820. The signature's upper part sits on it (rows 60-190); its loop
        // (a separate stroke) runs from row 185 down to 300, mostly under the line; "Date:" is printed at rows 280-300
        // just left of the loop, 40 pixels from it.
        let (w, h) = (900, 340)
        var mask = InkMask(width: w, height: h)
        func rect(_ x0: Int, _ y0: Int, _ x1: Int, _ y1: Int) {
            for y in y0..<y1 { for x in [x0, x1 - 1] { mask.bits[y * w + x] = 1 } }
            for x in x0..<x1 { mask.bits[y0 * w + x] = 1; mask.bits[(y1 - 1) * w + x] = 1 }
        }
        rect(400, 60, 600, 190)
        rect(380, 185 + 8, 640, 300)
        rect(300, 280, 340, 300)
        let cc = ConnectedComponents(mask)
        #expect(cc.components.count == 3)
        let regions = CandidateRegions(comps: cc, mask: mask, dpi: 300, textHeight: 30, pageWidth: w, pageHeight: h)
        let line = PixelBox(x: 20, y: 200, width: 800, height: 3)
        let found = regions.group([0, 1, 2], signatureLines: [line]).map(\.box).sorted { $0.x > $1.x }
        #expect(found == [PixelBox(x: 380, y: 60, width: 260, height: 240), PixelBox(x: 300, y: 280, width: 40, height: 20)])

        // A date written just under the line (rows 215-240), with a speck its stroke left on the line (rows
        // 202-208): the speck does not lift the date onto the line.
        var dated = InkMask(width: w, height: h)
        for y in 60..<190 { for x in [400, 599] { dated.bits[y * w + x] = 1 } }
        for x in 400..<600 { dated.bits[60 * w + x] = 1; dated.bits[189 * w + x] = 1 }
        for y in 193..<300 { for x in [380, 639] { dated.bits[y * w + x] = 1 } }
        for x in 380..<640 { dated.bits[193 * w + x] = 1; dated.bits[299 * w + x] = 1 }
        for y in 215..<240 { for x in 300..<340 { dated.bits[y * w + x] = 1 } }
        for y in 202..<208 { for x in 310..<313 { dated.bits[y * w + x] = 1 } }
        let dcc = ConnectedComponents(dated)
        #expect(dcc.components.count == 4)
        let dregions = CandidateRegions(comps: dcc, mask: dated, dpi: 300, textHeight: 30, pageWidth: w, pageHeight: h)
        let dfound = dregions.group([0, 1, 2, 3], signatureLines: [line]).map(\.box).sorted { $0.x > $1.x }
        #expect(dfound == [PixelBox(x: 380, y: 60, width: 260, height: 240), PixelBox(x: 300, y: 202, width: 40, height: 38)])
    }

    /// The regions `CandidateRegions` groups on a 900 by 260 page at 150 dpi whose ink is the filled rectangles
    /// `rects` (x0, y0, x1, y1; each its own component) under the one signature line `line`, rightmost first.
    private func regionsOnPage(_ rects: [(Int, Int, Int, Int)], line: PixelBox) -> [PixelBox] {
        let (w, h) = (900, 260)
        var mask = InkMask(width: w, height: h)
        for (x0, y0, x1, y1) in rects { for y in y0..<y1 { for x in x0..<x1 { mask.bits[y * w + x] = 1 } } }
        let cc = ConnectedComponents(mask)
        #expect(cc.components.count == rects.count)
        let regions = CandidateRegions(comps: cc, mask: mask, dpi: 150, textHeight: 15, pageWidth: w, pageHeight: h)
        return regions.group(Array(cc.components.indices), signatureLines: [line]).map(\.box).sorted { $0.x > $1.x }
    }

    @Test("Ink left on a signature line's own rows (an underline drawn along it), or an upright bar standing on the line, joins the signature on it only when near it")
    func inkAlongLine() {
        // 150 dpi, line at rows 200-205 from x = 20 to 820. The signature (rows 100-180) sits on it; line removal
        // left two pieces of its underline on the line's rows (thicker there); a printed mark under the line at row 230.
        let found = regionsOnPage([(400, 100, 480, 180), (380, 200, 392, 206), (470, 201, 472, 206), (300, 225, 340, 240)],
                                  line: PixelBox(x: 20, y: 200, width: 800, height: 6))
        #expect(found == [PixelBox(x: 380, y: 100, width: 100, height: 106), PixelBox(x: 300, y: 225, width: 40, height: 15)])
        // A piece an inch from the signature (where a stamp's edge lay on the line) stays apart.
        let far = regionsOnPage([(400, 100, 480, 180), (630, 200, 700, 206)], line: PixelBox(x: 20, y: 200, width: 800, height: 6))
        #expect(far == [PixelBox(x: 630, y: 200, width: 70, height: 6), PixelBox(x: 400, y: 100, width: 80, height: 80)])
        // A straight upright bar standing on the line 1.5 inches from the signature (a stamp's side) stays apart; one
        // 0.13 inch from it joins.
        let bars = regionsOnPage([(400, 100, 480, 180), (700, 120, 706, 198), (500, 120, 506, 198)],
                                 line: PixelBox(x: 20, y: 200, width: 800, height: 6))
        #expect(bars == [PixelBox(x: 700, y: 120, width: 6, height: 78), PixelBox(x: 400, y: 100, width: 106, height: 98)])
    }

    @Test("A wide thin stroke just under a signature line is its signature's flourish; a flat speck there is not")
    func flourishUnderLine() {
        // 150 dpi, line at rows 200-203 from x = 20 to 820; the signature (rows 100-190) sits on it at x 400-480.
        // Under the line: a flourish 60 pixels wide (0.4 inch) at rows 210-216, and far to the left a speck of a
        // stamp's letter, 6 by 2 pixels, at rows 212-214.
        let found = regionsOnPage([(400, 100, 480, 190), (380, 210, 440, 216), (200, 212, 206, 214)],
                                  line: PixelBox(x: 20, y: 200, width: 800, height: 4))
        #expect(found == [PixelBox(x: 380, y: 100, width: 100, height: 116), PixelBox(x: 200, y: 212, width: 6, height: 2)])
    }

    @Test("The two words of a signature over the two steps of one askew line make one region")
    func wordsOverAskewLine() {
        // 300 dpi: two words (each a box of ink strokes) 90 pixels apart, over a line left as two steps.
        let (w, h) = (1200, 320)
        var mask = InkMask(width: w, height: h)
        for (x0, x1) in [(60, 380), (470, 820)] {
            for y in 80..<230 { for x in [x0, x0 + 1, (x0 + x1) / 2, x1 - 1] { mask.bits[y * w + x] = 1 } }
            for x in x0..<x1 { mask.bits[229 * w + x] = 1 }
        }
        let cc = ConnectedComponents(mask)
        #expect(cc.components.count == 2)
        let regions = CandidateRegions(comps: cc, mask: mask, dpi: 300, textHeight: 30, pageWidth: w, pageHeight: h)
        let steps = [RuledLine(orientation: .horizontal, box: PixelBox(x: 20, y: 240, width: 448, height: 4)),
                     RuledLine(orientation: .horizontal, box: PixelBox(x: 288, y: 243, width: 593, height: 7))]
        let lines = CandidateRegions.signatureLines(steps, dpi: 300)
        #expect(regions.group([0, 1], signatureLines: lines).map(\.box) == [PixelBox(x: 60, y: 80, width: 760, height: 150)])
        // Read as two lines, each word would stay on its own.
        #expect(regions.group([0, 1], signatureLines: steps.map(\.box)).count == 2)
    }

    @Test("A box sits on a line just under it, not on one far below or above it")
    func sits() {
        let line = PixelBox(x: 300, y: 2800, width: 700, height: 3)
        #expect(CandidateRegions.sits(PixelBox(x: 350, y: 2650, width: 500, height: 160), on: line, dpi: 300))
        #expect(!CandidateRegions.sits(PixelBox(x: 350, y: 2400, width: 500, height: 160), on: line, dpi: 300))
        #expect(!CandidateRegions.sits(PixelBox(x: 350, y: 2810, width: 500, height: 60), on: line, dpi: 300))
        #expect(!CandidateRegions.sits(PixelBox(x: 1200, y: 2650, width: 500, height: 160), on: line, dpi: 300))
    }
}

/// A mask of `width` x `height` with upright posts (rows 60-189) at the given columns and a baseline in row 189
/// over each given span: scribble-like components whose boxes a test can state exactly.
private func postsMask(width w: Int, height h: Int, posts: [Int], baselines: [Range<Int>]) -> InkMask {
    var mask = InkMask(width: w, height: h)
    for y in 60..<190 { for x in posts { mask.bits[y * w + x] = 1 } }
    for span in baselines { for x in span { mask.bits[189 * w + x] = 1 } }
    return mask
}

/// A component of `w` x `h` pixels at (`x`, `y`), a third ink (what the text-line tests need of a letter).
private func comp(_ x: Int, _ y: Int, _ w: Int, _ h: Int) -> InkComponent {
    InkComponent(box: PixelBox(x: x, y: y, width: w, height: h), area: w * h / 3, runCount: h,
                 sumX: Double(x * w * h / 3), sumY: Double(y * w * h / 3))
}
