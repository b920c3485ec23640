import Foundation
import Imaging
import Testing
@testable import Preprocessing

@Suite("Cleaning")
struct CleaningTests {
    @Test("Removing a ruled line keeps the strokes that cross it")
    func lineRemovalKeepsCrossings() {
        var page = TestPage(width: 600, height: 200, dpi: 200)
        page.stroke(20, 100, 580, 100, r: 1, value: 20)          // the rule: 3 px thick
        page.stroke(150, 40, 150, 160, r: 2, value: 20)          // vertical stroke through it
        page.stroke(300, 40, 380, 160, r: 2, value: 20)          // slanted stroke through it
        let mask = Binarizer(method: .otsu).binarize(page.page, dpi: 200).mask
        var cleaned = mask
        let lines = RuledLineRemover(minLength: 120, minVerticalLength: 200, maxThickness: 6).remove(from: &cleaned)
        #expect(lines.count == 1)
        #expect(lines.first?.orientation == .horizontal)
        // The rule is gone away from the strokes.
        for x in [40, 100, 250, 500] { for y in 97...103 { let ink = cleaned.isInk(x, y); #expect(!ink, "rule left at \(x),\(y)") } }
        // Both strokes still run unbroken through the rule's rows.
        for y in 95...105 { let ink = cleaned.isInk(150, y); #expect(ink, "vertical stroke cut at row \(y)") }
        let cc = ConnectedComponents(cleaned)
        #expect(cc.components.filter { $0.area > 50 }.count == 2, "each crossing stroke stays one component")
    }

    @Test("Table lines go, crossings included; a stroke crossing a vertical line stays")
    func tableLines() {
        var page = TestPage(width: 500, height: 500, dpi: 200)
        for y in [50.0, 250, 450] { page.stroke(50, y, 450, y, r: 1, value: 20) }
        for x in [50.0, 250, 450] { page.stroke(x, 50, x, 450, r: 1, value: 20) }
        page.stroke(200, 150, 300, 150, r: 2, value: 20)   // a short dash across the middle vertical line
        var mask = Binarizer(method: .otsu).binarize(page.page, dpi: 200).mask
        let lines = RuledLineRemover(minLength: 120, maxThickness: 6).remove(from: &mask)
        #expect(lines.filter { $0.orientation == .horizontal }.count == 3)
        #expect(lines.filter { $0.orientation == .vertical }.count == 3)
        let crossing = mask.isInk(250, 250), middle = mask.isInk(250, 350)
        #expect(!crossing, "crossing of two table lines removed")
        #expect(!middle)
        for x in 200...300 { let ink = mask.isInk(x, 150); #expect(ink, "dash cut at column \(x)") }
    }

    @Test("A table's short vertical rules go when they join two long rules; a short upright between two short lines stays")
    func shortTableRules() {
        var page = TestPage(width: 700, height: 400, dpi: 200)
        // Rows 50 px apart: the verticals (50 px) are far below a table line's 200 px (1 inch at 200 dpi).
        for y in [100.0, 150, 200] { page.stroke(100, y, 600, y, r: 1, value: 20) }
        for x in [100.0, 300, 600] { page.stroke(x, 100, x, 200, r: 1, value: 20) }
        page.stroke(150, 125, 250, 125, r: 2, value: 20)   // a dash in a cell
        // Two short lines (0.75 inch) one above the other, joined by an upright: a flourish's flat parts, not a table.
        page.stroke(100, 300, 250, 300, r: 1, value: 20)
        page.stroke(100, 350, 250, 350, r: 1, value: 20)
        page.stroke(180, 300, 180, 350, r: 1, value: 20)
        var mask = Binarizer(method: .otsu).binarize(page.page, dpi: 200).mask
        let lines = RuledLineRemover(minLength: 120, minVerticalLength: 200, maxThickness: 6).remove(from: &mask)
        #expect(lines.filter { $0.orientation == .vertical }.count == 3, "the table's three verticals")
        for x in [100, 300, 600] { for y in [125, 175] { let ink = mask.isInk(x, y); #expect(!ink, "rule left at \(x),\(y)") } }
        for x in 155...245 { let ink = mask.isInk(x, 125); #expect(ink, "dash cut at column \(x)") }
        for y in 310...340 { let ink = mask.isInk(180, y); #expect(ink, "upright between short lines removed at row \(y)") }
    }

    @Test("A shorter straight stroke just beside a long line (an underline drawn along it) stays as ink; a far one, a twin rule and one through letters go")
    func strokeBesideLine() {
        // 200 dpi: a 3-inch rule at row 100; under it, 12 px (0.06 inch) away, a 1-inch straight stroke; 0.3 inch
        // under the rule another 1-inch stroke (a separate short rule); at row 300 a rule with a twin as long 12 px
        // under it (a double rule).
        var page = TestPage(width: 800, height: 400, dpi: 200)
        page.stroke(100, 100, 700, 100, r: 1, value: 20)
        page.stroke(300, 113, 500, 113, r: 1, value: 20)
        page.stroke(300, 160, 500, 160, r: 1, value: 20)
        page.stroke(100, 300, 700, 300, r: 1, value: 20)
        page.stroke(100, 313, 700, 313, r: 1, value: 20)
        // At row 200 a rule with a stroke 13 px under it that runs through printed letters (uprights down to row 240).
        page.stroke(100, 200, 700, 200, r: 1, value: 20)
        page.stroke(300, 213, 500, 213, r: 1, value: 20)
        for x in stride(from: 305.0, to: 500, by: 14) { page.stroke(x, 206, x, 240, r: 1, value: 20) }
        let mask = Binarizer(method: .otsu).binarize(page.page, dpi: 200).mask
        var cleaned = mask
        var runs = ConnectedComponents.extractRuns(cleaned)
        let remover = RuledLineRemover(minLength: 80, maxThickness: 6, strokeGap: 20, strokeLineLength: 200)
        let (lines, strokes) = remover.remove(from: &cleaned, runs: &runs)
        #expect(strokes.count == 1)
        #expect(strokes.first.map { $0.y >= 110 && $0.maxY <= 117 && $0.x <= 300 && $0.maxX >= 500 } == true, "\(strokes)")
        #expect(lines.count == 6, "\(lines.map(\.box))")
        for x in stride(from: 300, through: 500, by: 20) {
            let kept = cleaned.isInk(x, 113), rule = cleaned.isInk(x, 100), far = cleaned.isInk(x, 160), twin = cleaned.isInk(x, 313)
            let throughLetters = abs((x - 305 + 7) % 14 - 7) > 2 && cleaned.isInk(x, 213)  // away from the uprights
            #expect(kept, "underline cut at column \(x)")
            #expect(!rule && !far && !twin && !throughLetters, "a line left at column \(x)")
        }
        // The runs stay in step with the mask: the kept stroke is one component, and the letters are not joined.
        #expect(ConnectedComponents(runs: runs).components.filter { $0.area > 50 && $0.box.width > 100 }.count == 1)
        // Without a gap nothing is kept.
        var plain = mask
        #expect(RuledLineRemover(minLength: 80, maxThickness: 6).remove(from: &plain).count == 7)
    }

    @Test("Pieces of one faint grey line join across the stretch the scan left too light; co-signers' lines with paper or a coloured stamp between them stay apart")
    func fadedLinePieces() {
        // 150 dpi: a light rule (grey 200 on paper 245) from column 50 to 500 at row 100, dark enough to be ink only
        // from 50 to 200 and from 260 to 420 (the gap is 0.4 inch); at row 200 two co-signers' lines with paper
        // between them (0.33 inch).
        var page = TestPage(width: 800, height: 300, dpi: 150)
        page.stroke(50, 100, 500, 100, r: 0.5, value: 200)
        page.stroke(50, 100, 200, 100, r: 0.5, value: 40)
        page.stroke(260, 100, 420, 100, r: 0.5, value: 40)
        page.stroke(50, 200, 330, 200, r: 0.5, value: 40)
        page.stroke(380, 200, 700, 200, r: 0.5, value: 40)
        let mask = Binarizer(method: .otsu).binarize(page.page, dpi: 150).mask
        let clean = PageCleaner().clean(mask, page: page.page, dpi: 150)
        let rows = clean.lines.filter { $0.orientation == .horizontal }.map(\.box).sorted { ($0.y, $0.x) < ($1.y, $1.x) }
        #expect(rows.count == 3, "\(rows)")
        #expect(rows.first.map { $0.x <= 51 && $0.maxX >= 419 && $0.maxY <= 103 } == true, "faint line joined: \(rows)")
        #expect(rows.filter { $0.y >= 195 }.count == 2, "co-signers' lines apart: \(rows)")
        #expect(PageCleaner().clean(mask, page: nil, dpi: 150).lines.count == 4, "without the grey page nothing joins")
        // The same gap drawn over by a red stamp's edge on a colour page: grey enough, but coloured.
        let (w, h) = (600, 60)
        var gray = [UInt8](repeating: 245, count: w * h), rgb = [UInt8](repeating: 245, count: 3 * w * h)
        for x in 200..<260 {
            gray[30 * w + x] = 110
            (rgb[3 * (30 * w + x)], rgb[3 * (30 * w + x) + 1], rgb[3 * (30 * w + x) + 2]) = (210, 40, 40)
        }
        let pieces = [RuledLine(orientation: .horizontal, box: PixelBox(x: 50, y: 30, width: 150, height: 1)),
                      RuledLine(orientation: .horizontal, box: PixelBox(x: 260, y: 30, width: 160, height: 1))]
        func joined(_ rgb: [UInt8]?) -> Int {
            RuledLineRemover.joiningFaded(pieces, gray: gray, rgb: rgb, width: w, height: h, thin: 5, rows: 2, maxGap: 90).count
        }
        #expect(joined(nil) == 1, "a grey stretch joins")
        #expect(joined(rgb) == 2, "a red one does not")
    }

    /// A stamp frame turned by `degrees` about (cx, cy): four straight edges, 4 px thick at 300 dpi.
    private func frame(on page: inout TestPage, cx: Double, cy: Double, w: Double, h: Double, degrees: Double) {
        let a = degrees * Double.pi / 180
        let corners = [(-w / 2, -h / 2), (w / 2, -h / 2), (w / 2, h / 2), (-w / 2, h / 2)].map { (x, y) in
            (cx + x * cos(a) - y * sin(a), cy + x * sin(a) + y * cos(a))
        }
        for i in 0..<4 {
            let (p, q) = (corners[i], corners[(i + 1) % 4])
            page.stroke(p.0, p.1, q.0, q.1, r: 1.5, value: 30)
        }
    }

    @Test("A turned stamp frame is removed; the signature stroke that crosses it keeps its length and its ink")
    func stampFrame() {
        var page = TestPage(width: 900, height: 600, dpi: 300)
        var strokeOnly = TestPage(width: 900, height: 600, dpi: 300)
        frame(on: &page, cx: 450, cy: 300, w: 420, h: 220, degrees: 12)
        // A wavy signature stroke entering the frame from the left and leaving through its bottom edge.
        var previous: (Double, Double)? = nil
        for t in stride(from: 0.0, through: 1.0, by: 0.005) {
            let p = (120 + 500 * t, 330 + 40 * sin(t * 14) + 150 * t)
            if let q = previous {
                page.stroke(q.0, q.1, p.0, p.1, r: 2, value: 30)
                strokeOnly.stroke(q.0, q.1, p.0, p.1, r: 2, value: 30)
            }
            previous = p
        }
        let mask = Binarizer(method: .otsu).binarize(page.page, dpi: 300).mask
        let strokeInk = Binarizer(method: .otsu).binarize(strokeOnly.page, dpi: 300).mask.inkCount
        let before = ConnectedComponents(mask)
        #expect(before.components.filter { $0.area > 100 }.count == 1, "frame and stroke start as one component")
        var cleaned = mask
        let frames = StampFrameRemover(minEdge: 135, maxThickness: 12).remove(from: &cleaned, components: before)
        #expect(frames.count == 1)
        let edges = frames.flatMap(\.edges)
        #expect(edges.count == 4, "found \(edges.count) frame edges: \(edges)")
        // The frame's top edge is gone.
        let a = 12 * Double.pi / 180
        for u in stride(from: -150.0, through: 150, by: 25) {
            let x = 450 + u * cos(a) + 110 * sin(a), y = 300 + u * sin(a) - 110 * cos(a)
            var left = 0
            for dy in -3...3 where cleaned.isInk(Int(x.rounded()), Int(y.rounded()) + dy) { left += 1 }
            #expect(left == 0, "top edge left at \(Int(x)),\(Int(y))")
        }
        // What is left is the stroke: its whole length, nearly all its ink (a shallow crossing loses a few pixels
        // at its flanks), and hardly any frame.
        let pieces = ConnectedComponents(cleaned).components.filter { $0.area > 30 }
        let left = pieces.map(\.box.x).min() ?? 0, right = pieces.map(\.box.maxX).max() ?? 0
        #expect(right - left >= 500, "stroke pieces span \(right - left) px")
        #expect(Double(cleaned.inkCount) >= 0.93 * Double(strokeInk), "\(cleaned.inkCount) of \(strokeInk)")
        #expect(Double(cleaned.inkCount) <= 1.10 * Double(strokeInk), "frame left: \(cleaned.inkCount) vs \(strokeInk)")
    }

    @Test("The lettering inside a removed frame goes with it; a stroke reaching in across the frame stays")
    func stampLettering() {
        var page = TestPage(width: 900, height: 600, dpi: 300)
        frame(on: &page, cx: 450, cy: 300, w: 420, h: 220, degrees: -8)
        for i in 0..<5 { page.fill(PixelBox(x: 320 + 50 * i, y: 280, width: 30, height: 45), value: 30) }  // "letters"
        // A wavy stroke from outside the frame, then up into it across its bottom edge.
        var previous = (100.0, 470.0)
        for x in stride(from: 102.0, through: 620, by: 2) {
            let p = (x, 470 - 70 * (x - 100) / 520 + 25 * sin((x - 100) / 30))
            page.stroke(previous.0, previous.1, p.0, p.1, r: 2, value: 30)
            previous = p
        }
        page.stroke(previous.0, previous.1, 640, 230, r: 2, value: 30)
        let mask = Binarizer(method: .otsu).binarize(page.page, dpi: 300).mask
        var cleaned = mask
        let remover = StampFrameRemover(minEdge: 135, maxThickness: 12)
        let before = ConnectedComponents(mask)
        let frames = remover.remove(from: &cleaned, components: before)
        #expect(frames.count == 1)
        let removed = remover.removeLettering(inside: frames, from: &cleaned, components: ConnectedComponents(cleaned),
                                              before: before)
        #expect(removed >= 5 * 30 * 45 * 9 / 10, "lettering pixels removed: \(removed)")
        for i in 0..<5 { let ink = cleaned.isInk(335 + 50 * i, 300); #expect(!ink, "letter \(i) left") }
        let outsideY = Int((470 - 70 * 50.0 / 520 + 25 * sin(50.0 / 30)).rounded())
        let insideX = Int((previous.0 + (640 - previous.0) * (previous.1 - 315) / (previous.1 - 230)).rounded())
        let outside = cleaned.isInk(150, outsideY), inside = cleaned.isInk(insideX, 315)
        #expect(outside, "the stroke outside the frame is kept")
        #expect(inside, "the stroke's part inside the frame is kept")
    }

    @Test("A stamp pressed nearly straight: its sides and lettering go after line removal took its top and bottom; handwriting in a form's box of the same shape stays")
    func alignedStamp() {
        var rng = SplitMix64(seed: 22)
        for (degrees, handwriting) in [(1.0, false), (-0.6, false), (0.0, true)] {
            var page = TestPage(width: 1000, height: 600, dpi: 300)
            frame(on: &page, cx: 500, cy: 300, w: 460, h: 200, degrees: degrees)
            let a = degrees * Double.pi / 180
            let inside: PixelBox
            if handwriting {
                inside = page.scribble(in: PixelBox(x: 330, y: 240, width: 320, height: 110), rng: &rng)
            } else {
                // Six block "letters" along the frame's turned baseline.
                for i in 0..<6 {
                    let u = -150.0 + 55 * Double(i)
                    let x = 500 + u * cos(a), y = 300 + u * sin(a)
                    page.fill(PixelBox(x: Int(x) - 15, y: Int(y) - 25, width: 30, height: 50), value: 30)
                }
                inside = PixelBox(x: 330, y: 265, width: 340, height: 70)
            }
            // A signature beside the stamp, on nothing.
            let signature = page.scribble(in: PixelBox(x: 40, y: 420, width: 180, height: 120), rng: &rng)
            let mask = Binarizer(method: .otsu).binarize(page.page, dpi: 300).mask
            let clean = PageCleaner().clean(mask, page: nil, dpi: 300)
            #expect(clean.lines.filter { $0.orientation == .horizontal }.count >= 2, "\(degrees)°: top and bottom went as lines")
            #expect(clean.stampFrames.count == 1, "\(degrees)°: one frame")
            let left = clean.mask.inkCount(in: inside)
            if handwriting {
                #expect(Double(left) >= 0.95 * Double(mask.inkCount(in: inside)), "handwriting in a box kept: \(left)")
            } else {
                #expect(left == 0, "\(degrees)°: lettering left: \(left) pixels")
            }
            // The frame's sides are gone; the signature is whole.
            let side = PixelBox(x: 500 - 230 - 10, y: 230, width: 20, height: 140)
            #expect(clean.mask.inkCount(in: side) < 20, "\(degrees)°: left side left: \(clean.mask.inkCount(in: side))")
            #expect(clean.mask.inkCount(in: signature) == mask.inkCount(in: signature))
        }
    }

    @Test("A stamp pressed straight at the end of a signature line: its bottom edge, joined to the line as a step, still makes its frame")
    func alignedStampAtLineEnd() {
        var page = TestPage(width: 1000, height: 600, dpi: 300)
        frame(on: &page, cx: 500, cy: 300, w: 460, h: 200, degrees: 0)
        for i in 0..<6 { page.fill(PixelBox(x: 337 + 55 * i, y: 275, width: 30, height: 50), value: 30) }
        // The signature line: its rows end two rows above the stamp's bottom edge, and it runs 70 px under it.
        page.stroke(20, 395, 340, 395, r: 1.5, value: 30)
        let mask = Binarizer(method: .otsu).binarize(page.page, dpi: 300).mask
        let clean = PageCleaner().clean(mask, page: nil, dpi: 300)
        let steps = CandidateRegions.joiningSteps(clean.lines.filter { $0.orientation == .horizontal }.map(\.box), dpi: 300)
        #expect(steps.contains { $0.x <= 21 && $0.maxX >= 729 }, "line and edge join as steps: \(steps)")
        #expect(clean.stampFrames.count == 1, "one frame")
        #expect(clean.mask.inkCount(in: PixelBox(x: 330, y: 270, width: 340, height: 60)) == 0, "lettering left")
    }

    @Test("A removed stamp frame's top and bottom edges are no signature lines; a printed line beside it is one")
    func stampEdgesAreNoSignatureLines() {
        // An upright stamp whose worn corners leave its sides apart from its edges (so they are no table's verticals
        // making the edges rules), with its lettering; a printed line beside it.
        var page = TestPage(width: 1400, height: 600, dpi: 300)
        page.stroke(270, 200, 730, 200, r: 1.5, value: 30)
        page.stroke(270, 400, 730, 400, r: 1.5, value: 30)
        page.stroke(270, 206, 270, 394, r: 1.5, value: 30)
        page.stroke(730, 206, 730, 394, r: 1.5, value: 30)
        for i in 0..<6 { page.fill(PixelBox(x: 337 + 55 * i, y: 275, width: 30, height: 50), value: 30) }
        page.stroke(800, 450, 1350, 450, r: 1.5, value: 30)
        let mask = Binarizer(method: .otsu).binarize(page.page, dpi: 300).mask
        let clean = PageCleaner().clean(mask, page: nil, dpi: 300)
        #expect(clean.stampFrames.count == 1)
        #expect(CandidateRegions.signatureLines(clean.lines, dpi: 300).count == 3, "all three lines are long enough")
        let lines = SignatureLocator.signatureLines(of: clean, dpi: 300)
        #expect(lines.count == 1 && lines.first.map { $0.x >= 790 && $0.y >= 440 } == true, "\(lines)")
    }

    @Test("A stamp pressed nearly straight over a signature: the side the signature touches goes too, the signature's ink stays")
    func alignedStampSideTouchingSignature() {
        var rng = SplitMix64(seed: 23)
        for degrees in [1.0, -1.2, 1.3, -0.9] {
            var page = TestPage(width: 1000, height: 600, dpi: 300)
            frame(on: &page, cx: 500, cy: 300, w: 460, h: 200, degrees: degrees)
            let a = degrees * Double.pi / 180
            for i in 0..<6 {
                let u = -120.0 + 55 * Double(i)
                let x = 500 + u * cos(a), y = 280 + u * sin(a)
                page.fill(PixelBox(x: Int(x) - 15, y: Int(y) - 25, width: 30, height: 50), value: 30)
            }
            // A wavy signature stroke (no straight part: nothing for the Hough frame search) runs across the frame's
            // left side (x about 270) and its bottom (y about 400), below the lettering; drawn alone too, to count
            // its own ink.
            var alone = TestPage(width: 1000, height: 600, dpi: 300)
            var previous: (Double, Double)? = nil
            let phase = rng.range(0, 1)
            for i in 0...300 {
                let t = Double(i) / 300
                let p = (150 + 260 * t, 390 + 45 * sin(2 * Double.pi * (3 * t + phase)) + 20 * t)
                if let q = previous {
                    page.stroke(q.0, q.1, p.0, p.1, r: 2, value: 30)
                    alone.stroke(q.0, q.1, p.0, p.1, r: 2, value: 30)
                }
                previous = p
            }
            let mask = Binarizer(method: .otsu).binarize(page.page, dpi: 300).mask
            let own = Binarizer(method: .otsu).binarize(alone.page, dpi: 300).mask
            let clean = PageCleaner().clean(mask, page: nil, dpi: 300)
            #expect(clean.stampFrames.count == 1, "\(degrees)°: one frame")
            // The left side above the signature is gone.
            let side = PixelBox(x: 270 - 12, y: 215, width: 24, height: 110)
            #expect(clean.mask.inkCount(in: side) < 20, "\(degrees)°: left side left: \(clean.mask.inkCount(in: side))")
            // The signature keeps nearly all its own ink.
            var total = 0, kept = 0
            for i in own.bits.indices where own.bits[i] != 0 { total += 1; if clean.mask.bits[i] != 0 { kept += 1 } }
            #expect(Double(kept) >= 0.95 * Double(total), "\(degrees)°: signature ink \(kept) of \(total)")
        }
    }

    @Test("A side not found is cleared where its ink is, also when a stroke run into an edge's end moved that end")
    func clearSideAwayFromEdgeEnds() {
        // 300 dpi: a frame's left side, 8 px thick, leaning from column 312 at the top edge to 322 at the bottom one;
        // the bottom edge as line removal reported it starts 30 px left of the side (a stroke ran into its end).
        var mask = InkMask(width: 700, height: 400)
        let (top, bottom) = (PixelBox(x: 308, y: 92, width: 300, height: 8), PixelBox(x: 290, y: 300, width: 320, height: 8))
        for y in 100..<300 {
            let x = 312 + 10 * (y - 100) / 200
            for c in x..<(x + 8) { mask.bits[y * mask.width + c] = 1 }
        }
        let frame = AlignedFrameFinder.Frame(box: top.union(bottom), sides: [], top: top, bottom: bottom, found: (false, true))
        let finder = AlignedFrameFinder(dpi: 300, minEdge: 135, maxThickness: 12)
        let ink = mask.inkCount
        #expect(finder.clearSides(of: frame, from: &mask) == ink, "the whole side cleared")
        #expect(mask.inkCount == 0)
    }

    @Test("A stamp turned a little: its top and bottom left as steps by line removal still pair up with its side")
    func steppedStampEdges() {
        // 200 dpi, from a synthetic page: the frame's top and bottom are each two or three overlapping steps a row
        // apart; its right side (with the stubs of the top and bottom line removal left at the corners) is a stroke
        // 29 pixels wide and 162 tall; its left side is joined to a signature and is no stroke of its own.
        let h = { (x: Int, y: Int, w: Int, t: Int) in RuledLine(orientation: .horizontal, box: PixelBox(x: x, y: y, width: w, height: t)) }
        let lines = [h(29, 22, 163, 6), h(142, 29, 81, 1), h(25, 178, 95, 2), h(70, 181, 81, 1), h(103, 183, 129, 4)]
        let (w, ht) = (300, 220)
        var mask = InkMask(width: w, height: ht)
        for y in 30..<192 {
            let x = 246 - (y - 30) / 10  // leaning 16 pixels over the side's height
            for dx in 0..<5 { mask.bits[y * w + x + dx] = 1 }
        }
        for x in 223..<250 { mask.bits[31 * w + x] = 1; mask.bits[190 * w + x] = 1 }
        let cc = ConnectedComponents(mask)
        #expect(cc.components.count == 1)
        let finder = AlignedFrameFinder(dpi: 200, minEdge: 60, maxThickness: 8)
        let frames = finder.frames(lines: lines, components: cc, kept: [0])
        #expect(frames.count == 1)
        #expect(frames.first?.sides == [0])
        #expect(frames.first?.closed == false)
    }

    @Test("Straight handwriting is not a frame: one long straight stroke and a wavy one stay untouched")
    func straightStrokeKept() {
        var page = TestPage(width: 900, height: 400, dpi: 300)
        page.stroke(100, 300, 700, 250, r: 2, value: 30)          // a ruler-straight flourish, alone
        for x in stride(from: 100.0, to: 700, by: 1) { page.dot(x, 200 + 50 * sin(x / 40), r: 2, value: 30) }
        let mask = Binarizer(method: .otsu).binarize(page.page, dpi: 300).mask
        var cleaned = mask
        let frames = StampFrameRemover(minEdge: 135, maxThickness: 12).remove(from: &cleaned,
                                                                            components: ConnectedComponents(mask))
        #expect(frames.isEmpty)
        #expect(cleaned == mask)
    }

    @Test("Two parallel sides without a corner are a frame only with lettering between them: a small stamp goes, a signature's two straight strokes stay")
    func parallelSidesNeedLettering() {
        let remover = StampFrameRemover(minEdge: 135, maxThickness: 12)
        // A small stamp turned 10°: long sides 420 px, short sides 110 px (shorter than an edge, so no corner).
        func stamp(lettering: Bool) -> [StampFrame] {
            var page = TestPage(width: 900, height: 500, dpi: 300)
            frame(on: &page, cx: 450, cy: 250, w: 420, h: 110, degrees: 10)
            if lettering { for i in 0..<5 { page.fill(PixelBox(x: 340 + 45 * i, y: 222 + 8 * i, width: 28, height: 40), value: 30) } }
            var mask = Binarizer(method: .otsu).binarize(page.page, dpi: 300).mask
            return remover.remove(from: &mask, components: ConnectedComponents(mask))
        }
        #expect(stamp(lettering: true).count == 1, "the stamp with its lettering is a frame")
        #expect(stamp(lettering: false).isEmpty, "two parallel sides alone are not")
        // A signature's L: two straight down-strokes 260 px long, 115 px apart, turned 55°, joined by a loop.
        var page = TestPage(width: 900, height: 600, dpi: 300)
        let (ux, uy) = (cos(55 * Double.pi / 180), sin(55 * Double.pi / 180))
        let (nx, ny) = (-uy, ux)
        let a0 = (300.0, 120.0), b0 = (a0.0 + 115 * nx, a0.1 + 115 * ny)
        page.stroke(a0.0, a0.1, a0.0 + 260 * ux, a0.1 + 260 * uy, r: 3, value: 30)
        page.stroke(b0.0, b0.1, b0.0 + 260 * ux, b0.1 + 260 * uy, r: 3, value: 30)
        var previous = (a0.0 + 260 * ux, a0.1 + 260 * uy)
        for t in stride(from: 0.0, through: 1.0, by: 0.02) {
            let s = 260 + 60 * sin(t * Double.pi), across = 115 * t
            let p = (a0.0 + s * ux + across * nx, a0.1 + s * uy + across * ny)
            page.stroke(previous.0, previous.1, p.0, p.1, r: 3, value: 30)
            previous = p
        }
        let mask = Binarizer(method: .otsu).binarize(page.page, dpi: 300).mask
        var cleaned = mask
        let frames = remover.remove(from: &cleaned, components: ConnectedComponents(mask))
        #expect(ConnectedComponents(mask).components.filter { $0.area > 100 }.count == 1, "the L is one component")
        #expect(frames.isEmpty, "found \(frames.count) frames")
        let untouched = cleaned == mask
        #expect(untouched, "the L's ink is untouched")
    }

    @Test("The strongest Hough bins: the same as sorting every bin over the floor, ties in index order")
    func strongestBins() {
        var rng = SplitMix64(seed: 21)
        for (bins, span) in [(40_000, 400), (500, 30), (30, 5), (1_000, 3)] {
            let votes = (0..<bins).map { _ in Int32.random(in: 0..<Int32(span), using: &rng) }
            for floor in [Int32(0), Int32(span / 2), Int32(span)] {
                var everything = votes.indices.filter { votes[$0] >= floor }
                everything.sort { votes[$0] > votes[$1] }
                #expect(Array(StampFrameRemover.strongest(votes, atLeast: floor, count: 60)) == Array(everything.prefix(60)),
                        "\(bins) bins of 0..<\(span), floor \(floor)")
            }
        }
    }

    @Test("Specks go, characters stay")
    func specks() {
        var page = TestPage(width: 300, height: 200, dpi: 300)
        page.dot(50, 50, r: 1, value: 0)                   // a 5-pixel speck
        page.stroke(100, 100, 160, 100, r: 2, value: 20)
        let mask = Binarizer(method: .otsu).binarize(page.page, dpi: 300).mask
        let clean = PageCleaner().clean(mask, page: nil, dpi: 300)
        #expect(clean.specksRemoved == 1)
        let speck = clean.mask.isInk(50, 50), stroke = clean.mask.isInk(130, 100)
        #expect(!speck)
        #expect(stroke)
        #expect(clean.kept.count == 1)
    }

    @Test("Red stamp ink is removed from a colour page, blue signature ink kept")
    func stampColour() {
        var page = TestPage(width: 400, height: 300, dpi: 200)
        for x in stride(from: 40.0, to: 360, by: 1) { page.dot(x, 100 + 12 * sin(x / 15), r: 2, value: 40) }  // blue signature stroke
        for a in stride(from: 0.0, to: 6.283, by: 0.01) { page.dot(200 + 80 * cos(a), 150 + 80 * sin(a), r: 3, value: 90) } // stamp ring
        var rgb = [UInt8](repeating: 245, count: page.width * page.height * 3)
        for y in 0..<page.height {
            for x in 0..<page.width where page.ink[y * page.width + x] != 0 {
                let i = (y * page.width + x) * 3
                if page.gray[y * page.width + x] == 40 { rgb[i] = 30; rgb[i + 1] = 50; rgb[i + 2] = 170 }
                else { rgb[i] = 200; rgb[i + 1] = 40; rgb[i + 2] = 50 }
            }
        }
        page.rgb = rgb
        let mask = Binarizer(method: .otsu).binarize(page.page, dpi: 200).mask
        let clean = PageCleaner().clean(mask, page: page.page, dpi: 200)
        #expect(clean.stamp.removedPixels > 1000)
        #expect(clean.stamp.meanHue.map { $0 > 340 || $0 < 20 } == true)
        let ring = clean.mask.isInk(200, 230), blue = clean.mask.isInk(60, Int((100 + 12 * sin(60.0 / 15)).rounded()))
        #expect(!ring, "stamp ring removed")
        #expect(blue, "blue stroke kept")
        // A page whose only coloured ink is red keeps it (it may be the signature).
        var redOnly = page
        for i in 0..<(redOnly.width * redOnly.height) where redOnly.ink[i] != 0 { redOnly.rgb![3 * i] = 200; redOnly.rgb![3 * i + 1] = 40; redOnly.rgb![3 * i + 2] = 50 }
        let keep = PageCleaner().clean(mask, page: redOnly.page, dpi: 200)
        #expect(keep.stamp.removedPixels == 0)
    }
}

#if canImport(Glibc)
import Glibc
#endif
