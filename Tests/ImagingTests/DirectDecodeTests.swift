import Testing
@testable import Imaging

/// The benchmark reference (`bench decode --direct`) decodes the same pages as the Swift decoder, and fails where
/// the libraries fail.
struct DirectDecodeTests {
    @Test(arguments: [1, 2])
    func decodesThePixelsOfEveryPage(_ threads: Int) throws {
        let folder = try FixtureFolder()
        let fax = SyntheticImage.page(width: 1700, height: 1250, channels: 1, bits: 1, seed: 101)
        let grey = SyntheticImage.page(width: 300, height: 200, channels: 1, bits: 8, seed: 102)
        var faxSpec = TIFFFixtures.spec(fax, bits: 1, photometric: 0, codec: .g4, layout: .stripsLittle)
        faxSpec.rowsPerStrip = 100
        let tiff = try TIFFFixtures.write([faxSpec, TIFFFixtures.spec(grey, bits: 8, photometric: 1, codec: .lzw, layout: .tilesBig)],
                                          layout: .stripsLittle, in: folder, name: "two-pages.tif")
        let jpeg = try folder.write(try JPEGEncoder.encode(grey.values.map { UInt8($0) }, width: 300, height: 200, components: 1), "page.jpg")
        let png = try folder.write(try PNGEncoder.encodeGray(grey.values.map { UInt8($0) }, width: 300, height: 200), "page.png")

        for path in [tiff, jpeg, png] {
            let file = try FileBytes(contentsOf: path, maxBytes: 1 << 30)
            let ours = try decodeAll(path).reduce(0) { $0 + $1.pixelCount }
            #expect(try DirectDecode.decode(file, threads: threads) == ours)
            #expect(try DirectDecode.decode(file, threads: threads, toGray: true) == ours)
        }
    }

    @Test func failsOnDamage() throws {
        let bytes = try BrokenTIFFTests.fixture(.lzw, bits: 8)
        var damaged = bytes
        for i in 100..<400 { damaged[i] = 0xFF }
        #expect(throws: ImageDecodeError.self) { try DirectDecode.decode(FileBytes(damaged, name: "x.tif"), threads: 1) }
        #expect(throws: ImageDecodeError.self) { try DirectDecode.decode(FileBytes([1, 2, 3, 4], name: "x"), threads: 1) }
    }
}
