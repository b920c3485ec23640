/// A classic little-endian TIFF written byte by byte from a list of tags, so that tests can state values no
/// honest writer would (impossible sizes, offsets past the end, directory loops).
struct MiniTIFF {
    struct Entry {
        let tag: Int, type: Int, values: [Int]
        /// SHORT (3) values.
        static func short(_ tag: Int, _ values: Int...) -> Entry { Entry(tag: tag, type: 3, values: values) }
        /// LONG (4) values.
        static func long(_ tag: Int, _ values: Int...) -> Entry { Entry(tag: tag, type: 4, values: values) }
    }

    /// One directory: its entries (sorted by tag when written) and the data its strip offsets point into.
    struct Directory {
        var entries: [Entry]
        /// Index of the directory the "next IFD" field points to (nil: 0, the end of the chain).
        var next: Int? = nil
    }

    /// The image data, placed right after the 8-byte header; StripOffsets of `dataOffset` point at it.
    var data: [UInt8]
    var directories: [Directory]

    static let dataOffset = 8

    /// A valid 8 x 4 8-bit grey page, uncompressed, one strip: the base that tests break.
    static func plainGrey(width: Int = 8, height: Int = 4) -> MiniTIFF {
        let data = (0..<width * height).map { UInt8(truncatingIfNeeded: $0 * 7) }
        return MiniTIFF(data: data, directories: [Directory(entries: [
            .long(256, width), .long(257, height), .short(258, 8), .short(259, 1), .short(262, 1),
            .long(273, dataOffset), .short(277, 1), .long(278, height), .long(279, width * height),
        ])])
    }

    /// Replaces (or adds) the entry with `entry.tag` in directory `index`.
    mutating func set(_ entry: Entry, in index: Int = 0) {
        directories[index].entries.removeAll { $0.tag == entry.tag }
        directories[index].entries.append(entry)
    }

    /// Removes the entry with `tag` from directory `index`.
    mutating func remove(_ tag: Int, in index: Int = 0) { directories[index].entries.removeAll { $0.tag == tag } }

    func bytes() -> [UInt8] {
        func u16(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF)] }
        func u32(_ v: Int) -> [UInt8] { u16(v & 0xFFFF) + u16((v >> 16) & 0xFFFF) }
        var out: [UInt8] = [0x49, 0x49, 42, 0] + u32(0)  // first IFD offset patched below
        out += data
        if out.count % 2 == 1 { out.append(0) }
        // Directory offsets: each directory takes 2 + 12n + 4 bytes, then its out-of-line values.
        var offsets: [Int] = []
        var cursor = out.count
        for directory in directories {
            offsets.append(cursor)
            let extra = directory.entries.reduce(0) { total, e in
                let size = e.values.count * (e.type == 3 ? 2 : 4)
                return total + (size > 4 ? (size + 1) & ~1 : 0)
            }
            cursor += 2 + 12 * directory.entries.count + 4 + extra
        }
        out.replaceSubrange(4..<8, with: u32(offsets.first ?? 0))
        for (i, directory) in directories.enumerated() {
            let entries = directory.entries.sorted { $0.tag < $1.tag }
            var valueArea = offsets[i] + 2 + 12 * entries.count + 4
            var ifd = u16(entries.count)
            var outOfLine: [UInt8] = []
            for e in entries {
                let encoded = e.values.flatMap { e.type == 3 ? u16($0) : u32($0) }
                ifd += u16(e.tag) + u16(e.type) + u32(e.values.count)
                if encoded.count <= 4 {
                    ifd += encoded + [UInt8](repeating: 0, count: 4 - encoded.count)
                } else {
                    ifd += u32(valueArea)
                    var padded = encoded
                    if padded.count % 2 == 1 { padded.append(0) }
                    outOfLine += padded
                    valueArea += padded.count
                }
            }
            ifd += u32(directory.next.map { offsets[$0] } ?? 0)
            out += ifd + outOfLine
        }
        return out
    }
}

/// CRC-32 as PNG chunks use it (ISO 3309), to rewrite a chunk after changing it.
enum CRC32 {
    static let table: [UInt32] = (0..<256).map { n -> UInt32 in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func of<C: Collection>(_ bytes: C) -> UInt32 where C.Element == UInt8 {
        var c: UInt32 = 0xFFFF_FFFF
        for b in bytes { c = table[Int((c ^ UInt32(b)) & 0xFF)] ^ (c >> 8) }
        return c ^ 0xFFFF_FFFF
    }

    /// Rewrites the CRC of the chunk whose length field starts at `offset`.
    static func fixChunk(_ png: inout [UInt8], at offset: Int) {
        let length = Int(png[offset]) << 24 | Int(png[offset + 1]) << 16 | Int(png[offset + 2]) << 8 | Int(png[offset + 3])
        let crc = of(png[(offset + 4)..<(offset + 8 + length)])
        let end = offset + 8 + length
        png[end] = UInt8(crc >> 24); png[end + 1] = UInt8((crc >> 16) & 0xFF)
        png[end + 2] = UInt8((crc >> 8) & 0xFF); png[end + 3] = UInt8(crc & 0xFF)
    }
}
