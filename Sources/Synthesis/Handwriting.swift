/// Short handwritten text other than the signature (a date, initials), in a writer's hand: the same alphabet,
/// style and kinematics as their signature, each word one pen-down.
enum Handwriting {
    /// A pen trajectory in millimetres (y up) for `text`, written at `sizeFactor` times the writer's x-height.
    static func trajectory(_ text: String, writer: SyntheticWriter, sizeFactor: Double, _ rng: inout SeededRandom) -> PenTrajectory {
        let style = writer.style
        var components: [PlanComponent] = []
        var x = 0.0
        var current: [Point] = []
        func flush() {
            if current.count >= 2 { components.append(PlanComponent(targets: current, roundness: style.roundness, pauseBefore: 0.1)) }
            current = []
        }
        for ch in text {
            guard ch != " " else { flush(); x += 0.9; continue }
            guard let glyph = CursiveAlphabet.glyph(ch) else { x += 0.6; continue }
            let connected = ch.isLetter && ch.isLowercase
            if !connected { flush() }
            let scale = style.widthScale * (ch.isUppercase ? style.capitalScale * 0.8 : 1)
            current.append(contentsOf: glyph.main.map { Point(x + $0.x * scale + rng.normal(0, 0.04), $0.y * (ch.isUppercase ? 0.8 : 1) + rng.normal(0, 0.04)) })
            for stroke in glyph.delayed {
                components.append(PlanComponent(targets: stroke.map { Point(x + $0.x * scale, $0.y) }, roundness: 0.3, pauseBefore: 0.1))
            }
            if !connected { flush() }
            x += glyph.advance * scale + max(0.1, style.letterSpacing)
        }
        flush()
        let map = Affine.rotate(style.baselineAngle * 0.5).after(.shear(style.slant))
            .after(.scale(style.xHeight * sizeFactor, style.xHeight * sizeFactor))
        return SigmaLognormal.trajectory(ActionPlan(components: components).mapped(map), writer.genuineKinematics(&rng), &rng)
    }
}

/// Words for print-like paragraphs.
enum Lexicon {
    static let words = [
        "the", "party", "agreement", "hereby", "shall", "of", "and", "to", "in", "accordance", "with", "terms",
        "conditions", "set", "out", "below", "payment", "date", "signed", "witness", "contract", "by", "for", "this",
        "undersigned", "declares", "that", "all", "information", "given", "is", "true", "complete", "account",
        "number", "amount", "due", "within", "days", "receipt", "notice", "any", "other", "provided", "services",
        "delivery", "goods", "as", "described", "schedule", "annex", "clause", "section", "liability", "obligations",
        "hereinafter", "referred", "buyer", "seller", "tenant", "landlord", "premises", "period", "month", "year",
        "signature", "authorised", "representative", "company", "address", "registered", "office", "law", "court",
        "jurisdiction", "effective", "from", "until", "termination", "written", "consent", "copy", "original",
    ]

    static let titles = [
        "AGREEMENT", "DECLARATION", "CONTRACT FOR SERVICES", "POWER OF ATTORNEY", "LEASE AGREEMENT",
        "DELIVERY NOTE", "LOAN AGREEMENT", "CONSENT FORM", "BANK MANDATE", "RECEIPT", "STATEMENT",
    ]

    static let stampWords = ["RECEIVED", "PAID", "COPY", "APPROVED", "FILED", "ORIGINAL", "CERTIFIED"]

    /// A sentence-like run of words starting with a capital and ending with a full stop.
    static func sentence(_ rng: inout SeededRandom, words count: Int) -> String {
        var parts: [String] = []
        for i in 0..<count {
            var w = rng.pick(words)
            if i == 0 { w = w.prefix(1).uppercased() + w.dropFirst() }
            parts.append(w)
        }
        return parts.joined(separator: " ") + "."
    }
}
