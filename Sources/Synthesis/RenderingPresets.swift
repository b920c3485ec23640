/// A pen to draw a synthetic signature with: the kind (how speed thins and lightens the line), the nominal tip
/// width and the ink's colour. The writer's own pressure and speed still shape the line.
public struct PenPreset: Sendable, Equatable {
    /// A short name for tables and JSON ("blue-ballpoint").
    public var name: String
    /// Ballpoint, gel or felt.
    public var kind: PenKind
    /// Nominal tip width in millimetres.
    public var width: Double
    /// The ink's colour.
    public var colour: InkColour

    /// A pen preset.
    public init(name: String, kind: PenKind, width: Double, colour: InkColour) {
        self.name = name
        self.kind = kind
        self.width = width
        self.colour = colour
    }

    /// The widest tip a preset may have, millimetres: every preset rendering of one signature leaves this much
    /// room around the ink, so renderings with different pens have the same size and placement.
    public static let widestTip = 2.0

    /// A fine ballpoint running dry: a thin, faint grey line.
    public static let faintGreyBallpoint = PenPreset(name: "faint-grey-ballpoint", kind: .ballpoint, width: 0.3,
                                                     colour: InkColour(r: 105, g: 105, b: 110))
    /// An ordinary blue ballpoint.
    public static let blueBallpoint = PenPreset(name: "blue-ballpoint", kind: .ballpoint, width: 0.5,
                                                colour: InkColour(r: 28, g: 48, b: 140))
    /// A black gel pen.
    public static let blackGel = PenPreset(name: "black-gel", kind: .gel, width: 0.7, colour: InkColour(r: 24, g: 24, b: 28))
    /// A thick black felt-tip pen.
    public static let blackFelt = PenPreset(name: "black-felt", kind: .felt, width: 1.4, colour: InkColour(r: 20, g: 20, b: 22))

    /// The presets, faintest and thinnest first.
    public static let all: [PenPreset] = [.faintGreyBallpoint, .blueBallpoint, .blackGel, .blackFelt]

    /// The preset named `name`, if any.
    public static func named(_ name: String) -> PenPreset? { all.first { $0.name == name } }
}

/// How a scanner (or a fax, or a phone camera) turns the signed paper into pixels: resolution, optics and sensor,
/// the driver's levels, and what is stored.
public struct ScannerPreset: Sendable, Equatable {
    /// What the device stores.
    public enum Output: Sendable, Equatable {
        /// 8-bit grey as scanned.
        case gray
        /// Bilevel after a global threshold (a fax, a G4 office scan): darker than `threshold` is black.
        case bilevel(threshold: UInt8)
        /// Grey JPEG at this quality, decoded again through libjpeg (a phone picture, an email attachment).
        case jpeg(quality: Int)
    }

    /// A short name for tables and JSON ("fax-200-bilevel").
    public var name: String
    /// Resolution in dpi.
    public var dpi: Double
    /// Side weight of the [w, 1−2w, w] optics blur (0 = sharp).
    public var blur: Double
    /// Passes of the blur.
    public var blurPasses: Int
    /// Sensor noise standard deviation, grey levels.
    public var noise: Double
    /// The driver's levels: input grey mapped to white, and to black (255 and 0: none).
    public var whitePoint: Double, blackPoint: Double
    /// What is stored.
    public var output: Output

    /// A scanner preset.
    public init(name: String, dpi: Double, blur: Double, blurPasses: Int = 1, noise: Double,
                whitePoint: Double = 255, blackPoint: Double = 0, output: Output = .gray) {
        self.name = name
        self.dpi = dpi
        self.blur = blur
        self.blurPasses = blurPasses
        self.noise = noise
        self.whitePoint = whitePoint
        self.blackPoint = blackPoint
        self.output = output
    }

    /// A flatbed at 300 dpi, 8-bit grey, levels left alone: faint ink stays faint.
    public static let flatbed300Gray = ScannerPreset(name: "flatbed-300-gray", dpi: 300, blur: 0.15, noise: 1.0)
    /// An office scanner at 200 dpi whose driver stretches levels (paper white, ink close to black).
    public static let office200Levels = ScannerPreset(name: "office-200-levels", dpi: 200, blur: 0.12, noise: 1.5,
                                                      whitePoint: 220, blackPoint: 60)
    /// A fax or G4 office scan: 200 dpi, thresholded to black and white as the synthetic fax pages are (`PageFormat.tiffG4`).
    public static let fax200Bilevel = ScannerPreset(name: "fax-200-bilevel", dpi: 200, blur: 0.2, noise: 2.0,
                                                    output: .bilevel(threshold: Bilevel.threshold))
    /// A phone picture: about 150 dpi on the paper, softer optics, more noise, auto levels, JPEG quality 60.
    public static let phone150JPEG = ScannerPreset(name: "phone-150-jpeg", dpi: 150, blur: 0.25, blurPasses: 2, noise: 3.0,
                                                   whitePoint: 215, blackPoint: 45, output: .jpeg(quality: 60))

    /// A clean 300 dpi rendering without blur, noise or levels (tests, figures).
    public static let clean300 = ScannerPreset(name: "clean-300", dpi: 300, blur: 0, noise: 0)

    /// The presets of the measurement, best first.
    public static let all: [ScannerPreset] = [.flatbed300Gray, .office200Levels, .fax200Bilevel, .phone150JPEG]

    /// The preset named `name`, if any (`clean-300` included).
    public static func named(_ name: String) -> ScannerPreset? { (all + [.clean300]).first { $0.name == name } }

    /// The scanner effects this preset applies to the canvas; nil when it applies none.
    var effects: ScanEffects? {
        guard blur > 0 || noise > 0 || whitePoint != 255 || blackPoint != 0 else { return nil }
        return ScanEffects(blur: blur, blurPasses: blurPasses, noise: noise, whitePoint: whitePoint, blackPoint: blackPoint)
    }
}
