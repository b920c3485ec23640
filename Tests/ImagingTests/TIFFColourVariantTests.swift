import Testing
@testable import Imaging

/// Palette, RGB, RGBA, CMYK and YCbCr TIFF pages decode to the colours written, with grey as their luma.
struct TIFFColourVariantTests {
    static let codecs: [TIFFCodec] = [.none, .lzw, .deflate, .packBits]
    static let layouts: [TIFFLayout] = [.stripsLittle, .tilesBig, .bigTIFFLittle]

    struct PaletteCase: Sendable, CustomStringConvertible {
        let bits: Int, codec: TIFFCodec, layout: TIFFLayout
        var description: String { "palette \(bits)-bit \(codec) \(layout)" }
    }

    static let paletteCases = [1, 2, 4, 8].flatMap { bits in
        codecs.flatMap { codec in layouts.map { PaletteCase(bits: bits, codec: codec, layout: $0) } }
    }

    @Test(arguments: paletteCases)
    func palette(_ c: PaletteCase) throws {
        let folder = try FixtureFolder()
        let image = SyntheticImage.page(width: TIFFFixtures.width, height: TIFFFixtures.height, channels: 1, bits: c.bits, seed: 7)
        let palette = TIFFFixtures.palette(entries: 1 << c.bits, seed: UInt64(c.bits))
        var spec = TIFFFixtures.spec(image, bits: c.bits, photometric: 3, codec: c.codec, layout: c.layout)
        spec.colourMap = palette.map
        let path = try TIFFFixtures.write([spec], layout: c.layout, in: folder, name: "palette.tif")

        let page = try #require(try decodeAll(path, options: DecodeOptions(keepColour: true)).first)

        let rgb = try #require(page.rgb)
        var expectedRGB: [Int] = [], expectedGray: [Int] = []
        for i in 0..<image.width * image.height {
            let entry = palette.rgb[Int(image.values[i])]
            expectedRGB += entry
            expectedGray.append(Reference.luma(entry[0], entry[1], entry[2]))
        }
        #expect(maxDifference(rgb, expectedRGB) == 0)
        #expect(maxDifference(page.gray, expectedGray) <= 1)
        #expect(page.source.photometric == "palette")
    }

    struct ColourCase: Sendable, CustomStringConvertible {
        let bits: Int, alpha: UInt16?, codec: TIFFCodec, layout: TIFFLayout
        var description: String { "RGB\(alpha == nil ? "" : alpha == 1 ? "A-associated" : "A") \(bits)-bit \(codec) \(layout)" }
    }

    static let colourCases: [ColourCase] = [8, 16].flatMap { bits in
        [nil, 2, 1].flatMap { (alpha: UInt16?) in
            (codecs + [.lzwPredictor, .deflatePredictor]).flatMap { codec in
                layouts.map { ColourCase(bits: bits, alpha: alpha, codec: codec, layout: $0) }
            }
        }
    }

    @Test(arguments: colourCases)
    func rgb(_ c: ColourCase) throws {
        let folder = try FixtureFolder()
        let channels = c.alpha == nil ? 3 : 4
        var image = SyntheticImage.page(width: TIFFFixtures.width, height: TIFFFixtures.height, channels: channels, bits: c.bits, seed: 11)
        if c.alpha == 1 {
            // Associated alpha: colour samples already multiplied by alpha.
            for i in 0..<image.width * image.height {
                let a = Int(image.values[4 * i + 3])
                for k in 0..<3 { image.values[4 * i + k] = UInt16(Int(image.values[4 * i + k]) * a / image.maxValue) }
            }
        }
        var spec = TIFFFixtures.spec(image, bits: c.bits, photometric: 2, codec: c.codec, layout: c.layout)
        if let alpha = c.alpha { spec.extraSamples = [alpha] }
        let path = try TIFFFixtures.write([spec], layout: c.layout, in: folder, name: "rgb.tif")

        let page = try #require(try decodeAll(path, options: DecodeOptions(keepColour: true)).first)

        let rgb = try #require(page.rgb)
        var expectedRGB: [Int] = [], expectedGray: [Int] = []
        for y in 0..<image.height {
            for x in 0..<image.width {
                var px = (0..<3).map { image.eightBit(x, y, $0) }
                if c.alpha != nil {
                    let a = image.eightBit(x, y, 3)
                    px = px.map { c.alpha == 1 ? min(255, $0 + 255 - a) : Reference.overWhite($0, alpha: a) }
                }
                expectedRGB += px
                expectedGray.append(Reference.luma(px[0], px[1], px[2]))
            }
        }
        // Alpha composited from 8-bit-scaled samples may round one step away from the 16-bit reference.
        let tolerance = c.alpha == nil ? 0 : 1
        #expect(maxDifference(rgb, expectedRGB) <= tolerance)
        #expect(maxDifference(page.gray, expectedGray) <= tolerance + 1)
        #expect(page.source.samplesPerPixel == channels)
    }

