/// Which ink colours may belong to a signature; chromatic ink of any other colour is treated as stamp ink.
public enum SignatureInk: Sendable, Equatable, Codable {
    /// Black, grey and blue ink (hues 190°–265°) are signature ink; red, violet, green stamps are removed.
    case neutralOrBlue
    /// Keep every colour (no stamp removal).
    case any
    /// Neutral ink plus chromatic ink whose hue lies within `tolerance` degrees of `hue`.
    case hue(Double, tolerance: Double)

    func accepts(hue: Double) -> Bool {
        switch self {
        case .neutralOrBlue: return hue >= 190 && hue <= 265
        case .any: return true
        case .hue(let centre, let tolerance):
            let d = abs(hue - centre).truncatingRemainder(dividingBy: 360)
            return min(d, 360 - d) <= tolerance
        }
    }
}

/// What colour cleaning did.
public struct StampRemoval: Sendable, Equatable, Codable {
    /// Ink pixels removed as stamp ink.
    public var removedPixels: Int
    /// Mean hue (degrees) of the removed ink, when any was removed.
    public var meanHue: Double?
}

/// Removes ink of another colour than the signature's where the page has colour.
///
/// An ink pixel is chromatic when its colour's chroma (max − min of R, G, B) is at least `minChroma` and at least a
/// quarter of its brightest channel. Stamp ink is removed only when the page also holds signature-coloured ink
/// (neutral or accepted hue) in at least `minKeptShare` of its ink, so a page whose only ink is red keeps it.
public struct StampInkRemover: Sendable {
    /// Which colours are signature ink.
    public var signatureInk: SignatureInk
    /// Smallest chroma for a pixel to count as coloured.
    public var minChroma = 48
    /// Share of ink that must remain for removal to happen.
    public var minKeptShare = 0.02

    /// A remover that keeps `signatureInk`.
    public init(signatureInk: SignatureInk = .neutralOrBlue) {
        self.signatureInk = signatureInk
    }

    /// Clears stamp-coloured ink from `mask`, reading colour from interleaved `rgb`.
    public func remove(from mask: inout InkMask, rgb: [UInt8]) -> StampRemoval {
        guard signatureInk != .any, rgb.count == mask.width * mask.height * 3 else { return StampRemoval(removedPixels: 0, meanHue: nil) }
        let n = mask.width * mask.height
        // Hue in 360 one-degree bins; 360 = neutral. One table lookup per ink pixel afterwards.
        var accept = [Bool](repeating: true, count: 361)
        for h in 0..<360 { accept[h] = signatureInk.accepts(hue: Double(h)) }
        var stampIndices: [Int] = []
        var kept = 0, hueSum = 0.0
        let minChroma = self.minChroma
        mask.bits.withUnsafeBufferPointer { mb in
            rgb.withUnsafeBufferPointer { cb in
                let m = mb.baseAddress!, c = cb.baseAddress!
                var i = 0
                while i < n {
                    if i + 8 <= n && UnsafeRawPointer(m + i).loadUnaligned(as: UInt64.self) == 0 { i += 8; continue }
                    if m[i] != 0 {
                        let hue = Self.hue(c[3 * i], c[3 * i + 1], c[3 * i + 2], minChroma: minChroma)
                        if accept[hue] { kept += 1 } else { stampIndices.append(i); hueSum += Double(hue) }
                    }
                    i += 1
                }
            }
        }
        let total = kept + stampIndices.count
        guard !stampIndices.isEmpty, Double(kept) >= minKeptShare * Double(total) else {
            return StampRemoval(removedPixels: 0, meanHue: nil)
        }
        mask.bits.withUnsafeMutableBufferPointer { mb in
            for i in stampIndices { mb[i] = 0 }
        }
        return StampRemoval(removedPixels: stampIndices.count, meanHue: hueSum / Double(stampIndices.count))
    }

    /// Hue in whole degrees 0–359, or 360 for a neutral (not coloured enough) pixel.
    static func hue(_ r: UInt8, _ g: UInt8, _ b: UInt8, minChroma: Int) -> Int {
        let ri = Int(r), gi = Int(g), bi = Int(b)
        let mx = max(ri, gi, bi), mn = min(ri, gi, bi), chroma = mx - mn
        guard chroma >= minChroma, chroma * 4 >= mx else { return 360 }
        let c = Double(chroma)
        var h: Double
        if mx == ri { h = Double(gi - bi) / c } else if mx == gi { h = Double(bi - ri) / c + 2 } else { h = Double(ri - gi) / c + 4 }
        h *= 60
        if h < 0 { h += 360 }
        return min(359, Int(h))
    }
}
