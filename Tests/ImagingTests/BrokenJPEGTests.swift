import Testing
@testable import Imaging

/// Damaged and lying JPEG files give a typed error, never a crash, a hang or a silently patched page.
struct BrokenJPEGTests {
    static func fixture(progressive: Bool = false, arithmetic: Bool = false) throws -> [UInt8] {
        let image = SyntheticImage.page(width: 240, height: 160, channels: 3, bits: 8, seed: 81)
        var options = JPEGEncoder.Options()
        options.progressive = progressive
        options.arithmetic = arithmetic
        return try JPEGEncoder.encode(image.values.map { UInt8($0) }, width: 240, height: 160, components: 3, options: options)
    }

    @Test(arguments: [(false, false), (true, false), (false, true)])
    func truncatedAnywhereIsAnError(_ mode: (progressive: Bool, arithmetic: Bool)) throws {
        let good = try Self.fixture(progressive: mode.progressive, arithmetic: mode.arithmetic)
        #expect(BrokenFiles.error(good) == nil)
        let scan = try #require(JPEGFixtures.segmentOffset(good, marker: 0xDA))
        for cut in BrokenFiles.cuts(good.count) {
            let error = BrokenFiles.error(Array(good.prefix(cut)), name: "cut.jpg")
            #expect(error != nil, "cut to \(cut) of \(good.count) bytes decoded silently")
            // Cut inside the entropy-coded data: libjpeg would only have warned; here it is "truncated".
            if cut > scan + 20 { #expect(error?.kind == .truncated, "cut \(cut): \(String(describing: error))") }
        }
    }

    @Test func bitFlipsGiveATypedErrorOrAPage() throws {
        let good = try Self.fixture()
        let scan = try #require(JPEGFixtures.segmentOffset(good, marker: 0xDA))
        var headerErrors = 0
        for (_, bytes) in BrokenFiles.bitFlips(good, in: 2..<scan, trials: 300, seed: 4) {
            if BrokenFiles.error(bytes) != nil { headerErrors += 1 }
        }
        var dataErrors = 0
        for (_, bytes) in BrokenFiles.bitFlips(good, in: (scan + 20)..<(good.count - 2), trials: 300, seed: 5) {
            if BrokenFiles.error(bytes) != nil { dataErrors += 1 }
        }
        // Many header bytes are quantisation and Huffman values any value of which is legal, and a flipped bit in
        // Huffman data can decode as another valid code: neither count can be all, but both must be many.
        #expect(headerErrors > 30)
        #expect(dataErrors > 30)
    }

    /// The fixture with its frame header's size replaced.
    static func resized(_ jpeg: [UInt8], width: Int, height: Int) throws -> [UInt8] {
        var bytes = jpeg
        let sof = try #require(JPEGFixtures.segmentOffset(bytes, marker: 0xC0))
        bytes[sof + 5] = UInt8(height >> 8); bytes[sof + 6] = UInt8(height & 0xFF)
        bytes[sof + 7] = UInt8(width >> 8); bytes[sof + 8] = UInt8(width & 0xFF)
        return bytes
    }

    @Test func sizeOverThePixelBudgetIsRefused() throws {
        let error = BrokenFiles.error(try Self.resized(Self.fixture(), width: 65000, height: 65000), options: DecodeOptions())
        #expect(error?.kind == .tooLarge)
    }

    @Test func sizeTheFileCannotHoldIsInconsistent() throws {
        // 12,000 x 12,000 = 144 MP, under the default budget, from a file of a few kilobytes.
        let error = BrokenFiles.error(try Self.resized(Self.fixture(), width: 12000, height: 12000), options: DecodeOptions())
        #expect(error?.kind == .inconsistent)
    }

    @Test func zeroSizeIsAnError() throws {
        let error = BrokenFiles.error(try Self.resized(Self.fixture(), width: 0, height: 160))
        #expect(error != nil)
    }

    @Test func scanDataReplacedByMarkersIsAnError() throws {
        var bad = try Self.fixture()
        let scan = try #require(JPEGFixtures.segmentOffset(bad, marker: 0xDA))
        // An unexpected marker (RST out of sequence) in the middle of the scan.
        bad[scan + 200] = 0xFF; bad[scan + 201] = 0xD3
        let error = BrokenFiles.error(bad)
        #expect(error?.kind == .corrupt || error?.kind == .truncated)
    }
}

/// A progressive file of hundreds of legal scans (a denial-of-service shape) is stopped, not decoded for minutes.
struct JPEGScanLimitTests {
    @Test func moreThanFiveHundredScansIsRefused() throws {
        let folder = try FixtureFolder()
        let image = SyntheticImage.page(width: 64, height: 64, channels: 1, bits: 8, seed: 82)
        let plain = try folder.write(try JPEGEncoder.encode(image.values.map { UInt8($0) }, width: 64, height: 64, components: 1), "plain.jpg")
        let few = folder.path("progressive.jpg")
        try folder.run("jpegtran", ["-progressive", "-outfile", few, plain])
        // jpegtran writes at most 100 scans: repeat the file's last scan (marker to end of data) 600 times.
        let progressive = try folder.read("progressive.jpg")
        let lastScan = try #require((0..<(progressive.count - 1)).last { progressive[$0] == 0xFF && progressive[$0 + 1] == 0xDA })
        let scan = progressive[lastScan..<(progressive.count - 2)]
        var repeated = Array(progressive[..<(progressive.count - 2)])
        for _ in 0..<600 { repeated += scan }
        let many = try folder.write(repeated + [0xFF, 0xD9], "many-scans.jpg")

        #expect(try decodeAll(few).first?.source.compression == "jpeg-progressive")
        let error = try #require(throws: ImageDecodeError.self) { try decodeAll(many) }
        #expect(error.message.contains("scans"))
    }
}
