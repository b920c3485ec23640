import Testing
@testable import Imaging

/// A large compressed TIFF page whose strips are split between threads (each with its own libtiff handle) decodes
/// to the same pixels, and fails with the same error, as with one thread.
struct TIFFStripThreadsTests {
    static let width = 1500, height = 1400

    static func fixture(bits: Int, codec: TIFFCodec) throws -> [UInt8] {
        let folder = try FixtureFolder()
        let image = SyntheticImage.page(width: width, height: height, channels: 1, bits: bits, seed: 211)
        var spec = TIFFFixtures.spec(image, bits: bits, photometric: bits == 1 ? 0 : 1, codec: codec, layout: .stripsLittle)
        spec.rowsPerStrip = 24
        _ = try TIFFFixtures.write([spec], layout: .stripsLittle, in: folder, name: "large.tif")
        return try folder.read("large.tif")
    }

    static func outcome(_ bytes: [UInt8], threads: Int) -> Result<PageImage, ImageDecodeError> {
        do throws(ImageDecodeError) {
            return .success(try ImageDecoder(options: DecodeOptions(threads: threads)).open(FileBytes(bytes, name: "large.tif")).page(0))
        } catch {
            return .failure(error)
        }
    }

    @Test(arguments: [(8, TIFFCodec.lzw), (8, .lzwPredictor), (1, .g4), (8, .deflate)])
    func everyThreadCountGivesThePixelsOfOne(_ c: (bits: Int, codec: TIFFCodec)) throws {
        let bytes = try Self.fixture(bits: c.bits, codec: c.codec)
        let one = try Self.outcome(bytes, threads: 1).get()
        for threads in [2, 3, 7, 40] {
            let many = try Self.outcome(bytes, threads: threads).get()
            let same = one.gray == many.gray
            #expect(same, "\(c.codec), \(threads) threads")
        }
    }

    /// Damage in the upper strips, the lower strips, or both: the same error (the first damaged strip's) or the
    /// same page, whatever the number of threads.
    @Test func damageGivesTheSameOutcome() throws {
        let good = try Self.fixture(bits: 8, codec: .lzw)
        // The strips lie between the header and the directory libtiff writes after them.
        let places = [[good.count / 5], [good.count * 3 / 4], [good.count / 5, good.count * 3 / 4], [good.count / 2]]
        var failures = 0
        for place in places {
            var bytes = good
            for at in place { for i in at..<(at + 64) { bytes[i] ^= 0x5A } }
            let one = Self.outcome(bytes, threads: 1)
            if case .failure = one { failures += 1 }
            for threads in [2, 3] {
                switch (one, Self.outcome(bytes, threads: threads)) {
                case (.success(let a), .success(let b)):
                    let same = a.gray == b.gray
                    #expect(same, "damage at \(place), \(threads) threads")
                case (.failure(let a), .failure(let b)): #expect(a == b, "damage at \(place), \(threads) threads")
                case (let a, let b): Issue.record("damage at \(place): one thread \(a), \(threads) threads \(b)")
                }
            }
        }
        #expect(failures > 0)
    }
}
