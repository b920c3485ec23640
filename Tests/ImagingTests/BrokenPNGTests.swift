import Testing
@testable import Imaging

/// Damaged and lying PNG files give a typed error, never a crash or a silently patched page.
struct BrokenPNGTests {
    static func fixture(interlaced: Bool = false) throws -> [UInt8] {
        let image = SyntheticImage.page(width: 150, height: 100, channels: 3, bits: 8, seed: 91)
        var options = PNGEncoder.Options(colourType: .rgb, bitDepth: 8)
        options.interlaced = interlaced
        options.dpi = 300
        let packed = image.packed(bits: 8)
        return try PNGEncoder.encode(packedRows: packed.bytes, width: 150, height: 100, rowBytes: packed.rowBytes, options: options)
    }

    /// Offset of the first chunk of `type` (its length field).
    static func chunk(_ png: [UInt8], _ type: String) -> Int? {
        var i = 8
        while i + 8 <= png.count {
            let length = Int(png[i]) << 24 | Int(png[i + 1]) << 16 | Int(png[i + 2]) << 8 | Int(png[i + 3])
            if String(decoding: png[(i + 4)..<(i + 8)], as: UTF8.self) == type { return i }
            i += 12 + length
        }
        return nil
    }

    @Test(arguments: [false, true])
    func truncatedAnywhereIsAnError(_ interlaced: Bool) throws {
        let good = try Self.fixture(interlaced: interlaced)
        #expect(BrokenFiles.error(good) == nil)
        for cut in BrokenFiles.cuts(good.count) {
            let error = BrokenFiles.error(Array(good.prefix(cut)))
            #expect(error != nil, "cut to \(cut) of \(good.count) bytes decoded silently")
            if cut >= 8 { #expect(error?.kind == .truncated || error?.kind == .corrupt, "cut \(cut): \(String(describing: error))") }
        }
    }

    @Test func everyBitFlipInImageDataOrHeaderIsAnError() throws {
        let good = try Self.fixture()
        let ihdr = try #require(Self.chunk(good, "IHDR")), idat = try #require(Self.chunk(good, "IDAT"))
        // Critical chunks carry a CRC that libpng checks: every flip in IHDR or IDAT must be caught.
        for (offset, bytes) in BrokenFiles.bitFlips(good, in: ihdr..<(ihdr + 25), trials: 100, seed: 6)
            + BrokenFiles.bitFlips(good, in: idat..<(good.count - 12), trials: 300, seed: 7) {
            let error = BrokenFiles.error(bytes)
            #expect(error != nil, "flip at \(offset) decoded silently")
        }
        // A flip in the signature makes it not a PNG.
        for (_, bytes) in BrokenFiles.bitFlips(good, in: 0..<8, trials: 20, seed: 8) {
            #expect(BrokenFiles.error(bytes)?.kind == .unknownFormat)
        }
    }

    /// The fixture with IHDR fields rewritten and its CRC made valid again.
    static func withHeader(width: Int? = nil, height: Int? = nil, bitDepth: Int? = nil, colourType: Int? = nil) throws -> [UInt8] {
        var png = try fixture()
        let ihdr = try #require(chunk(png, "IHDR"))
        func put32(_ v: Int, _ at: Int) { for k in 0..<4 { png[at + k] = UInt8((v >> (24 - 8 * k)) & 0xFF) } }
        if let width { put32(width, ihdr + 8) }
        if let height { put32(height, ihdr + 12) }
        if let bitDepth { png[ihdr + 16] = UInt8(bitDepth) }
        if let colourType { png[ihdr + 17] = UInt8(colourType) }
        CRC32.fixChunk(&png, at: ihdr)
        return png
    }

    @Test func sizeOverThePixelBudgetIsRefused() throws {
        let error = BrokenFiles.error(try Self.withHeader(width: 30000, height: 30000), options: DecodeOptions())
        #expect(error?.kind == .tooLarge)
    }

    @Test func sizeTheFileCannotHoldIsInconsistent() throws {
        let error = BrokenFiles.error(try Self.withHeader(width: 12000, height: 12000), options: DecodeOptions())
        #expect(error?.kind == .inconsistent)
    }

    @Test func sizeSlightlyLargerThanTheDataIsAnError() throws {
        // The header claims more rows than the compressed data holds.
        let error = BrokenFiles.error(try Self.withHeader(height: 140))
        #expect(error != nil)
    }

    @Test(arguments: [(0, nil, nil), (nil, 0, nil), (nil, nil, 3), (nil, nil, 5)] as [(Int?, Int?, Int?)])
    func impossibleHeaderValues(_ c: (width: Int?, height: Int?, bitDepth: Int?)) throws {
        let error = BrokenFiles.error(try Self.withHeader(width: c.width, height: c.height, bitDepth: c.bitDepth))
        #expect(error?.kind == .corrupt || error?.kind == .inconsistent || error?.kind == .unsupported)
    }

    @Test func impossibleColourTypeIsAnError() throws {
        let error = BrokenFiles.error(try Self.withHeader(colourType: 5))
        #expect(error != nil)
    }
}
