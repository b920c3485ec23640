import Testing
@testable import Imaging

/// JPEG files of every coding mode and colour space decode to the image that was encoded (within JPEG's loss),
/// with resolution and orientation read from JFIF and EXIF.
struct JPEGVariantTests {
    enum Mode: String, CaseIterable, Sendable { case baseline, progressive, arithmetic }
    enum Colour: String, CaseIterable, Sendable { case grey, ycbcr420, ycbcr444, rgb, adobeCMYK, ycck }

    struct Case: Sendable, CustomStringConvertible {
        let mode: Mode, colour: Colour
        var description: String { "\(mode) \(colour)" }
    }

    static let cases = Mode.allCases.flatMap { mode in Colour.allCases.map { Case(mode: mode, colour: $0) } }

    /// Encodes a seeded page; returns the file and the reference RGB (or grey) of what was encoded.
    static func fixture(_ c: Case) throws -> (jpeg: [UInt8], reference: [[Int]], width: Int, height: Int) {
        let width = 161, height = 97
        var options = JPEGEncoder.Options()
        options.quality = 95
        options.progressive = c.mode == .progressive
        options.arithmetic = c.mode == .arithmetic
        options.subsample = c.colour != .ycbcr444
        options.plainRGB = c.colour == .rgb
        options.ycck = c.colour == .ycck
        switch c.colour {
        case .grey:
            let image = SyntheticImage.page(width: width, height: height, channels: 1, bits: 8, seed: 41)
            let samples = image.values.map { UInt8($0) }
            return (try JPEGEncoder.encode(samples, width: width, height: height, components: 1, options: options),
                    image.values.map { [Int($0)] }, width, height)
        case .ycbcr420, .ycbcr444, .rgb:
            let image = SyntheticImage.page(width: width, height: height, channels: 3, bits: 8, seed: 42)
            let samples = image.values.map { UInt8($0) }
            let reference = (0..<width * height).map { i in (0..<3).map { Int(image.values[3 * i + $0]) } }
            return (try JPEGEncoder.encode(samples, width: width, height: height, components: 3, options: options), reference, width, height)
        case .adobeCMYK, .ycck:
            // Ink amounts, stored inverted as Adobe applications write CMYK JPEG (0 = full ink).
            let ink = SyntheticImage.page(width: width, height: height, channels: 4, bits: 8, seed: 43)
            let stored = ink.values.map { UInt8(255 - $0) }
            var reference: [[Int]] = []
            for i in 0..<width * height {
                let k = 255 - Int(ink.values[4 * i + 3])
                var px: [Int] = []
                for c in 0..<3 {
                    let plate = 255 - Int(ink.values[4 * i + c])
                    px.append(Int((Double(plate * k) / 255).rounded()))
                }
                reference.append(px)
            }
            return (try JPEGEncoder.encode(stored, width: width, height: height, components: 4, options: options), reference, width, height)
        }
    }

    @Test(arguments: cases)
    func decodesWithinJPEGLoss(_ c: Case) throws {
        let fixture = try Self.fixture(c)
        let folder = try FixtureFolder()
        let path = try folder.write(fixture.jpeg, "page.jpg")

        let colour = try #require(try decodeAll(path, options: DecodeOptions(keepColour: true)).first)
        let grey = try #require(try decodeAll(path, options: DecodeOptions(keepColour: false)).first)

        let referenceGray = fixture.reference.map { $0.count == 1 ? $0[0] : Reference.luma($0[0], $0[1], $0[2]) }
        #expect(colour.width == fixture.width && colour.height == fixture.height)
        #expect(meanDifference(colour.gray, referenceGray) <= 2.5)
        #expect(meanDifference(grey.gray, referenceGray) <= 2.5)
        // Straight-to-grey decoding and colour decoding agree to within the rounding and clamping of the colour conversion.
        #expect(maxDifference(grey.gray, colour.gray.map(Int.init)) <= 6)
        #expect(grey.rgb == nil)
        if c.colour == .grey {
            #expect(colour.rgb == nil)
        } else {
            let rgb = try #require(colour.rgb)
            #expect(meanDifference(rgb, fixture.reference.flatMap { $0 }) <= (c.colour == .ycbcr444 || c.colour == .rgb ? 4 : 10))
        }
        let expectedCompression = ["baseline": "jpeg-baseline", "progressive": "jpeg-progressive", "arithmetic": "jpeg-arithmetic"][c.mode.rawValue]
        #expect(colour.source.compression == expectedCompression)
        let expectedPhotometric: String = switch c.colour {
        case .grey: "min-is-black"
        case .ycbcr420, .ycbcr444: "ycbcr"
        case .rgb: "rgb"
        case .adobeCMYK: "cmyk"
        case .ycck: "ycck"
        }
        #expect(colour.source.photometric == expectedPhotometric)
    }

