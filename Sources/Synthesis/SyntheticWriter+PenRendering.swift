import Imaging

extension SyntheticWriter {
    /// Genuine signature `k` — the same pen path as `genuine(k)` — drawn with `pen` and scanned by `scanner`.
    ///
    /// The paper, the placement on it, the sheet's rotation and the ink's grain belong to the signature, not to the
    /// pen or the scanner: two renderings of one signature differ only by what the pen and the scanner do, and
    /// two renderings at the same resolution have the same size and put every sample of the path on the same
    /// pixel. A pure function of (seed, writer, k, pen, scanner).
    public func genuine(_ k: Int, pen: PenPreset, scanner: ScannerPreset) throws(SynthesisError) -> SignatureImage {
        var rng = SeededRandom(seed: seed, 9, UInt64(index), UInt64(k))
        return try PresetRenderer.render(genuineTrajectory(k), pen: pen, scanner: scanner, &rng)
    }

    /// Skilled forgery `k` — the same forger's path as `forgery(k)` — drawn with `pen` and scanned by `scanner`
    /// (the forger's skill drawn as `forgery(k)` draws it). A pure function of (seed, writer, k, pen, scanner).
    public func forgery(_ k: Int, pen: PenPreset, scanner: ScannerPreset) throws(SynthesisError) -> SignatureImage {
        var rng = SeededRandom(seed: seed, 10, UInt64(index), UInt64(k))
        return try PresetRenderer.render(forgerySample(k, skill: nil).trajectory, pen: pen, scanner: scanner, &rng)
    }

    /// Skilled forgery `k` with the skill drawn from `skillRange` — the same forger's path as
    /// `forgery(k, skillRange:)` — drawn with `pen` and scanned by `scanner`.
    public func forgery(_ k: Int, skillRange: ClosedRange<Double>, pen: PenPreset,
                        scanner: ScannerPreset) throws(SynthesisError) -> SignatureImage {
        let skill = forgerSkill(k, skillRange: skillRange)
        var rng = SeededRandom(seed: seed, 10, UInt64(index), UInt64(k))
        return try PresetRenderer.render(forgerySample(k, skill: skill).trajectory, pen: pen, scanner: scanner, &rng)
    }

    /// A pen and a scanner preset drawn for one sample (`forged` or genuine number `k`), independently of every
    /// other sample: `synth dataset --random-pens`. The faint grey ballpoint through a bilevel scanner is drawn
    /// again: the threshold erases most of its line, leaving no signature to examine.
    public func randomPresets(forged: Bool, _ k: Int) -> (pen: PenPreset, scanner: ScannerPreset) {
        var rng = SeededRandom(seed: seed, 11, UInt64(index), forged ? 1 : 0, UInt64(k))
        while true {
            let pen = rng.pick(PenPreset.all), scanner = rng.pick(ScannerPreset.all)
            if case .bilevel = scanner.output, pen == .faintGreyBallpoint { continue }
            return (pen, scanner)
        }
    }
}

/// Renders a trajectory with a pen preset through a scanner preset; the scene is drawn from `rng` independently of
/// both presets.
enum PresetRenderer {
    static func render(_ trajectory: PenTrajectory, pen: PenPreset, scanner: ScannerPreset,
                       _ rng: inout SeededRandom) throws(SynthesisError) -> SignatureImage {
        guard pen.width > 0, pen.width <= PenPreset.widestTip else {
            throw SynthesisError(.invalidRequest, path: "", message: "pen \(pen.name): tip width \(pen.width) mm is outside 0…\(PenPreset.widestTip) mm")
        }
        guard (50...1200).contains(scanner.dpi) else {
            throw SynthesisError(.invalidRequest, path: "", message: "scanner \(scanner.name): \(scanner.dpi) dpi is outside 50…1200")
        }
        let rotation = rng.normal(0, 0.02)
        let margins = (rng.uniform(2, 8), rng.uniform(2, 8), rng.uniform(2, 8), rng.uniform(2, 8))
        let inkSeed = rng.next(), paper = PaperStyle.random(&rng), paperSeed = rng.next(), scanSeed = rng.next()
        let scene = CropScene(dpi: CropRenderer.fittedDPI(trajectory, dpi: scanner.dpi, rotation: rotation), rotation: rotation,
                              margins: margins, penRoom: PenPreset.widestTip, inkSeed: inkSeed, paper: paper,
                              paperSeed: paperSeed, scan: scanner.effects, scanSeed: scanSeed)
        let drawn = CropRenderer.draw(trajectory, ink: InkDeposition(pen: pen.kind, penWidth: pen.width),
                                      colour: pen.colour, scene: scene)
        let width = drawn.canvas.width, height = drawn.canvas.height
        var gray = drawn.canvas.gray()
        switch scanner.output {
        case .gray:
            break
        case .bilevel(let threshold):
            for i in gray.indices { gray[i] = gray[i] < threshold ? 0 : 255 }
        case .jpeg(let quality):
            gray = try jpegRoundTrip(gray, width: width, height: height, quality: quality, dpi: drawn.dpi)
        }
        return SignatureImage(gray: gray, rgb: nil, width: width, height: height, dpi: drawn.dpi, inkBox: drawn.inkBox)
    }

    /// Encodes grey samples as JPEG with libjpeg and decodes them again.
    static func jpegRoundTrip(_ gray: [UInt8], width: Int, height: Int, quality: Int,
                              dpi: Double) throws(SynthesisError) -> [UInt8] {
        var options = JPEGEncoder.Options()
        options.quality = quality
        options.dpi = Int(dpi.rounded())
        do {
            let bytes = try JPEGEncoder.encode(gray, width: width, height: height, components: 1, options: options)
            let page = try ImageDecoder().open(FileBytes(bytes, name: "scanner-preset.jpg")).page(0)
            guard page.width == width, page.height == height else {
                throw SynthesisError(.encoding, path: "", message: "the JPEG came back \(page.width)x\(page.height), not \(width)x\(height)")
            }
            return page.gray
        } catch let error as SynthesisError {
            throw error
        } catch {
            throw SynthesisError(.encoding, path: "", message: "JPEG round trip at quality \(quality): \(error)")
        }
    }
}
