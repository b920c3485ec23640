#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Imaging

/// Lays out and renders one synthetic scanned page: print-like text, rules and tables, signature lines with
/// printed names, the signatures, handwritten dates and initials, an occasional stamp, then scanner rotation,
/// blur and noise. Records where every signature and distractor landed.
public enum DocumentComposer {
    /// Renders the page `request` describes.
    public static func compose(_ request: DocumentRequest) -> SyntheticPage { compose(request, omitSignatureInk: false) }

    /// Renders the page; with `omitSignatureInk` the signatures are drawn and measured but not put on the paper,
    /// every random draw staying the same (tests compare the two pages to see exactly where signature ink went).
    static func compose(_ request: DocumentRequest, omitSignatureInk: Bool) -> SyntheticPage {
        var rng = SeededRandom(seed: request.seed, 0xD0C)
        let sizeMM: (width: Double, height: Double) = request.layout == .specimenCard ? (148, 105) : request.paper.millimetres
        let ppm = Double(request.dpi) / 25.4
        let width = Int((sizeMM.width * ppm).rounded()), height = Int((sizeMM.height * ppm).rounded())
        let rotation = rng.normal(0, 0.006)
        // Page millimetres (y down) → pixels, turned about the page centre by the scanner.
        let page = Affine.translate(Double(width) / 2, Double(height) / 2).after(.rotate(rotation))
            .after(.translate(-Double(width) / 2 + rng.normal(0, 0.5) * ppm, -Double(height) / 2 + rng.normal(0, 0.5) * ppm))
            .after(.scale(ppm, ppm))
        let canvas = PageCanvas(width: width, height: height, paper: PaperStyle.random(&rng), seed: rng.next())
        let layer = CoverageLayer(width: width, height: height)
        let scratch = CoverageLayer(width: width, height: height)
        var context = Context(ppm: ppm, page: page, sizeMM: sizeMM, layer: layer, scratch: scratch, canvas: canvas)

        let slots: [SignatureSlot]
        switch request.layout {
        case .letter: slots = PrintLayout.letter(&context, signatures: request.signatures, &rng)
        case .specimenCard: slots = PrintLayout.card(&context, signature: request.signatures.first, &rng)
        }
        canvas.composite(layer, colour: .toner)
        layer.clear()

        var signatures: [SignatureTruth] = []
        var distractors: [DistractorTruth] = []
        for (number, pair) in zip(request.signatures, slots).enumerated() {
            let (signature, slot) = pair
            let sample: SignatureSample
            var author = signature.claimed.id
            switch signature.kind {
            case .genuine: sample = signature.claimed.genuineSample(signature.sample)
            case .skilledForgery:
                sample = signature.claimed.forgerySample(signature.sample, skill: nil)
                author = "forger:" + signature.claimed.id
            case .randomForgery:
                let other = signature.author ?? signature.claimed
                sample = other.genuineSample(signature.sample)
                author = other.id
            }
            let box = context.drawHandwriting(sample.trajectory, ink: sample.ink, colour: sample.colour,
                                              anchor: slot.anchor, maxWidth: slot.maxWidth, baselineLift: slot.lift,
                                              visible: !omitSignatureInk, &rng)
            signatures.append(SignatureTruth(number: number + 1, claimedWriter: signature.claimed.id, kind: signature.kind,
                                             author: author, sample: signature.sample,
                                             skill: sample.skill.map { ($0 * 1000).rounded() / 1000 }, box: box))
            // The signer's date and initials nearby, in the hand of whoever signed.
            let hand = signature.kind == .randomForgery ? (signature.author ?? signature.claimed) : signature.claimed
            var penRng = SeededRandom(seed: request.seed, 0xDA7E, UInt64(number))
            let (ink, colour, _) = hand.pen(&penRng)
            if let dateAnchor = slot.dateAnchor {
                let date = Self.date(&rng)
                let t = Handwriting.trajectory(date, writer: hand, sizeFactor: rng.uniform(0.5, 0.75), &rng)
                let b = context.drawHandwriting(t, ink: ink, colour: colour, anchor: dateAnchor, maxWidth: 40, baselineLift: 0.5, &rng)
                if !b.isEmpty { distractors.append(DistractorTruth(kind: "date", box: b)) }
            }
            if let initialsAnchor = slot.initialsAnchor {
                let t = Handwriting.trajectory(hand.initials, writer: hand, sizeFactor: rng.uniform(0.7, 1.0), &rng)
                let b = context.drawHandwriting(t, ink: ink, colour: colour, anchor: initialsAnchor, maxWidth: 25, baselineLift: 0, &rng)
                if !b.isEmpty { distractors.append(DistractorTruth(kind: "initials", box: b)) }
            }
        }
        if request.layout == .letter && rng.chance(0.3), let slot = slots.first {
            let box = Stamp.draw(&context, near: slot.anchor, &rng)
            if !box.isEmpty { distractors.append(DistractorTruth(kind: "stamp", box: box)) }
        }
        canvas.scan(ScanEffects.random(&rng, dpi: Double(request.dpi)), seed: rng.next())
        let truth = PageTruth(width: width, height: height, dpi: request.dpi,
                              paper: request.layout == .specimenCard ? "card" : request.paper.rawValue,
                              rotationDegrees: (rotation * 180 / .pi * 1000).rounded() / 1000,
                              signatures: signatures, distractors: distractors)
        return SyntheticPage(gray: canvas.gray(), rgb: canvas.colour(), width: width, height: height, truth: truth)
    }