    @Test(arguments: [TIFFCodec.none, .lzw], [TIFFLayout.stripsLittle, .tilesBig])
    func cmyk(_ codec: TIFFCodec, _ layout: TIFFLayout) throws {
        let folder = try FixtureFolder()
        let image = SyntheticImage.page(width: TIFFFixtures.width, height: TIFFFixtures.height, channels: 4, bits: 8, seed: 13)
        let spec = TIFFFixtures.spec(image, bits: 8, photometric: 5, codec: codec, layout: layout)
        let path = try TIFFFixtures.write([spec], layout: layout, in: folder, name: "cmyk.tif")

        let page = try #require(try decodeAll(path, options: DecodeOptions(keepColour: true)).first)

        let rgb = try #require(page.rgb)
        var expectedRGB: [Int] = []
        for y in 0..<image.height {
            for x in 0..<image.width {
                let k = image.value(x, y, 3)
                for c in 0..<3 { expectedRGB.append(Int((Double((255 - image.value(x, y, c)) * (255 - k)) / 255).rounded())) }
            }
        }
        #expect(maxDifference(rgb, expectedRGB) <= 1)
        #expect(page.source.photometric == "cmyk")
    }

    @Test(arguments: [TIFFLayout.stripsLittle, .stripsBig, .tilesLittle])
    func ycbcrUncompressed(_ layout: TIFFLayout) throws {
        let folder = try FixtureFolder()
        let image = SyntheticImage.page(width: TIFFFixtures.width, height: TIFFFixtures.height, channels: 3, bits: 8, seed: 17)
        // Full-range YCbCr (JPEG's formula) of the RGB samples, stored 4:4:4.
        var ycc = image
        for i in 0..<image.width * image.height {
            let r = Double(image.values[3 * i]), g = Double(image.values[3 * i + 1]), b = Double(image.values[3 * i + 2])
            let y = 0.299 * r + 0.587 * g + 0.114 * b
            ycc.values[3 * i] = UInt16(y.rounded())
            ycc.values[3 * i + 1] = UInt16(min(255, max(0, (128 + (b - y) / 1.772).rounded())))
            ycc.values[3 * i + 2] = UInt16(min(255, max(0, (128 + (r - y) / 1.402).rounded())))
        }
        var spec = TIFFFixtures.spec(ycc, bits: 8, photometric: 6, codec: .none, layout: layout)
        spec.ycbcrSubsampling = (1, 1)
        let path = try TIFFFixtures.write([spec], layout: layout, in: folder, name: "ycbcr.tif")

        let page = try #require(try decodeAll(path, options: DecodeOptions(keepColour: true)).first)

        let rgb = try #require(page.rgb)
        #expect(maxDifference(rgb, image.values.map(Int.init)) <= 3)
        #expect(page.source.photometric == "ycbcr")
    }

    struct JPEGCase: Sendable, CustomStringConvertible {
        let colour: Bool, layout: TIFFLayout
        var description: String { "JPEG-in-TIFF \(colour ? "YCbCr" : "grey") \(layout)" }
    }

    @Test(arguments: [false, true].flatMap { colour in [TIFFLayout.stripsLittle, .tilesBig, .bigTIFFLittle].map { JPEGCase(colour: colour, layout: $0) } })
    func jpegInTIFF(_ c: JPEGCase) throws {
        let folder = try FixtureFolder()
        let channels = c.colour ? 3 : 1
        let image = SyntheticImage.page(width: 200, height: 80, channels: channels, bits: 8, seed: 19)
        var spec = TIFFFixtures.spec(image, bits: 8, photometric: c.colour ? 6 : 1, codec: TIFFCodec(compression: 7, predictor: 1), layout: c.layout)
        spec.jpegQuality = 95
        spec.rowsPerStrip = c.layout.tiled ? nil : 16
        let path = try TIFFFixtures.write([spec], layout: c.layout, in: folder, name: "jpeg.tif")

        let page = try #require(try decodeAll(path, options: DecodeOptions(keepColour: true)).first)

        // Grey against the luma of what was written: chroma subsampling does not touch luma.
        var expectedGray: [Int] = []
        for i in 0..<image.width * image.height {
            expectedGray.append(c.colour ? Reference.luma(Int(image.values[3 * i]), Int(image.values[3 * i + 1]), Int(image.values[3 * i + 2]))
                                         : Int(image.values[i]))
        }
        #expect(meanDifference(page.gray, expectedGray) <= 2)
        if let rgb = page.rgb {
            // The synthetic colour noise is per channel, which 4:2:0 chroma cannot keep: a looser bound for colour.
            #expect(meanDifference(rgb, image.values.map(Int.init)) <= 10)
        }
        #expect(page.source.compression == "jpeg")
        #expect(c.colour == (page.rgb != nil))
    }
}
