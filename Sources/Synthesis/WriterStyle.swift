/// How a writer lays out the name in a signature.
public enum SignatureFormat: String, Sendable, CaseIterable {
    /// "J. Smith": an initial, an optional dot, the surname.
    case initialSurname
    /// "John Smith".
    case fullName
    /// "Smith".
    case surnameOnly
    /// "JS" followed by a flourish.
    case initials
}

/// The closing flourish a writer adds.
public enum Flourish: String, Sendable, CaseIterable {
    case none, underline, tail, paraph, crossThrough
}

/// The kind of pen: sets stroke width and how much speed thins and lightens the line.
public enum PenKind: String, Sendable, CaseIterable {
    case ballpoint, gel, felt
}

/// A writer as a set of parameters: geometry (size, slant, proportions, baseline), motor control (speed,
/// lognormal spread, stroke overlap, roundness), pen and pressure habit, and how stable all of it is from one
/// signature to the next.
public struct WriterStyle: Sendable {
    /// x-height in millimetres.
    public var xHeight: Double
    /// Capital height as a multiple of the alphabet's capitals.
    public var capitalScale: Double
    /// Ascender loops: multiplier of the part above the x-height.
    public var ascender: Double
    /// Descender loops: multiplier of the part below the baseline.
    public var descender: Double
    /// Letter width multiplier (narrow < 1 < wide).
    public var widthScale: Double
    /// Extra space between letters, in x-heights.
    public var letterSpacing: Double
    /// Space between words, in x-heights.
    public var wordSpacing: Double
    /// Slant as a shear factor (tan of the angle from vertical; positive leans right).
    public var slant: Double
    /// Baseline angle in radians (positive rises to the right).
    public var baselineAngle: Double
    /// How strongly strokes curve (sweep of each lognormal stroke relative to the turn it joins).
    public var roundness: Double
    /// Onset spacing of consecutive strokes as a fraction of a stroke's span (small = fluent, strongly overlapped).
    public var overlap: Double
    /// Mean log-response time σ of the lognormal strokes.
    public var sigma: Double
    /// Duration of a stroke one x-height long, in seconds.
    public var tempo: Double
    /// Fraction of the surname written as letters before it degrades into a wave.
    public var legibility: Double
    /// Layout of the name.
    public var format: SignatureFormat
    /// Whether an initial is followed by a dot.
    public var initialDot: Bool
    /// Closing flourish.
    public var flourish: Flourish
    /// Chance of lifting the pen between two letters of a word.
    public var liftChance: Double
    /// Chance of writing each delayed stroke (i-dots, t-bars).
    public var delayedStrokeChance: Double
    /// Pen kind.
    public var pen: PenKind
    /// Pen tip width in millimetres.
    public var penWidth: Double
    /// Habitual pressure, 0…1.
    public var pressure: Double
    /// How much pressure varies along the line.
    public var pressureVariation: Double
    /// Blue ink (else black).
    public var blueInk: Bool
    /// Consistency from one signature to the next, 0 (erratic) … 1 (very stable).
    public var stability: Double
    /// Physiological tremor amplitude in millimetres (most writers: near zero).
    public var tremor: Double
    /// How open the ascender and descender loops are (1 = the alphabet's loops, near 0 = single sticks).
    public var loopWidth: Double

    /// Draws a writer's style from `rng`.
    public static func random(_ rng: inout SeededRandom) -> WriterStyle {
        let pen = PenKind.allCases[rng.weighted([0.45, 0.35, 0.2])]
        let penWidth: Double
        switch pen {
        case .ballpoint: penWidth = rng.uniform(0.4, 0.8)
        case .gel: penWidth = rng.uniform(0.5, 0.9)
        case .felt: penWidth = rng.uniform(0.8, 1.4)
        }
        let slantDegrees = rng.chance(0.8) ? rng.uniform(0, 32) : rng.uniform(-14, 0)
        return WriterStyle(
            xHeight: rng.uniform(2.4, 5.2),
            capitalScale: rng.uniform(0.8, 1.35),
            ascender: rng.uniform(0.6, 1.35),
            descender: rng.uniform(0.5, 1.4),
            widthScale: rng.uniform(0.65, 1.45),
            letterSpacing: rng.uniform(-0.05, 0.35),
            wordSpacing: rng.uniform(0.4, 1.4),
            slant: tan(slantDegrees * .pi / 180),
            baselineAngle: rng.normal(0.03, 0.05),
            roundness: rng.uniform(0.15, 0.9),
            overlap: rng.uniform(0.3, 0.6),
            sigma: rng.uniform(0.18, 0.32),
            tempo: rng.uniform(0.07, 0.15),
            legibility: rng.uniform(0.1, 1.0),
            format: SignatureFormat.allCases[rng.weighted([0.4, 0.25, 0.2, 0.15])],
            initialDot: rng.chance(0.5),
            flourish: Flourish.allCases[rng.weighted([0.3, 0.25, 0.2, 0.15, 0.1])],
            liftChance: rng.chance(0.1) ? rng.uniform(0.6, 0.95) : (rng.chance(0.3) ? rng.uniform(0.05, 0.3) : 0),
            delayedStrokeChance: rng.uniform(0.1, 1.0),
            pen: pen,
            penWidth: penWidth,
            pressure: rng.uniform(0.55, 1.0),
            pressureVariation: rng.uniform(0.08, 0.35),
            blueInk: rng.chance(0.45),
            stability: rng.uniform(0.35, 1.0),
            tremor: rng.chance(0.1) ? rng.uniform(0.02, 0.06) : rng.uniform(0, 0.008),
            loopWidth: rng.chance(0.3) ? rng.uniform(0.05, 0.4) : rng.uniform(0.7, 1.5)
        )
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
