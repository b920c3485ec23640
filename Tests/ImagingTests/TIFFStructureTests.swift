import Foundation
import Testing
@testable import Imaging

/// TIFF features beyond the sample layout: fill order, 2-D G3, every page of a multi-page file, the orientation
/// tag, resolution units and the two-thread strip decoder.
struct TIFFStructureTests {
    static func bilevel(seed: UInt64 = 3) -> SyntheticImage {
        SyntheticImage.page(width: TIFFFixtures.width, height: TIFFFixtures.height, channels: 1, bits: 1, seed: seed)
    }

    static func expectedGray(_ image: SyntheticImage, minIsWhite: Bool) -> [Int] {
        var out: [Int] = []
        for y in 0..<image.height { for x in 0..<image.width { out.append(minIsWhite ? 255 - image.eightBit(x, y) : image.eightBit(x, y)) } }
        return out
    }

    @Test(arguments: [TIFFCodec.none, .g3, .g4, .rle, .lzw])
    func fillOrderTwoIsReadBitReversed(_ codec: TIFFCodec) throws {
        let folder = try FixtureFolder()
        let image = Self.bilevel()
        var msb = TIFFFixtures.spec(image, bits: 1, photometric: 0, codec: codec, layout: .stripsLittle)
        var lsb = msb
        msb.fillOrder = 1
        lsb.fillOrder = 2
        let msbPath = try TIFFFixtures.write([msb], layout: .stripsLittle, in: folder, name: "msb.tif")
        let lsbPath = try TIFFFixtures.write([lsb], layout: .stripsLittle, in: folder, name: "lsb.tif")
        let viaTool = folder.path("tiffcp.tif")
        try folder.run("tiffcp", ["-f", "lsb2msb", msbPath, viaTool])

        #expect(try folder.read("msb.tif") != folder.read("lsb.tif"))
        for path in [lsbPath, viaTool] {
            let page = try #require(try decodeAll(path).first)
            #expect(maxDifference(page.gray, Self.expectedGray(image, minIsWhite: true)) == 0)
            #expect(page.source.notes.contains("fill-order-lsb-to-msb"))
        }
    }

    @Test func group3TwoDimensional() throws {
        let folder = try FixtureFolder()
        let image = Self.bilevel(seed: 5)
        var spec = TIFFFixtures.spec(image, bits: 1, photometric: 0, codec: .g3, layout: .stripsBig)
        spec.group3Options = 1
        let written = try TIFFFixtures.write([spec], layout: .stripsBig, in: folder, name: "g3-2d.tif")
        let plain = try TIFFFixtures.write([TIFFFixtures.spec(image, bits: 1, photometric: 0, codec: .none, layout: .stripsLittle)],
                                           layout: .stripsLittle, in: folder, name: "plain.tif")
        let viaTool = folder.path("tiffcp-g3-2d.tif")
        try folder.run("tiffcp", ["-c", "g3:2d:fill", plain, viaTool])

        for path in [written, viaTool] {
            let page = try #require(try decodeAll(path).first)
            #expect(maxDifference(page.gray, Self.expectedGray(image, minIsWhite: true)) == 0)
            #expect(page.source.compression == "ccitt-g3")
        }
    }

