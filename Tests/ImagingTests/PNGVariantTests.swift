import Testing
@testable import Imaging

/// PNG files of every colour type and depth, plain and interlaced, decode to exactly the samples written,
/// transparency composited over white paper, with pHYs resolution.
struct PNGVariantTests {
    struct Case: Sendable, CustomStringConvertible {
        let colourType: PNGEncoder.ColourType, bits: Int, interlaced: Bool, transparency: Bool
        var description: String { "\(colourType) \(bits)-bit\(interlaced ? " interlaced" : "")\(transparency ? " tRNS" : "")" }
    }

    static let cases: [Case] = {
        var all: [Case] = []
        let depths: [(PNGEncoder.ColourType, [Int])] = [(.gray, [1, 2, 4, 8, 16]), (.grayAlpha, [8, 16]), (.rgb, [8, 16]),
                                                        (.rgbAlpha, [8, 16]), (.palette, [1, 2, 4, 8])]
        for (type, bits) in depths {
            for b in bits {
                for interlaced in [false, true] {
                    all.append(Case(colourType: type, bits: b, interlaced: interlaced, transparency: false))
                    if type == .palette { all.append(Case(colourType: type, bits: b, interlaced: interlaced, transparency: true)) }
                }
            }
        }
        return all
    }()

    @Test(arguments: cases)
    func decodesExactly(_ c: Case) throws {
        let channels = [PNGEncoder.ColourType.gray: 1, .grayAlpha: 2, .rgb: 3, .rgbAlpha: 4, .palette: 1][c.colourType]!
        let image = SyntheticImage.page(width: 123, height: 45, channels: channels, bits: c.bits, seed: UInt64(50 + c.bits))
        let packed = image.packed(bits: c.bits, bigEndian16: true)
        var options = PNGEncoder.Options(colourType: c.colourType, bitDepth: c.bits)
        options.interlaced = c.interlaced
        options.dpi = 300
        let palette = TIFFFixtures.palette(entries: 1 << c.bits, seed: 60)
        var alphas: [Int] = []
        if c.colourType == .palette {
            options.palette = palette.rgb.flatMap { $0.map { UInt8($0) } }
            if c.transparency {
                var rng = SeededRandom(seed: 61)
                alphas = (0..<(1 << c.bits)).map { _ in rng.below(256) }
                options.transparency = alphas.map { UInt8($0) }
            }
        }
        let png = try PNGEncoder.encode(packedRows: packed.bytes, width: image.width, height: image.height,
                                        rowBytes: packed.rowBytes, options: options)
        let folder = try FixtureFolder()
        let path = try folder.write(png, "page.png")

        let page = try #require(try decodeAll(path, options: DecodeOptions(keepColour: true)).first)

        var expectedRGB: [Int] = [], expectedGray: [Int] = []
        for y in 0..<image.height {
            for x in 0..<image.width {
                var px: [Int]
                switch c.colourType {
                case .gray, .grayAlpha: px = [image.eightBit(x, y)]
                case .palette: px = palette.rgb[image.value(x, y)]
                default: px = (0..<3).map { image.eightBit(x, y, $0) }
                }
                let alpha: Int? = c.colourType == .grayAlpha ? image.eightBit(x, y, 1)
                    : c.colourType == .rgbAlpha ? image.eightBit(x, y, 3)
                    : c.transparency ? alphas[image.value(x, y)] : nil
                if let alpha { px = px.map { Reference.overWhite($0, alpha: alpha) } }
                if px.count == 3 { expectedRGB += px; expectedGray.append(Reference.luma(px[0], px[1], px[2])) } else { expectedGray.append(px[0]) }
            }
        }
        // Alpha composited from 8-bit-scaled samples may round one step away from the 16-bit reference.
        let tolerance = c.bits == 16 && (c.colourType == .grayAlpha || c.colourType == .rgbAlpha) ? 1 : 0
        if expectedRGB.isEmpty {
            #expect(page.rgb == nil)
            #expect(maxDifference(page.gray, expectedGray) <= tolerance)
        } else {
            #expect(maxDifference(try #require(page.rgb), expectedRGB) <= tolerance)
            #expect(maxDifference(page.gray, expectedGray) <= tolerance + 1)
        }
        #expect(abs((page.dpiX ?? 0) - 300) < 0.02 && abs((page.dpiY ?? 0) - 300) < 0.02)
        #expect(page.source.bitsPerSample == c.bits)
        #expect(page.source.notes.contains("interlaced-adam7") == c.interlaced)
    }

    @Test func noPHYsMeansNoResolution() throws {
        let png = try PNGEncoder.encodeGray([UInt8](repeating: 200, count: 12), width: 4, height: 3)
        let page = try #require(try decodeAll(bytes: png).first)
        #expect(page.dpiX == nil && page.dpiY == nil)
        #expect(page.gray == [UInt8](repeating: 200, count: 12))
    }
}