    @Test func cmykWithoutAdobeMarkerIsReadAsPlainInk() throws {
        let fixture = try Self.fixture(Case(mode: .baseline, colour: .adobeCMYK))
        let plain = try #require(JPEGFixtures.removingSegment(fixture.jpeg, marker: 0xEE))

        let page = try #require(try decodeAll(bytes: plain, options: DecodeOptions(keepColour: true)).first)

        // Without Adobe's marker the stored values are ink amounts: what was full ink now reads as none.
        let rgb = try #require(page.rgb)
        let inverted = fixture.reference.flatMap { $0 }
        #expect(meanDifference(rgb, inverted) > 60)
        #expect(!page.source.notes.contains("adobe-marker"))
    }

    @Test func jfifResolutionInInchesAndCentimetres() throws {
        let image = SyntheticImage.page(width: 64, height: 48, channels: 1, bits: 8, seed: 44)
        var options = JPEGEncoder.Options()
        options.dpi = 300
        var jpeg = try JPEGEncoder.encode(image.values.map { UInt8($0) }, width: 64, height: 48, components: 1, options: options)
        var page = try #require(try decodeAll(bytes: jpeg).first)
        #expect(page.dpiX == 300 && page.dpiY == 300)

        // Density unit 2 (dots per centimetre), 118 x 59.
        let app0 = try #require(JPEGFixtures.segmentOffset(jpeg, marker: 0xE0))
        jpeg[app0 + 11] = 2
        jpeg[app0 + 12] = 0; jpeg[app0 + 13] = 118
        jpeg[app0 + 14] = 0; jpeg[app0 + 15] = 59
        page = try #require(try decodeAll(bytes: jpeg).first)
        #expect(abs((page.dpiX ?? 0) - 299.72) < 0.001)
        #expect(abs((page.dpiY ?? 0) - 149.86) < 0.001)
    }

    @Test(arguments: [false, true])
    func exifResolutionWhenJFIFHasNone(_ bigEndian: Bool) throws {
        let image = SyntheticImage.page(width: 64, height: 48, channels: 3, bits: 8, seed: 45)
        var options = JPEGEncoder.Options()
        options.app1 = JPEGFixtures.exif(orientation: 1, dpi: (240, 200), bigEndian: bigEndian)
        let jpeg = try JPEGEncoder.encode(image.values.map { UInt8($0) }, width: 64, height: 48, components: 3, options: options)

        let page = try #require(try decodeAll(bytes: jpeg).first)

        #expect(page.dpiX == 240 && page.dpiY == 200)
        #expect(page.source.notes.contains("exif"))
    }

    @Test(arguments: 1...8)
    func exifOrientationPutsPixelsUpright(_ orientation: Int) throws {
        let upright = OrientationFixture.upright()
        let stored = OrientationFixture.stored(upright, orientation: orientation)
        var options = JPEGEncoder.Options()
        options.quality = 100
        options.app1 = JPEGFixtures.exif(orientation: orientation, dpi: (300, 150), bigEndian: orientation % 2 == 0)
        let jpeg = try JPEGEncoder.encode(stored.pixels, width: stored.width, height: stored.height, components: 1, options: options)

        let page = try #require(try decodeAll(bytes: jpeg).first)

        #expect(page.width == upright.width && page.height == upright.height)
        #expect(maxDifference(page.gray, upright.pixels.map(Int.init)) <= 2)
        #expect(page.source.orientation == orientation)
        // A quarter turn swaps the axes, and with them the resolutions.
        #expect(page.dpiX == (orientation >= 5 ? 150 : 300))
    }

    @Test func twelveBitIsRefusedAsUnsupported() throws {
        let image = SyntheticImage.page(width: 64, height: 48, channels: 1, bits: 8, seed: 46)
        var jpeg = try JPEGEncoder.encode(image.values.map { UInt8($0) }, width: 64, height: 48, components: 1)
        // libjpeg-turbo 2.1 cannot write 12-bit: mark the frame header as 12-bit precision (SOF1 to be exact).
        let sof = try #require(JPEGFixtures.segmentOffset(jpeg, marker: 0xC0))
        jpeg[sof + 1] = 0xC1
        jpeg[sof + 4] = 12

        let error = try #require(throws: ImageDecodeError.self) { try decodeAll(bytes: jpeg, name: "deep.jpg") }

        #expect(error.kind == .unsupported)
        #expect(error.message.contains("12-bit"))
        #expect(error.file == "deep.jpg")
    }

    @Test(arguments: [0.3, 0.6, 0.9, 0.99])
    func truncatedScanIsAnError(_ fraction: Double) throws {
        let fixture = try Self.fixture(Case(mode: .baseline, colour: .ycbcr420))
        let cut = Array(fixture.jpeg.prefix(Int(Double(fixture.jpeg.count) * fraction)))

        let error = try #require(throws: ImageDecodeError.self) { try decodeAll(bytes: cut) }

        #expect(error.kind == .truncated)
        #expect(error.message.contains("not evidence") || error.message.contains("end"))
    }
}
