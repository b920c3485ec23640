@testable import Imaging

/// Helpers for JPEG fixtures: an EXIF block written from the EXIF 2.3 layout, and marker surgery on JPEG bytes.
enum JPEGFixtures {
    /// An APP1 payload "Exif\0\0" + a little- or big-endian TIFF structure with Orientation and, when given,
    /// XResolution/YResolution/ResolutionUnit (2 = inch).
    static func exif(orientation: Int?, dpi: (x: Int, y: Int)? = nil, bigEndian: Bool = false) -> [UInt8] {
        var tiff: [UInt8] = bigEndian ? [0x4D, 0x4D, 0, 42] : [0x49, 0x49, 42, 0]
        func u16(_ v: Int) -> [UInt8] { bigEndian ? [UInt8(v >> 8), UInt8(v & 0xFF)] : [UInt8(v & 0xFF), UInt8(v >> 8)] }
        func u32(_ v: Int) -> [UInt8] { bigEndian ? u16(v >> 16) + u16(v & 0xFFFF) : u16(v & 0xFFFF) + u16(v >> 16) }
        tiff += u32(8)
        var entries: [(tag: Int, type: Int, value: [UInt8])] = []
        let count = (orientation == nil ? 0 : 1) + (dpi == nil ? 0 : 3)
        let dataOffset = 8 + 2 + 12 * count + 4
        if let orientation { entries.append((0x0112, 3, u16(orientation) + [0, 0])) }
        var data: [UInt8] = []
        if let dpi {
            entries.append((0x011A, 5, u32(dataOffset)))
            entries.append((0x011B, 5, u32(dataOffset + 8)))
            entries.append((0x0128, 3, u16(2) + [0, 0]))
            data = u32(dpi.x) + u32(1) + u32(dpi.y) + u32(1)
        }
        tiff += u16(entries.count)
        for e in entries { tiff += u16(e.tag) + u16(e.type) + u32(1) + e.value }
        tiff += u32(0)
        tiff += data
        return [0x45, 0x78, 0x69, 0x66, 0, 0] + tiff
    }

    /// The offset of the first marker `code` (0xFFxx) among the segments before the scan, or nil.
    static func segmentOffset(_ jpeg: [UInt8], marker code: UInt8) -> Int? {
        var i = 2
        while i + 4 <= jpeg.count, jpeg[i] == 0xFF {
            if jpeg[i + 1] == code { return i }
            if jpeg[i + 1] == 0xDA { return nil }
            i += 2 + Int(jpeg[i + 2]) << 8 + Int(jpeg[i + 3])
        }
        return nil
    }

    /// The bytes without the first segment with marker `code`.
    static func removingSegment(_ jpeg: [UInt8], marker code: UInt8) -> [UInt8]? {
        guard let at = segmentOffset(jpeg, marker: code) else { return nil }
        let length = 2 + Int(jpeg[at + 2]) << 8 + Int(jpeg[at + 3])
        return Array(jpeg[..<at] + jpeg[(at + length)...])
    }
}