    @Test(arguments: [TIFFLayout.stripsLittle, .stripsBig, .bigTIFFLittle, .bigTIFFBig])
    func everyPageOfAMultiPageFile(_ layout: TIFFLayout) throws {
        let folder = try FixtureFolder()
        let fax = Self.bilevel(seed: 21)
        let grey = SyntheticImage.page(width: 150, height: 90, channels: 1, bits: 8, seed: 22)
        let deep = SyntheticImage.page(width: 64, height: 40, channels: 1, bits: 16, seed: 23)
        let colour = SyntheticImage.page(width: 90, height: 150, channels: 3, bits: 8, seed: 24)
        let indexed = SyntheticImage.page(width: 70, height: 30, channels: 1, bits: 4, seed: 25)
        let palette = TIFFFixtures.palette(entries: 16, seed: 26)
        var paletteSpec = TIFFFixtures.spec(indexed, bits: 4, photometric: 3, codec: .packBits, layout: layout)
        paletteSpec.colourMap = palette.map
        let specs = [
            TIFFFixtures.spec(fax, bits: 1, photometric: 0, codec: .g4, layout: layout),
            TIFFFixtures.spec(grey, bits: 8, photometric: 1, codec: .lzwPredictor, layout: layout),
            TIFFFixtures.spec(deep, bits: 16, photometric: 1, codec: .deflate, layout: layout),
            TIFFFixtures.spec(colour, bits: 8, photometric: 2, codec: .lzw, layout: layout),
            paletteSpec,
        ]
        let path = try TIFFFixtures.write(specs, layout: layout, in: folder, name: "multi.tif")
        let document = try ImageDecoder(options: DecodeOptions(keepColour: true)).open(path: path)
        #expect(document.pageCount == 5)

        // Pages are decoded out of order: each one is found by its own directory.
        let pages = try [4, 2, 0, 3, 1].map { ($0, try document.page($0)) }.sorted { $0.0 < $1.0 }.map(\.1)

        #expect(maxDifference(pages[0].gray, Self.expectedGray(fax, minIsWhite: true)) == 0)
        #expect(maxDifference(pages[1].gray, Self.expectedGray(grey, minIsWhite: false)) == 0)
        #expect(maxDifference(pages[2].gray, Self.expectedGray(deep, minIsWhite: false)) == 0)
        #expect(maxDifference(try #require(pages[3].rgb), colour.values.map(Int.init)) == 0)
        #expect(maxDifference(try #require(pages[4].rgb), indexed.values.flatMap { palette.rgb[Int($0)] }) == 0)
        for (i, page) in pages.enumerated() {
            #expect(page.source.page == i)
            #expect(page.source.pageCount == 5)
        }
        #expect(throws: ImageDecodeError.self) { try document.page(5) }
    }

    @Test(arguments: 1...8)
    func orientationTagIsApplied(_ orientation: Int) throws {
        let folder = try FixtureFolder()
        let upright = OrientationFixture.upright()
        let stored = OrientationFixture.stored(upright, orientation: orientation)
        var spec = TIFFPageSpec(width: stored.width, height: stored.height, samples: stored.pixels)
        spec.orientation = orientation
        spec.photometric = 1
        spec.compression = 5
        let path = try TIFFFixtures.write([spec], layout: .stripsLittle, in: folder, name: "oriented.tif")

        let page = try #require(try decodeAll(path).first)

        #expect(page.width == upright.width && page.height == upright.height)
        #expect(maxDifference(page.gray, upright.pixels.map(Int.init)) == 0)
        #expect(page.source.orientation == orientation)
    }

    @Test func resolutionInCentimetres() throws {
        let folder = try FixtureFolder()
        var spec = TIFFFixtures.spec(Self.bilevel(), bits: 1, photometric: 0, codec: .g4, layout: .stripsLittle)
        spec.dpi = nil
        let inch = try TIFFFixtures.write([spec], layout: .stripsLittle, in: folder, name: "nodpi.tif")
        #expect(try decodeAll(inch).first?.dpiX == nil)

        let cm = folder.path("cm.tif")
        try folder.run("tiffcp", [inch, cm])
        // ResolutionUnit 3 (centimetre), 118.11 x 59.055 pixels per centimetre, set with tiffset from libtiff-tools.
        try folder.run("tiffset", ["-s", "296", "3", cm])
        try folder.run("tiffset", ["-s", "282", "118.11", cm])
        try folder.run("tiffset", ["-s", "283", "59.055", cm])
        let page = try #require(try decodeAll(cm).first)
        #expect(abs((page.dpiX ?? 0) - 300) < 0.01)
        #expect(abs((page.dpiY ?? 0) - 150) < 0.01)
    }

    struct ThreadCase: Sendable, CustomStringConvertible {
        let bits: Int, codec: TIFFCodec, tiled: Bool
        var description: String { "\(bits)-bit \(codec) \(tiled ? "tiles" : "strips")" }
    }

