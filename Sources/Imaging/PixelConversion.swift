/// Sample conversions shared by the decoders. Hot loops run on unsafe pointers (array subscripts block
/// vectorisation) and use integer arithmetic so that every decoder gives the same grey for the same colour.
enum PixelConversion {
    /// Luma of an RGB triple, BT.601 weights in 16-bit fixed point (the same formula libjpeg uses).
    @inline(__always)
    static func luma(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> UInt8 {
        UInt8(truncatingIfNeeded: (19595 &* Int(r) &+ 38470 &* Int(g) &+ 7471 &* Int(b) &+ 32768) >> 16)
    }

    /// A 16-bit sample scaled to 8 bits with rounding (the same formula as libpng's png_set_scale_16).
    @inline(__always)
    static func scale16(_ v: UInt16) -> UInt8 {
        UInt8(truncatingIfNeeded: (Int(v) &* 255 &+ 32895) >> 16)
    }

    /// Writes the luma of `count` interleaved pixels of `channels` (≥ 3, RGB first) into `gray`.
    static func lumaPlane(_ rgb: UnsafePointer<UInt8>, channels: Int, count: Int, into gray: UnsafeMutablePointer<UInt8>) {
        var s = rgb
        for i in 0..<count {
            gray[i] = luma(s[0], s[1], s[2])
            s += channels
        }
    }

    /// Replaces each of `count` samples by 255 minus itself (min-is-white to min-is-black), in place.
    static func invert(_ samples: UnsafeMutablePointer<UInt8>, count: Int) {
        for i in 0..<count { samples[i] = ~samples[i] }
    }

    /// Composites a sample over white paper with an alpha value (unassociated alpha).
    @inline(__always)
    static func overWhite(_ v: UInt8, alpha a: UInt8) -> UInt8 {
        UInt8(truncatingIfNeeded: (Int(v) &* Int(a) &+ 255 &* (255 &- Int(a)) &+ 127) / 255)
    }

    /// Composites an associated (premultiplied) sample over white paper.
    @inline(__always)
    static func premultipliedOverWhite(_ v: UInt8, alpha a: UInt8) -> UInt8 {
        UInt8(truncatingIfNeeded: min(255, Int(v) &+ 255 &- Int(a)))
    }

    /// RGB of a CMYK pixel; `inverted` for Adobe's convention, where 0 means full ink.
    @inline(__always)
    static func rgbFromCMYK(_ c: UInt8, _ m: UInt8, _ y: UInt8, _ k: UInt8, inverted: Bool) -> (UInt8, UInt8, UInt8) {
        let (c, m, y, k) = inverted ? (Int(c), Int(m), Int(y), Int(k)) : (255 - Int(c), 255 - Int(m), 255 - Int(y), 255 - Int(k))
        return (UInt8((c * k + 127) / 255), UInt8((m * k + 127) / 255), UInt8((y * k + 127) / 255))
    }

    /// 256 entries of 8 grey bytes each: the expansion of one byte of 1-bit samples (MSB first) where a set bit is
    /// `one` and a clear bit `zero`. Allocated once and never freed, so that hot loops hold a plain pointer.
    static func bitExpansionTable(one: UInt8, zero: UInt8) -> UnsafePointer<UInt64> {
        let table = UnsafeMutablePointer<UInt64>.allocate(capacity: 256)
        for byte in 0..<256 {
            var word: UInt64 = 0
            for bit in 0..<8 {
                let set = (byte >> (7 - bit)) & 1 == 1
                word |= UInt64(set ? one : zero) << (8 * UInt64(bit))
            }
            table[byte] = word
        }
        return UnsafePointer(table)
    }

    // `nonisolated(unsafe)`: written once by the lazy global initialiser, read-only afterwards.
    nonisolated(unsafe) static let minIsBlackBits = bitExpansionTable(one: 255, zero: 0)
    nonisolated(unsafe) static let minIsWhiteBits = bitExpansionTable(one: 0, zero: 255)

    /// Expands `width` 1-bit samples starting at `src` into `dst` through a table from `bitExpansionTable`.
    @inline(__always)
    static func expandBits(_ src: UnsafePointer<UInt8>, width: Int, table: UnsafePointer<UInt64>,
                           into dst: UnsafeMutablePointer<UInt8>) {
        let whole = width >> 3
        let raw = UnsafeMutableRawPointer(dst)
        var i = 0
        while i + 4 <= whole {
            let a = table[Int(src[i])], b = table[Int(src[i + 1])], c = table[Int(src[i + 2])], d = table[Int(src[i + 3])]
            raw.storeBytes(of: a, toByteOffset: i << 3, as: UInt64.self)
            raw.storeBytes(of: b, toByteOffset: (i + 1) << 3, as: UInt64.self)
            raw.storeBytes(of: c, toByteOffset: (i + 2) << 3, as: UInt64.self)
            raw.storeBytes(of: d, toByteOffset: (i + 3) << 3, as: UInt64.self)
            i += 4
        }
        while i < whole {
            raw.storeBytes(of: table[Int(src[i])], toByteOffset: i << 3, as: UInt64.self)
            i += 1
        }
        let rest = width & 7
        if rest > 0 {
            let word = table[Int(src[whole])]
            for bit in 0..<rest { dst[(whole << 3) + bit] = UInt8(truncatingIfNeeded: word >> (8 * UInt64(bit))) }
        }
    }

    /// Expands `rows` rows of 1-bit samples (`rowBytes` apart) into consecutive rows of `width` grey bytes.
    static func expandBitRows(_ src: UnsafePointer<UInt8>, rows: Int, rowBytes: Int, width: Int, minIsWhite: Bool,
                              into dst: UnsafeMutablePointer<UInt8>) {
        let table = minIsWhite ? minIsWhiteBits : minIsBlackBits
        for row in 0..<rows { expandBits(src + row * rowBytes, width: width, table: table, into: dst + row * width) }
    }

    /// Expands `width` samples of `bits` (2 or 4) per sample, MSB first, into 8-bit values (v * 255 / max).
    @inline(__always)
    static func expandLowBits(_ src: UnsafePointer<UInt8>, width: Int, bits: Int, into dst: UnsafeMutablePointer<UInt8>) {
        let maxValue = (1 << bits) - 1
        let perByte = 8 / bits
        for x in 0..<width {
            let byte = Int(src[x / perByte])
            let shift = 8 - bits * (x % perByte + 1)
            dst[x] = UInt8(((byte >> shift) & maxValue) * 255 / maxValue)
        }
    }

    /// Extracts `width` raw sample indices of `bits` (1, 2, 4, 8, 16) per sample into `dst` (palette lookups).
    @inline(__always)
    static func sampleIndices(_ src: UnsafeRawPointer, width: Int, bits: Int, into dst: UnsafeMutablePointer<Int>) {
        switch bits {
        case 8:
            let p = src.assumingMemoryBound(to: UInt8.self)
            for x in 0..<width { dst[x] = Int(p[x]) }
        case 16:
            for x in 0..<width { dst[x] = Int(src.loadUnaligned(fromByteOffset: 2 * x, as: UInt16.self)) }
        default:
            let p = src.assumingMemoryBound(to: UInt8.self)
            let perByte = 8 / bits, mask = (1 << bits) - 1
            for x in 0..<width { dst[x] = (Int(p[x / perByte]) >> (8 - bits * (x % perByte + 1))) & mask }
        }
    }
}

/// The eight EXIF/TIFF orientations and the transform that brings stored pixels upright.
enum Orientation {
    /// Returns the upright plane of `channels` interleaved samples and its size, for a stored plane of
    /// `width` x `height` with orientation `value` (1–8; anything else is treated as 1).
    static func apply(_ value: Int, to plane: [UInt8], width: Int, height: Int, channels: Int) -> (plane: [UInt8], width: Int, height: Int) {
        guard (2...8).contains(value), !plane.isEmpty else { return (plane, width, height) }
        let transposed = value >= 5
        let outW = transposed ? height : width, outH = transposed ? width : height
        // The stored column c and row r that land at upright (x, y) are affine in x and y:
        // c = c0 + x * cx + y * cy, r = r0 + x * rx + y * ry.
        let (c0, cx, cy, r0, rx, ry): (Int, Int, Int, Int, Int, Int)
        switch value {
        case 2: (c0, cx, cy, r0, rx, ry) = (width - 1, -1, 0, 0, 0, 1)
        case 3: (c0, cx, cy, r0, rx, ry) = (width - 1, -1, 0, height - 1, 0, -1)
        case 4: (c0, cx, cy, r0, rx, ry) = (0, 1, 0, height - 1, 0, -1)
        case 5: (c0, cx, cy, r0, rx, ry) = (0, 0, 1, 0, 1, 0)
        case 6: (c0, cx, cy, r0, rx, ry) = (0, 0, 1, height - 1, -1, 0)
        case 7: (c0, cx, cy, r0, rx, ry) = (width - 1, 0, -1, height - 1, -1, 0)
        default: (c0, cx, cy, r0, rx, ry) = (width - 1, 0, -1, 0, 1, 0)  // 8
        }
        let base = (r0 * width + c0) * channels
        let step = (rx * width + cx) * channels      // along an upright row
        let rowStep = (ry * width + cy) * channels   // from one upright row to the next
        let out = [UInt8](unsafeUninitializedCapacity: plane.count) { dst, initialized in
            plane.withUnsafeBufferPointer { srcBuffer in
                let src = srcBuffer.baseAddress!, out = dst.baseAddress!
                for y in 0..<outH {
                    var s = base + y * rowStep
                    let row = out + y * outW * channels
                    if channels == 1 {
                        for x in 0..<outW { row[x] = src[s]; s += step }
                    } else {
                        for x in 0..<outW {
                            for k in 0..<channels { row[x * channels + k] = src[s + k] }
                            s += step
                        }
                    }
                }
            }
            initialized = plane.count
        }
        return (out, outW, outH)
    }
}
