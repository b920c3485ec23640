/// The few EXIF facts the pipeline needs (orientation and resolution), read from the TIFF structure inside an
/// APP1 "Exif" segment with every offset bounds-checked: EXIF blocks from phones are often damaged.
struct EXIFReader {
    /// Orientation 1–8, when present and valid.
    var orientation: Int?
    /// Resolution in dots per inch, when present.
    var dpiX: Double?
    var dpiY: Double?

    init(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count >= 8 else { return }
        let little: Bool
        switch (bytes[0], bytes[1]) {
        case (0x49, 0x49): little = true
        case (0x4D, 0x4D): little = false
        default: return
        }
        func u16(_ at: Int) -> Int? {
            guard at >= 0, at + 2 <= bytes.count else { return nil }
            let a = Int(bytes[at]), b = Int(bytes[at + 1])
            return little ? a | b << 8 : a << 8 | b
        }
        func u32(_ at: Int) -> Int? {
            guard let lo = u16(little ? at : at + 2), let hi = u16(little ? at + 2 : at) else { return nil }
            return lo | hi << 16
        }
        guard u16(2) == 42, let ifd = u32(4), let count = u16(ifd), count < 1000 else { return }
        var xRes: Double?, yRes: Double?, unit = 2
        func rational(_ entry: Int) -> Double? {
            guard let offset = u32(entry + 8), let num = u32(offset), let den = u32(offset + 4), den != 0 else { return nil }
            return Double(num) / Double(den)
        }
        for i in 0..<count {
            let entry = ifd + 2 + 12 * i
            guard let tag = u16(entry), let type = u16(entry + 2) else { return }
            switch (tag, type) {
            case (0x0112, 3):
                if let v = u16(entry + 8), (1...8).contains(v) { orientation = v }
            case (0x011A, 5): xRes = rational(entry)
            case (0x011B, 5): yRes = rational(entry)
            case (0x0128, 3): unit = u16(entry + 8) ?? 2
            default: break
            }
        }
        let scale: Double? = unit == 2 ? 1 : unit == 3 ? 2.54 : nil
        if let scale, let xRes, xRes > 0 { dpiX = xRes * scale }
        if let scale, let yRes, yRes > 0 { dpiY = yRes * scale }
    }
}
