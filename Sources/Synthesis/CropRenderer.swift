/// Renders one trajectory as a scanned crop: dpi and scanner rotation, paper, ink, scanner blur and noise.
enum CropRenderer {
    /// Largest crop side in pixels (dpi is lowered for very large signatures).
    static let maxSide = 2400.0

    static func render(_ trajectory: PenTrajectory, ink: InkDeposition, colour: InkColour, options: CropOptions,
                       _ rng: inout SeededRandom) -> SignatureImage {
        var dpi = options.dpi ?? [150.0, 200, 240, 300][rng.int(4)]
        let rotation = rng.normal(0, 0.02)
        var toPixels = Affine.rotate(rotation).after(.scale(dpi / 25.4, -dpi / 25.4))
        var b = TrajectoryRenderer.bounds(trajectory, toPixels: toPixels)
        if !b.minX.isFinite {  // nothing to draw: a blank card
            b = (0, 0, 10, 10)
        }
        let largest = max(b.maxX - b.minX, b.maxY - b.minY) + dpi / 25.4 * 16
        if largest > maxSide {
            let factor = maxSide / largest
            dpi *= factor
            toPixels = Affine.rotate(rotation).after(.scale(dpi / 25.4, -dpi / 25.4))
            b = TrajectoryRenderer.bounds(trajectory, toPixels: toPixels)
        }
        let ppm = dpi / 25.4
        let pad = ink.penWidth * ppm + 2
        func margin() -> Double { (options.margin ?? rng.uniform(2, 8)) * ppm + pad }
        let left = margin(), right = margin(), top = margin(), bottom = margin()
        let width = max(8, Int((b.maxX - b.minX + left + right).rounded(.up)))
        let height = max(8, Int((b.maxY - b.minY + top + bottom).rounded(.up)))
        let map = Affine.translate(left - b.minX, top - b.minY).after(toPixels)

        let layer = CoverageLayer(width: width, height: height)
        let scratch = CoverageLayer(width: width, height: height)
        let inkSeed = rng.next()
        TrajectoryRenderer.render(trajectory, toPixels: map, ink: ink, into: layer, scratch: scratch, seed: inkSeed)
        let box = layer.inkBox(threshold: 0.15)
        let canvas = PageCanvas(width: width, height: height, paper: PaperStyle.random(&rng), seed: rng.next())
        canvas.composite(layer, colour: colour)
        if options.scanEffects { canvas.scan(ScanEffects.random(&rng, dpi: dpi), seed: rng.next()) }
        return SignatureImage(gray: canvas.gray(), rgb: options.keepColour ? canvas.colour() : nil,
                              width: width, height: height, dpi: dpi, inkBox: box)
    }
}
