import Imaging

/// Everything about one scanned crop that is not the pen path or the pen: resolution, placement, paper, the ink's
/// grain, the scanner. Drawn at random for the training crops; fixed per signature when the same signature is
/// rendered with several pens and scanners.
struct CropScene: Sendable {
    /// Scan resolution asked for (lowered for very large signatures, see `CropRenderer.maxSide`).
    var dpi: Double
    /// Rotation of the sheet on the scanner, radians.
    var rotation: Double
    /// Paper around the ink in millimetres: left, right, top, bottom.
    var margins: (left: Double, right: Double, top: Double, bottom: Double)
    /// Extra room for the pen, millimetres (the widest line drawn).
    var penRoom: Double
    /// Seed of the ink's paper-grain skips.
    var inkSeed: UInt64
    /// The paper.
    var paper: PaperStyle
    /// Seed of the paper's mottle and fibres.
    var paperSeed: UInt64
    /// Scanner blur, noise and levels; nil for the clean rendering.
    var scan: ScanEffects?
    /// Seed of the scanner's noise.
    var scanSeed: UInt64
}

/// Renders one trajectory as a scanned crop: dpi and scanner rotation, paper, ink, scanner blur and noise.
enum CropRenderer {
    /// Largest crop side in pixels (dpi is lowered for very large signatures).
    static let maxSide = 2400.0

    /// A crop with every scene parameter drawn from `rng` (the training crops' path).
    static func render(_ trajectory: PenTrajectory, ink: InkDeposition, colour: InkColour, options: CropOptions,
                       _ rng: inout SeededRandom) -> SignatureImage {
        let requested = options.dpi ?? [150.0, 200, 240, 300][rng.int(4)]
        let rotation = rng.normal(0, 0.02)
        let dpi = fittedDPI(trajectory, dpi: requested, rotation: rotation)
        func margin() -> Double { options.margin ?? rng.uniform(2, 8) }
        let left = margin(), right = margin(), top = margin(), bottom = margin()
        let inkSeed = rng.next()
        let paper = PaperStyle.random(&rng)
        let paperSeed = rng.next()
        let scan = options.scanEffects ? ScanEffects.random(&rng, dpi: dpi) : nil
        let scanSeed = options.scanEffects ? rng.next() : 0
        let scene = CropScene(dpi: dpi, rotation: rotation, margins: (left, right, top, bottom), penRoom: ink.penWidth,
                              inkSeed: inkSeed, paper: paper, paperSeed: paperSeed, scan: scan, scanSeed: scanSeed)
        let canvas = draw(trajectory, ink: ink, colour: colour, scene: scene)
        return SignatureImage(gray: canvas.canvas.gray(), rgb: options.keepColour ? canvas.canvas.colour() : nil,
                              width: canvas.canvas.width, height: canvas.canvas.height, dpi: canvas.dpi, inkBox: canvas.inkBox)
    }

    /// The resolution a crop is drawn at: `dpi`, lowered so that the crop's longest side stays within `maxSide`.
    static func fittedDPI(_ trajectory: PenTrajectory, dpi: Double, rotation: Double) -> Double {
        let b = bounds(trajectory, dpi: dpi, rotation: rotation)
        let largest = max(b.maxX - b.minX, b.maxY - b.minY) + dpi / 25.4 * 16
        return largest > maxSide ? dpi * maxSide / largest : dpi
    }

    /// Draws `trajectory` on the scene's paper with `ink` of `colour` and scans it; the scene's dpi is used as it
    /// is (see `fittedDPI`).
    static func draw(_ trajectory: PenTrajectory, ink: InkDeposition, colour: InkColour,
                     scene: CropScene) -> (canvas: PageCanvas, dpi: Double, inkBox: PixelBox) {
        let dpi = scene.dpi
        let toPixels = Affine.rotate(scene.rotation).after(.scale(dpi / 25.4, -dpi / 25.4))
        let b = bounds(trajectory, dpi: dpi, rotation: scene.rotation)
        let ppm = dpi / 25.4
        let pad = scene.penRoom * ppm + 2
        let left = scene.margins.left * ppm + pad, right = scene.margins.right * ppm + pad
        let top = scene.margins.top * ppm + pad, bottom = scene.margins.bottom * ppm + pad
        let width = max(8, Int((b.maxX - b.minX + left + right).rounded(.up)))
        let height = max(8, Int((b.maxY - b.minY + top + bottom).rounded(.up)))
        let map = Affine.translate(left - b.minX, top - b.minY).after(toPixels)

        let layer = CoverageLayer(width: width, height: height)
        let scratch = CoverageLayer(width: width, height: height)
        TrajectoryRenderer.render(trajectory, toPixels: map, ink: ink, into: layer, scratch: scratch, seed: scene.inkSeed)
        let box = layer.inkBox(threshold: 0.15)
        let canvas = PageCanvas(width: width, height: height, paper: scene.paper, seed: scene.paperSeed)
        canvas.composite(layer, colour: colour)
        if let scan = scene.scan { canvas.scan(scan, seed: scene.scanSeed) }
        return (canvas, dpi, box)
    }

    /// The trajectory's pixel-space bounds at `dpi` and `rotation`; a 10 x 10 box when there is nothing to draw.
    static func bounds(_ trajectory: PenTrajectory, dpi: Double,
                       rotation: Double) -> (minX: Double, minY: Double, maxX: Double, maxY: Double) {
        let toPixels = Affine.rotate(rotation).after(.scale(dpi / 25.4, -dpi / 25.4))
        let b = TrajectoryRenderer.bounds(trajectory, toPixels: toPixels)
        return b.minX.isFinite ? b : (0, 0, 10, 10)  // nothing to draw: a blank card
    }
}