    @Test(arguments: [ThreadCase(bits: 8, codec: .lzw, tiled: false), ThreadCase(bits: 1, codec: .g4, tiled: false),
                      ThreadCase(bits: 8, codec: .deflatePredictor, tiled: true)])
    func twoThreadsDecodeTheSamePixelsAsOne(_ c: ThreadCase) throws {
        let folder = try FixtureFolder()
        let image = SyntheticImage.page(width: 1700, height: 1250, channels: 1, bits: c.bits, seed: 31)
        var spec = TIFFFixtures.spec(image, bits: c.bits, photometric: 1, codec: c.codec, layout: c.tiled ? .tilesLittle : .stripsLittle)
        if c.tiled { spec.tileSize = (256, 256) } else { spec.rowsPerStrip = 64 }
        let path = try TIFFFixtures.write([spec], layout: c.tiled ? .tilesLittle : .stripsLittle, in: folder, name: "big.tif")

        let one = try #require(try decodeAll(path, options: DecodeOptions(threads: 1)).first)
        let two = try #require(try decodeAll(path, options: DecodeOptions(threads: 2)).first)

        #expect(one.gray == two.gray)
        #expect(maxDifference(two.gray, Self.expectedGray(image, minIsWhite: false)) == 0)
    }
}

extension TIFFStructureTests {
    @Test(arguments: [1, 2])
    func damagedStripInEitherHalfFailsThePage(_ threads: Int) throws {
        let folder = try FixtureFolder()
        let image = SyntheticImage.page(width: 1700, height: 1250, channels: 1, bits: 8, seed: 32)
        var spec = TIFFFixtures.spec(image, bits: 8, photometric: 1, codec: .lzw, layout: .stripsLittle)
        spec.rowsPerStrip = 64
        _ = try TIFFFixtures.write([spec], layout: .stripsLittle, in: folder, name: "big.tif")
        var bytes = try folder.read("big.tif")
        // Zero a run of bytes in the last strips (the second worker's half): LZW code 0 repeated is not a
        // valid continuation of the table, and the strip cannot end early without an error.
        let at = bytes.count * 9 / 10
        for i in at..<(at + 4000) { bytes[i] = 0xFF }

        let error = BrokenFiles.error(bytes, options: DecodeOptions(threads: threads))

        #expect(error?.kind == .corrupt || error?.kind == .truncated)
        #expect(error?.page == 0)
    }
}

/// An asymmetric upright image and the stored image that each EXIF/TIFF orientation turns back into it.
enum OrientationFixture {
    struct Plane { let width: Int, height: Int, pixels: [UInt8] }

    /// 32 x 16 pixels in 8 x 8 blocks of distinct grey levels (JPEG-friendly: each block is flat).
    static func upright() -> Plane {
        var pixels = [UInt8](repeating: 0, count: 32 * 16)
        for y in 0..<16 { for x in 0..<32 { pixels[y * 32 + x] = UInt8(20 + 28 * (x / 8) + 110 * (y / 8)) } }
        return Plane(width: 32, height: 16, pixels: pixels)
    }

    /// The stored pixels that a viewer honouring `orientation` shows as `upright` (TIFF 6.0 / EXIF 2.3 meaning:
    /// where the stored 0th row and 0th column lie in the displayed image).
    static func stored(_ u: Plane, orientation: Int) -> Plane {
        let w = u.width, h = u.height
        func make(_ ow: Int, _ oh: Int, _ source: (Int, Int) -> (Int, Int)) -> Plane {
            var out = [UInt8](repeating: 0, count: ow * oh)
            for y in 0..<oh { for x in 0..<ow { let (sx, sy) = source(x, y); out[y * ow + x] = u.pixels[sy * w + sx] } }
            return Plane(width: ow, height: oh, pixels: out)
        }
        switch orientation {
        case 2: return make(w, h) { x, y in (w - 1 - x, y) }              // shown mirrored left-right
        case 3: return make(w, h) { x, y in (w - 1 - x, h - 1 - y) }      // shown turned 180°
        case 4: return make(w, h) { x, y in (x, h - 1 - y) }              // shown mirrored top-bottom
        case 5: return make(h, w) { x, y in (y, x) }                      // transposed
        case 6: return make(h, w) { x, y in (w - 1 - y, x) }              // shown after turning 90° clockwise
        case 7: return make(h, w) { x, y in (w - 1 - y, h - 1 - x) }      // transversed
        case 8: return make(h, w) { x, y in (y, h - 1 - x) }              // shown after turning 90° anticlockwise
        default: return u
        }
    }
}
