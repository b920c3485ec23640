import Imaging

/// The in-memory entry point: writers by index, and for each writer genuine signatures and skilled forgeries as
/// scanned grey crops, without touching the disk. Everything is a pure function of the seed and the indices, so
/// a trainer may ask for any sample on any thread, in any order, and get the same pixels.
///
/// ```swift
/// let synth = SignatureSynthesizer(seed: 7)
/// let writer = synth.writer(12)
/// let crop = writer.genuine(3)           // crop.gray, crop.width, crop.height
/// let fake = writer.forgery(0)           // a skilled forgery of writer 12
/// let other = synth.writer(40).genuine(0) // a random forgery of writer 12
/// ```
public struct SignatureSynthesizer: Sendable {
    /// The seed every writer and sample derives from.
    public let seed: UInt64

    /// A synthesizer for `seed`.
    public init(seed: UInt64) { self.seed = seed }

    /// Writer number `index` (any non-negative integer).
    public func writer(_ index: Int) -> SyntheticWriter { SyntheticWriter(seed: seed, index: index) }
}

/// How a crop is rendered and scanned.
public struct CropOptions: Sendable {
    /// Scan resolution in dpi; nil draws one from 150, 200, 240, 300 per sample.
    public var dpi: Double?
    /// Keep the colour samples as well as the grey.
    public var keepColour: Bool
    /// Scanner blur and noise; off gives the clean rendering.
    public var scanEffects: Bool
    /// Margin around the ink, in millimetres; nil draws 2–8 mm per side.
    public var margin: Double?

    /// Default options: random dpi and margins, grey only, scanner effects on.
    public init(dpi: Double? = nil, keepColour: Bool = false, scanEffects: Bool = true, margin: Double? = nil) {
        self.dpi = dpi
        self.keepColour = keepColour
        self.scanEffects = scanEffects
        self.margin = margin
    }
}

/// A rendered, scanned signature crop.
public struct SignatureImage: Sendable {
    /// Grey samples, row-major, 0 = black.
    public var gray: [UInt8]
    /// Interleaved RGB when colour was asked for.
    public var rgb: [UInt8]?
    /// Width in pixels.
    public var width: Int
    /// Height in pixels.
    public var height: Int
    /// Resolution in dpi.
    public var dpi: Double
    /// The box of the ink (coverage above 15%).
    public var inkBox: PixelBox
}

/// Who made a skilled forgery, as the generator knows it: the forger's skill (0…1), the fluency of this copy
/// (0…skill), which sets how close its kinematics come to the writer's own (slowness, tremor, blunt ends, pen
/// lifts and hesitations all scale with 1 − fluency), and the pen.
public struct ForgerTruth: Sendable, Equatable {
    /// The forger's skill.
    public var skill: Double
    /// The fluency of this copy.
    public var fluency: Double
    /// The forger used the writer's kind of pen and a width drawn around the writer's.
    public var ownPen: Bool
}

/// A signature ready to draw: the pen path (millimetres, y up), the pen and the ink.
struct SignatureSample: Sendable {
    var trajectory: PenTrajectory
    var ink: InkDeposition
    var colour: InkColour
    /// The forger's skill, for a skilled forgery.
    var skill: Double?
    /// The fluency of the copy, for a skilled forgery.
    var fluency: Double?
    /// Written with the writer's everyday pen: for a genuine signature, not another day's pen; for a forgery, the
    /// writer's kind of pen and a width drawn around the writer's.
    var ownPen: Bool
}

extension SyntheticWriter {
    /// Genuine signature number `k` of this writer.
    public func genuine(_ k: Int, options: CropOptions = CropOptions()) -> SignatureImage {
        var rng = SeededRandom(seed: seed, 6, UInt64(index), UInt64(k))
        let sample = genuineSample(k)
        return CropRenderer.render(sample.trajectory, ink: sample.ink, colour: sample.colour, options: options, &rng)
    }

    /// Skilled forgery number `k` with the forger's skill drawn from `skillRange` (a pure function of k).
    public func forgery(_ k: Int, skillRange: ClosedRange<Double>, options: CropOptions = CropOptions()) -> SignatureImage {
        forgery(k, skill: forgerSkill(k, skillRange: skillRange), options: options)
    }

    /// The forger behind `forgery(k, skillRange:)` (and its pen-preset rendering): their skill, the fluency of
    /// this copy, and whether they wrote with the writer's own pen.
    public func forger(_ k: Int, skillRange: ClosedRange<Double>) -> ForgerTruth {
        let sample = forgerySample(k, skill: forgerSkill(k, skillRange: skillRange))
        return ForgerTruth(skill: sample.skill ?? 0, fluency: sample.fluency ?? 0, ownPen: sample.ownPen)
    }

    /// Whether `genuine(k)` is written with the writer's everyday pen (else another pen on another day).
    public func genuineOwnPen(_ k: Int) -> Bool { genuinePen(k).own }

    /// The pen draw of genuine sample `k`.
    private func genuinePen(_ k: Int) -> (ink: InkDeposition, colour: InkColour, own: Bool) {
        var rng = SeededRandom(seed: seed, 4, UInt64(index), UInt64(k))
        return pen(&rng)
    }

    /// The skill `forgery(k, skillRange:)` draws.
    func forgerSkill(_ k: Int, skillRange: ClosedRange<Double>) -> Double {
        var rng = SeededRandom(seed: seed, 8, UInt64(index), UInt64(k))
        return rng.uniform(skillRange.lowerBound, skillRange.upperBound)
    }

    /// Skilled forgery number `k` of this writer; `skill` 0…1, nil draws one from 0.3…1 per forgery.
    public func forgery(_ k: Int, skill: Double? = nil, options: CropOptions = CropOptions()) -> SignatureImage {
        var rng = SeededRandom(seed: seed, 7, UInt64(index), UInt64(k))
        let sample = forgerySample(k, skill: skill)
        return CropRenderer.render(sample.trajectory, ink: sample.ink, colour: sample.colour, options: options, &rng)
    }

    /// Genuine sample `k`: trajectory, pen and ink.
    func genuineSample(_ k: Int) -> SignatureSample {
        let (ink, colour, own) = genuinePen(k)
        return SignatureSample(trajectory: genuineTrajectory(k), ink: ink, colour: colour, skill: nil, fluency: nil, ownPen: own)
    }

    /// Skilled forgery `k`: the forger's trajectory, their pen, and an ink chosen to match the writer's.
    func forgerySample(_ k: Int, skill: Double?) -> SignatureSample {
        var rng = SeededRandom(seed: seed, 5, UInt64(index), UInt64(k))
        let chosenSkill = skill.map { min(1, max(0, $0)) } ?? rng.uniform(0.3, 1.0)
        let (trajectory, fluency) = Forger(writer: self, skill: chosenSkill).trajectory(k, &rng)
        let pen: PenKind = rng.chance(0.6) ? style.pen : PenKind.allCases[rng.int(3)]
        let writersWidth = rng.chance(0.6)
        let width = (writersWidth ? style.penWidth : rng.uniform(0.3, 0.7)) * rng.uniform(0.85, 1.15)
        let colour = style.blueInk ? InkColour.blue(&rng) : InkColour.black(&rng)
        return SignatureSample(trajectory: trajectory, ink: InkDeposition(pen: pen, penWidth: width), colour: colour,
                               skill: chosenSkill, fluency: fluency, ownPen: pen == style.pen && writersWidth)
    }
}
