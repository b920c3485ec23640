import CTIFF
@testable import Imaging

/// How a TIFF fixture is laid out in its file.
enum TIFFLayout: String, CaseIterable, Sendable {
    case stripsLittle, stripsBig, tilesLittle, tilesBig, bigTIFFLittle, bigTIFFBig

    var bigEndian: Bool { self == .stripsBig || self == .tilesBig || self == .bigTIFFBig }
    var bigTIFF: Bool { self == .bigTIFFLittle || self == .bigTIFFBig }
    var tiled: Bool { self == .tilesLittle || self == .tilesBig }
}

/// Compression (and predictor) of a fixture, by TIFF tag values.
struct TIFFCodec: Sendable, CustomStringConvertible {
    let compression: Int
    let predictor: Int
    var description: String { "\(TIFFPageLayout.compressionWord(compression))\(predictor > 1 ? "+predictor\(predictor)" : "")" }

    static let none = TIFFCodec(compression: 1, predictor: 1)
    static let rle = TIFFCodec(compression: 2, predictor: 1)
    static let g3 = TIFFCodec(compression: 3, predictor: 1)
    static let g4 = TIFFCodec(compression: 4, predictor: 1)
    static let lzw = TIFFCodec(compression: 5, predictor: 1)
    static let lzwPredictor = TIFFCodec(compression: 5, predictor: 2)
    static let deflate = TIFFCodec(compression: 8, predictor: 1)
    static let deflatePredictor = TIFFCodec(compression: 8, predictor: 2)
    static let packBits = TIFFCodec(compression: 32773, predictor: 1)
}

/// Builds TIFF fixtures through the project's own `TIFFWriter` (libtiff).
enum TIFFFixtures {
    static let width = 203, height = 77

    /// A page spec for `image` packed at `bits`, in `layout` (strips of 16 rows or tiles of 32 x 32).
    static func spec(_ image: SyntheticImage, bits: Int, photometric: Int, codec: TIFFCodec, layout: TIFFLayout) -> TIFFPageSpec {
        let packed = image.packed(bits: bits)
        var spec = TIFFPageSpec(width: image.width, height: image.height, samples: packed.bytes)
        spec.bitsPerSample = bits
        spec.samplesPerPixel = image.channels
        spec.photometric = photometric
        spec.compression = codec.compression
        spec.predictor = codec.predictor
        if layout.tiled { spec.tileSize = (32, 32) } else { spec.rowsPerStrip = 16 }
        spec.dpi = 300
        return spec
    }

    /// Writes the pages to `name` in `folder` and returns the path.
    static func write(_ pages: [TIFFPageSpec], layout: TIFFLayout, in folder: FixtureFolder, name: String) throws -> String {
        let path = folder.path(name)
        let writer = try TIFFWriter(path: path, bigTIFF: layout.bigTIFF, bigEndian: layout.bigEndian)
        for page in pages { try writer.add(page) }
        writer.close()
        folder.exportToCorpus(path)
        return path
    }

    /// The 16-bit colour map of a palette with `entries` colours (seeded), and its 8-bit RGB.
    static func palette(entries: Int, seed: UInt64) -> (map: [UInt16], rgb: [[Int]]) {
        var rng = SeededRandom(seed: seed)
        var rgb: [[Int]] = []
        for _ in 0..<entries { rgb.append([rng.below(256), rng.below(256), rng.below(256)]) }
        let map = (0..<3).flatMap { c in rgb.map { UInt16($0[c] * 257) } }
        return (map, rgb)
    }
}