    static func date(_ rng: inout SeededRandom) -> String {
        let d = rng.int(in: 1...28), m = rng.int(in: 1...12), y = rng.int(in: 2015...2025)
        switch rng.int(3) {
        case 0: return "\(d)/\(m)/\(y)"
        case 1: return "\(d).\(m).\(y % 100)"
        default: return "\(d)-\(m)-\(y)"
        }
    }
}

/// Where a signature goes: the left end of its line (page mm, y down), the room it has, and its distractors.
struct SignatureSlot {
    var anchor: Point
    var maxWidth: Double
    var lift: Double
    var dateAnchor: Point?
    var initialsAnchor: Point?
}

/// Shared drawing state of one page.
struct Context {
    var ppm: Double
    var page: Affine
    var sizeMM: (width: Double, height: Double)
    let layer: CoverageLayer
    let scratch: CoverageLayer
    let canvas: PageCanvas

    /// Page mm → pixels.
    func px(_ p: Point) -> Point { page.apply(p) }

    /// A straight rule from a to b (page mm), weight in mm.
    func rule(_ a: Point, _ b: Point, weight: Double = 0.25, opacity: Double = 0.9) {
        let pa = px(a), pb = px(b), r = 0.5 * weight * ppm
        layer.capsule(pa.x, pa.y, r, opacity, pb.x, pb.y, r, opacity)
    }

    /// Draws a handwritten trajectory with its baseline at `anchor` (page mm, y down), kept on the page and
    /// within `maxWidth` of the anchor when it can be; composites it and returns its ink box in pixels.
    mutating func drawHandwriting(_ t: PenTrajectory, ink: InkDeposition, colour: InkColour, anchor: Point, maxWidth: Double,
                                  baselineLift: Double, visible: Bool = true, _ rng: inout SeededRandom) -> PixelBox {
        var minX = Double.infinity, maxX = -Double.infinity, minY = Double.infinity, maxY = -Double.infinity
        for s in t.strokes.joined() { minX = min(minX, s.x); maxX = max(maxX, s.x); minY = min(minY, s.y); maxY = max(maxY, s.y) }
        guard minX.isFinite else { return PixelBox(x: 0, y: 0, width: 0, height: 0) }
        let w = maxX - minX
        var left = anchor.x + (w < maxWidth ? rng.uniform(0, maxWidth - w) : -min(10, (w - maxWidth) / 2))
        var baseline = anchor.y - baselineLift - rng.uniform(0, 2)
        // Keep 8 mm of paper on every side.
        left = min(max(left, 8), sizeMM.width - 8 - w)
        baseline = min(max(baseline, 8 + maxY), sizeMM.height - 8 + minY)
        let toPage = page.after(.translate(left - minX, baseline)).after(.scale(1, -1))
        TrajectoryRenderer.render(t, toPixels: toPage, ink: ink, into: layer, scratch: scratch, seed: rng.next())
        let box = layer.inkBox(threshold: 0.15)
        if visible { canvas.composite(layer, colour: colour) }
        layer.clear()
        return box
    }
}
