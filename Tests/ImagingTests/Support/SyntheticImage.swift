/// Seeded synthetic page content: not flat, with smooth shading, noise and dark strokes like ink on paper.
/// Samples are stored one value per sample (`UInt16` so that 16-bit content fits), row-major, interleaved.
struct SyntheticImage {
    let width: Int
    let height: Int
    let channels: Int
    /// Largest sample value (1, 3, 15, 255 or 65535).
    let maxValue: Int
    var values: [UInt16]

    func value(_ x: Int, _ y: Int, _ c: Int = 0) -> Int { Int(values[(y * width + x) * channels + c]) }

    /// A page of `channels` samples of `bits` each: shaded paper, noise, and strokes that run across samples.
    static func page(width: Int, height: Int, channels: Int, bits: Int, seed: UInt64) -> SyntheticImage {
        var rng = SeededRandom(seed: seed)
        let maxValue = (1 << bits) - 1
        var values = [UInt16](repeating: 0, count: width * height * channels)
        // Strokes: a few random line segments, darker than the paper.
        var ink = [Bool](repeating: false, count: width * height)
        for _ in 0..<max(3, (width + height) / 24) {
            var x = Double(rng.below(width)), y = Double(rng.below(height))
            let dx = Double(rng.below(201) - 100) / 100, dy = Double(rng.below(201) - 100) / 100
            for _ in 0..<(width + height) / 3 {
                let ix = Int(x), iy = Int(y)
                guard ix >= 0, ix < width, iy >= 0, iy < height else { break }
                ink[iy * width + ix] = true
                if ix + 1 < width { ink[iy * width + ix + 1] = true }
                x += dx; y += dy
            }
        }
        for y in 0..<height {
            for x in 0..<width {
                for c in 0..<channels {
                    let shade = Double((x * (c + 1) + y * (3 - c % 3)) % 97) / 97
                    let noise = Double(rng.below(1000)) / 1000
                    var level = 0.55 + 0.3 * shade + 0.15 * noise
                    if ink[y * width + x] { level *= 0.2 }
                    if bits == 1 { level = ink[y * width + x] || noise < 0.03 ? 0 : 1 }
                    values[(y * width + x) * channels + c] = UInt16(min(Double(maxValue), (level * Double(maxValue)).rounded()))
                }
            }
        }
        return SyntheticImage(width: width, height: height, channels: channels, maxValue: maxValue, values: values)
    }

    /// Packs the samples as TIFF and PNG store them: rows padded to a byte, sub-byte samples MSB first, 8-bit as
    /// bytes, 16-bit in native (`bigEndian: false`, for TIFFWriter) or big-endian (PNG) order.
    func packed(bits: Int, bigEndian16: Bool = false) -> (bytes: [UInt8], rowBytes: Int) {
        let rowBytes = (width * channels * bits + 7) / 8
        var out = [UInt8](repeating: 0, count: rowBytes * height)
        for y in 0..<height {
            for i in 0..<width * channels {
                let v = Int(values[y * width * channels + i])
                switch bits {
                case 16:
                    let hi = UInt8(v >> 8), lo = UInt8(v & 0xFF)
                    out[y * rowBytes + 2 * i] = bigEndian16 ? hi : lo
                    out[y * rowBytes + 2 * i + 1] = bigEndian16 ? lo : hi
                case 8:
                    out[y * rowBytes + i] = UInt8(v)
                default:
                    let bit = i * bits
                    out[y * rowBytes + bit / 8] |= UInt8(v << (8 - bits - bit % 8))
                }
            }
        }
        return (out, rowBytes)
    }

    /// Sample `(x, y, c)` scaled to 8 bits with rounding, as an independent reference for the decoders.
    func eightBit(_ x: Int, _ y: Int, _ c: Int = 0) -> Int {
        Int((Double(value(x, y, c)) * 255 / Double(maxValue)).rounded())
    }
}

/// Reference conversions written from the definitions, not from the decoder's code.
enum Reference {
    /// BT.601 luma of 8-bit RGB.
    static func luma(_ r: Int, _ g: Int, _ b: Int) -> Int {
        Int((0.299 * Double(r) + 0.587 * Double(g) + 0.114 * Double(b)).rounded())
    }

    /// An 8-bit sample with unassociated alpha composited over white.
    static func overWhite(_ v: Int, alpha a: Int) -> Int {
        Int(((Double(v) * Double(a) + 255 * Double(255 - a)) / 255).rounded())
    }
}
