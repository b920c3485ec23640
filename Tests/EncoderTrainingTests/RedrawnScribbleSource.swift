import EncoderTraining

/// A rendering-variable source for the trainer's tests: the fixture's scribble writers, whose rendering `r` draws
/// the same scribble with ink `r`'s grey level and a line `r + 1` pixels thicker. Genuine samples first, then forged.
struct RedrawnScribbleSource: RenderingVariableSource {
    var writers: Int, genuine: Int, forged: Int
    var perWriter: Int { genuine + forged }

    var summary: String { "redrawn scribbles (\(writers) writers)" }

    var identities: [SignatureIdentity] {
        (0..<writers).map { w in
            SignatureIdentity(id: "scribble/w\(w)", person: "scribble/w\(w)",
                              genuine: Array((w * perWriter)..<(w * perWriter + genuine)),
                              forged: Array((w * perWriter + genuine)..<((w + 1) * perWriter)))
        }
    }

    func crop(_ sample: Int) throws -> GrayCrop {
        let k = sample % perWriter
        return DatasetFixture.scribble(writer: sample / perWriter, sample: k, forged: k >= genuine)
    }

    let renderings = 3

    func renderingName(_ r: Int) -> String { "ink\(r)" }

    func crop(_ sample: Int, rendering r: Int) throws -> GrayCrop {
        var c = try crop(sample)
        let ink = UInt8(20 + 60 * r)
        var out = [UInt8](repeating: 250, count: c.pixels.count)
        for y in 0..<c.height {
            for x in 0..<c.width where c.pixels[y * c.width + x] < 200 {
                for yy in max(0, y - r)...min(c.height - 1, y + r) {
                    for xx in max(0, x - r)...min(c.width - 1, x + r) { out[yy * c.width + xx] = ink }
                }
            }
        }
        c.pixels = out
        return c
    }
}
