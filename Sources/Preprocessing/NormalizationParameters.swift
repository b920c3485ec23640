/// How ink intensity is treated before resizing.
public enum ContrastNormalization: String, Sendable, Equatable, Codable, CaseIterable {
    /// As sigver: the ink keeps its own grey levels.
    case none
    /// Ink grey levels stretched so the darkest 5% of ink reach black and the threshold stays where it was:
    /// faint ballpoint and dense felt pen end at the same darkness.
    case stretch
    /// Every ink pixel black: the pen's intensity is removed entirely (what a bilevel fax already did).
    case binary
}

/// How stroke width is treated before resizing.
public enum StrokeWidthNormalization: Sendable, Equatable, Codable {
    /// As sigver: strokes keep the pen's width.
    case none
    /// The ink mask thinned to a one-pixel skeleton and redrawn with a round pen of this width (inches):
    /// fine ballpoint and felt pen end with the same strokes.
    case redraw(widthInches: Double)
}

/// Where the ink goes in the encoder's input.
public enum InkPlacement: Sendable, Equatable, Codable {
    /// As sigver: on a fixed physical canvas (`canvasHeight` x `canvasWidth` at `referenceDPI`), centre of mass at
    /// its centre, then resized and centre-cropped; a signature keeps its physical size (a 33 mm signature at 300 dpi
    /// covers about 80 of the 220 columns, at 2.4 pixels per millimetre).
    case canvas
    /// The ink's bounding box scaled, keeping its aspect, to fill the output less `margin` pixels on every side, and
    /// centred: the signature's absolute size is given up for resolution (the same 33 mm signature covers 200
    /// columns, 6 pixels per millimetre, and its line quality survives).
    case fit(margin: Int)
    /// The line at the scan's own scale: the ink's bounding box cut into `rows` x `columns` cells and, for each, a
    /// window of the input's size / (rows, columns) at `referenceDPI` (50 x 55 pixels, 4.2 x 4.7 mm, for 3 x 4 on
    /// 150 x 220) centred on the cell's ink, the windows laid side by side in the cells' order. Shape at the scale
    /// of the whole signature is given up for the width, evenness and ends of the strokes as scanned.
    case tiles(rows: Int, columns: Int)
}

/// Every constant of signature normalisation, in one versioned value. `identifier` goes into store keys and
/// reports: two crops normalised under different identifiers are never compared.
///
/// The recipe follows Hafemann's sigver (`preprocess/normalize.py`): Otsu threshold t; a Gaussian-blurred copy
/// (σ = 2 px at 300 dpi) gives the ink mask (blurred ≤ t), its bounding box and centre of mass; the crop is pasted
/// on a white canvas (840 x 1360 at 300 dpi) with its centre of mass at the centre (clipped as sigver clips when it
/// does not fit); pixels above t become white; the image is inverted (ink high), resized keeping its aspect to cover
/// 170 x 242 (area averaging), centre-cropped to 150 x 220 and divided by 255.
/// Differences from sigver, on purpose: the canvas and σ scale with the page's resolution so a 150 dpi scan is
/// normalised at the same physical scale as a 300 dpi one; the bounding box includes its last row and column.
public struct NormalizationParameters: Sendable, Equatable, Codable {
    /// The recipe's version; bump on any change that alters output pixels.
    public var version: String
    /// Gaussian σ in pixels at the reference resolution.
    public var blurSigma: Double
    /// Resolution the canvas size and σ are given at.
    public var referenceDPI: Double
    /// Canvas height and width at the reference resolution.
    public var canvasHeight: Int, canvasWidth: Int
    /// Size the canvas is resized to cover, keeping its aspect.
    public var resizeHeight: Int, resizeWidth: Int
    /// The encoder's input size (centre crop of the resized canvas).
    public var outputHeight: Int, outputWidth: Int
    /// Ink intensity treatment.
    public var contrast: ContrastNormalization
    /// Stroke width treatment.
    public var strokeWidth: StrokeWidthNormalization
    /// Where the ink goes (sigver's canvas, or fitted to the output).
    public var placement: InkPlacement = .canvas

    /// The sigver recipe, version "sigver-1", without contrast or stroke-width normalisation.
    public static let sigver = NormalizationParameters(
        version: "sigver-1", blurSigma: 2, referenceDPI: 300, canvasHeight: 840, canvasWidth: 1360,
        resizeHeight: 170, resizeWidth: 242, outputHeight: 150, outputWidth: 220, contrast: .none, strokeWidth: .none)

    /// The same recipe with contrast and stroke width normalised: ink black, strokes redrawn 0.024 inch (0.61 mm)
    /// wide, the width of an ordinary ballpoint or gel pen. Measured by `sigforensics bench pens` (README): 0.01 inch
    /// left a line too thin to survive the resize (pen movement 1.58x the writer's own variation through the
    /// shipped model); 0.4–0.9 mm all gave about 1.13x.
    public static let penIndependent: NormalizationParameters = {
        var p = NormalizationParameters.sigver
        p.contrast = .binary
        p.strokeWidth = .redraw(widthInches: 0.024)
        return p
    }()

    /// The string that identifies this exact recipe in store keys and reports, e.g. "sigver-1" or
    /// "sigver-1+contrast=binary+stroke=0.0240in".
    public var identifier: String {
        var s = version
        if self.withoutPenOptions != NormalizationParameters.sigver.withVersion(version) {
            s += "+canvas=\(canvasHeight)x\(canvasWidth)@\(Int(referenceDPI))+sigma=\(blurSigma)"
                + "+resize=\(resizeHeight)x\(resizeWidth)+out=\(outputHeight)x\(outputWidth)"
        }
        switch placement {
        case .canvas: break
        case .fit(let margin): s += "+fit=\(margin)px"
        case .tiles(let rows, let columns): s += "+tiles=\(rows)x\(columns)"
        }
        if contrast != .none { s += "+contrast=\(contrast.rawValue)" }
        if case .redraw(let w) = strokeWidth {
            let tenThousandths = Int((w * 10_000).rounded())
            s += "+stroke=0.\(String(repeating: "0", count: max(0, 4 - String(tenThousandths).count)))\(tenThousandths)in"
        }
        return s
    }

    private var withoutPenOptions: NormalizationParameters {
        var p = self
        p.contrast = .none
        p.strokeWidth = .none
        p.placement = .canvas
        return p
    }

    private func withVersion(_ v: String) -> NormalizationParameters {
        var p = self
        p.version = v
        return p
    }
}
