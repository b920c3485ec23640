import Testing
@testable import Imaging

/// Bilevel and grey TIFF pages of every depth, both photometrics, every lossless codec and every file layout
/// decode to exactly the samples that were written.
struct TIFFGreyVariantTests {
    struct Case: Sendable, CustomStringConvertible {
        let bits: Int, minIsWhite: Bool, codec: TIFFCodec, layout: TIFFLayout
        var description: String { "\(bits)-bit \(minIsWhite ? "min-is-white" : "min-is-black") \(codec) \(layout)" }
    }

    static let cases: [Case] = {
        var all: [Case] = []
        for bits in [1, 2, 4, 8, 16] {
            var codecs: [TIFFCodec] = [.none, .lzw, .deflate, .packBits]
            if bits == 1 { codecs += [.rle, .g3, .g4] }
            if bits >= 8 { codecs += [.lzwPredictor, .deflatePredictor] }
            for codec in codecs {
                for minIsWhite in [false, true] {
                    for layout in TIFFLayout.allCases { all.append(Case(bits: bits, minIsWhite: minIsWhite, codec: codec, layout: layout)) }
                }
            }
        }
        return all
    }()

    @Test(arguments: cases)
    func decodesExactly(_ c: Case) throws {
        let folder = try FixtureFolder()
        let image = SyntheticImage.page(width: TIFFFixtures.width, height: TIFFFixtures.height, channels: 1, bits: c.bits,
                                        seed: UInt64(c.bits * 31 + c.codec.compression))
        let spec = TIFFFixtures.spec(image, bits: c.bits, photometric: c.minIsWhite ? 0 : 1, codec: c.codec, layout: c.layout)
        let path = try TIFFFixtures.write([spec], layout: c.layout, in: folder, name: "page.tif")

        let pages = try decodeAll(path, options: DecodeOptions(keepColour: true))

        #expect(pages.count == 1)
        let page = try #require(pages.first)
        #expect(page.width == image.width && page.height == image.height)
        var expected: [Int] = []
        for y in 0..<image.height {
            for x in 0..<image.width { expected.append(c.minIsWhite ? 255 - image.eightBit(x, y) : image.eightBit(x, y)) }
        }
        #expect(maxDifference(page.gray, expected) == 0)
        #expect(page.rgb == nil)
        #expect(page.dpiX == 300 && page.dpiY == 300)
        #expect(page.source.bitsPerSample == c.bits)
        #expect(page.source.photometric == (c.minIsWhite ? "min-is-white" : "min-is-black"))
        #expect(page.source.compression == TIFFPageLayout.compressionWord(c.codec.compression))
        #expect(page.source.notes.contains(c.layout.bigEndian ? "big-endian" : "little-endian"))
        #expect(page.source.notes.contains("bigtiff") == c.layout.bigTIFF)
    }
}
