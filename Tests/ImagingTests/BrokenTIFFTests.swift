import Testing
@testable import Imaging

/// Damaged and lying TIFF files give a typed error, never a crash, a hang or a silently patched page.
struct BrokenTIFFTests {
    static func fixture(_ codec: TIFFCodec, bits: Int = 1, layout: TIFFLayout = .stripsLittle, pages: Int = 1) throws -> [UInt8] {
        let folder = try FixtureFolder()
        let image = SyntheticImage.page(width: 203, height: 77, channels: 1, bits: bits, seed: 71)
        let spec = TIFFFixtures.spec(image, bits: bits, photometric: bits == 1 ? 0 : 1, codec: codec, layout: layout)
        _ = try TIFFFixtures.write(Array(repeating: spec, count: pages), layout: layout, in: folder, name: "good.tif")
        return try folder.read("good.tif")
    }

    struct Source: Sendable, CustomStringConvertible {
        let codec: TIFFCodec, bits: Int, layout: TIFFLayout
        var description: String { "\(bits)-bit \(codec) \(layout)" }
    }

    static let sources = [Source(codec: .g4, bits: 1, layout: .stripsLittle), Source(codec: .g3, bits: 1, layout: .stripsBig),
                          Source(codec: .lzwPredictor, bits: 8, layout: .stripsLittle), Source(codec: .none, bits: 8, layout: .tilesBig),
                          Source(codec: .deflate, bits: 8, layout: .bigTIFFLittle), Source(codec: .packBits, bits: 8, layout: .stripsBig),
                          Source(codec: TIFFCodec(compression: 7, predictor: 1), bits: 8, layout: .stripsLittle)]

    @Test(arguments: sources)
    func truncatedAnywhereIsAnError(_ s: Source) throws {
        let good = try Self.fixture(s.codec, bits: s.bits, layout: s.layout, pages: 2)
        guard case .success = BrokenFiles.outcome(good) else { Issue.record("the intact file must decode"); return }
        for cut in BrokenFiles.cuts(good.count) {
            let outcome = BrokenFiles.outcome(Array(good.prefix(cut)))
            if case .success(let pages) = outcome {
                Issue.record("cut to \(cut) of \(good.count) bytes decoded silently: \(pages.count) pages \(pages.map(\.source.notes))")
            }
        }
    }

    @Test(arguments: sources)
    func bitFlipsGiveATypedErrorOrAPage(_ s: Source) throws {
        let good = try Self.fixture(s.codec, bits: s.bits, layout: s.layout)
        var errors = 0
        // Header and directory (libtiff writes the directory after the data), then the image data.
        let header = BrokenFiles.bitFlips(good, in: 0..<16, trials: 60, seed: 1)
        let directory = BrokenFiles.bitFlips(good, in: max(16, good.count - 200)..<good.count, trials: 150, seed: 2)
        let data = BrokenFiles.bitFlips(good, in: 16..<max(17, good.count - 200), trials: 150, seed: 3)
        for (_, bytes) in header + directory + data {
            if case .failure = BrokenFiles.outcome(bytes) { errors += 1 }
        }
        // Most flips must be caught; a flip in an uncompressed sample or an unused tag byte legitimately is not.
        #expect(errors > 0)
    }

    @Test func faxDataDamageIsAnError() throws {
        let good = try Self.fixture(.g4)
        // Overwrite the middle of the coded data with zero bytes: no G4 code is a run of more than 11 zero bits.
        var bad = good
        for i in 200..<260 { bad[i] = 0 }
        let error = try #require(BrokenFiles.error(bad))
        #expect(error.kind == .corrupt)
        #expect(error.page == 0)
        #expect(error.stage.contains("strip"))
    }

    struct TagCase: Sendable, CustomStringConvertible {
        let name: String
        /// The error kinds accepted; empty when the page must decode.
        let kinds: Set<ImageDecodeError.Kind>
        /// libtiff repairs this lie with a warning, which the page's notes must carry (or the page is refused).
        var repaired = false
        let change: @Sendable (inout MiniTIFF) -> Void
        var description: String { name }
    }

    static let tagCases: [TagCase] = [
        TagCase(name: "3 bits per sample", kinds: [.unsupported]) { $0.set(.short(258, 3)) },
        TagCase(name: "32 bits per sample", kinds: [.unsupported]) { $0.set(.short(258, 32)) },
        TagCase(name: "0 bits per sample", kinds: [.unsupported, .corrupt]) { $0.set(.short(258, 0)) },
        TagCase(name: "0 samples per pixel", kinds: [.unsupported, .corrupt]) { $0.set(.short(277, 0)) },
        TagCase(name: "60000 samples per pixel", kinds: [.unsupported, .corrupt, .inconsistent]) { $0.set(.short(277, 60000)) },
        TagCase(name: "zero width", kinds: [.inconsistent, .corrupt]) { $0.set(.long(256, 0)) },
        TagCase(name: "no height", kinds: [.inconsistent, .corrupt]) { $0.remove(257) },
        TagCase(name: "unknown compression", kinds: [.unsupported, .corrupt]) { $0.set(.short(259, 12345)) },
        TagCase(name: "unknown photometric", kinds: [.unsupported, .corrupt]) { $0.set(.short(262, 99)) },
        // libtiff reads an 8-bit palette page without a colour map as grey, silently; the samples are shown as grey.
        TagCase(name: "palette without colour map", kinds: []) { $0.set(.short(262, 3)) },
        TagCase(name: "4-bit palette without colour map", kinds: [.corrupt, .inconsistent]) { $0.set(.short(262, 3)); $0.set(.short(258, 4)) },
        TagCase(name: "strip offset past the end", kinds: [.inconsistent, .corrupt]) { $0.set(.long(273, 1 << 30)) },
        TagCase(name: "strip byte count past the end", kinds: [.inconsistent, .corrupt], repaired: true) { $0.set(.long(279, 1 << 30)) },
        TagCase(name: "strip too short for the rows", kinds: [.inconsistent, .truncated, .corrupt], repaired: true) { $0.set(.long(279, 5)) },
        TagCase(name: "no strip offsets", kinds: [.inconsistent, .corrupt]) { $0.remove(273) },
        TagCase(name: "rows per strip zero", kinds: [.inconsistent, .corrupt]) { $0.set(.long(278, 0)) },
        TagCase(name: "signed samples", kinds: [.unsupported]) { $0.set(.short(339, 2)) },
        TagCase(name: "float samples", kinds: [.unsupported]) { $0.set(.short(339, 3)); $0.set(.short(258, 32)) },
        TagCase(name: "tile size not a multiple of 16", kinds: [.inconsistent, .corrupt]) {
            $0.set(.long(322, 17)); $0.set(.long(323, 17)); $0.remove(273); $0.remove(279); $0.remove(278)
            $0.set(.long(324, MiniTIFF.dataOffset)); $0.set(.long(325, 32))
        },
        TagCase(name: "planar separate with 3 samples and one strip", kinds: [.inconsistent, .corrupt]) {
            $0.set(.short(277, 3)); $0.set(.short(284, 2)); $0.set(.short(262, 2))
        },
        TagCase(name: "extra samples exceeding samples", kinds: [.unsupported, .corrupt, .inconsistent]) {
            $0.set(MiniTIFF.Entry(tag: 338, type: 3, values: [2, 2, 2]))
        },
        TagCase(name: "orientation 9", kinds: []) { $0.set(.short(274, 9)) },
        TagCase(name: "resolution zero", kinds: []) { $0.set(MiniTIFF.Entry(tag: 282, type: 4, values: [0])) },
    ]

    @Test(arguments: tagCases)
    func impossibleTagValues(_ c: TagCase) {
        var tiff = MiniTIFF.plainGrey()
        c.change(&tiff)
        let outcome = BrokenFiles.outcome(tiff.bytes(), name: "tags.tif")
        switch outcome {
        case .success(let pages):
            // An out-of-range orientation or resolution is ignored, never a reason to refuse the page; a lie that
            // libtiff repaired is decoded with libtiff's warning in the notes.
            if c.repaired {
                #expect(pages.first?.source.notes.contains { $0.hasPrefix("libtiff warned") } == true, "\(pages.first?.source.notes ?? [])")
            } else {
                #expect(c.kinds.isEmpty, "decoded although \(c.name)")
            }
            #expect(pages.first?.gray.count == 32)
        case .failure(let error):
            #expect(c.kinds.contains(error.kind), "\(error)")
            #expect(error.file == "tags.tif")
            #expect(!error.message.isEmpty)
        }
    }

    @Test func pageOverThePixelBudgetIsRefusedBeforeAllocation() {
        var tiff = MiniTIFF.plainGrey()
        tiff.set(.long(256, 100_000)); tiff.set(.long(257, 100_000)); tiff.set(.long(278, 100_000))
        let error = BrokenFiles.error(tiff.bytes())
        #expect(error?.kind == .tooLarge)
        #expect(error?.message.contains("budget") == true)
    }

    @Test func largestDeclarableSizeIsRefusedWithoutOverflow() {
        var tiff = MiniTIFF.plainGrey()
        tiff.set(.long(256, 0xFFFF_FFFF)); tiff.set(.long(257, 0xFFFF_FFFF)); tiff.set(.long(278, 0xFFFF_FFFF))
        let error = BrokenFiles.error(tiff.bytes())
        #expect(error?.kind == .tooLarge || error?.kind == .corrupt)
    }

    @Test(arguments: [1, 5, 8, 32773])
    func sizeTheDataCannotHoldIsInconsistent(_ compression: Int) {
        var tiff = MiniTIFF.plainGrey()
        // 4,000 x 4,000 pixels (under the budget) claimed by one 32-byte strip.
        tiff.set(.long(256, 4000)); tiff.set(.long(257, 4000)); tiff.set(.long(278, 4000)); tiff.set(.short(259, compression))
        let error = BrokenFiles.error(tiff.bytes())
        #expect(error?.kind == .inconsistent)
    }

    @Test func bilevelFaxSizeTheDataCannotHoldIsRefused() {
        var tiff = MiniTIFF.plainGrey()
        // 1-bit G4 of 14,000 x 14,000 (196 MP, under the default budget) from 32 bytes of data.
        tiff.set(.long(256, 14000)); tiff.set(.long(257, 14000)); tiff.set(.long(278, 14000))
        tiff.set(.short(258, 1)); tiff.set(.short(259, 4)); tiff.set(.short(262, 0))
        let error = BrokenFiles.error(tiff.bytes(), options: DecodeOptions())
        #expect(error != nil)
    }

    @Test(arguments: [0, 1])
    func directoryLoopEnds(_ target: Int) throws {
        var tiff = MiniTIFF.plainGrey()
        tiff.directories.append(tiff.directories[0])
        tiff.directories[0].next = 1
        tiff.directories[1].next = target  // back to the first page, or to itself
        let outcome = BrokenFiles.outcome(tiff.bytes(), name: "loop.tif")
        // libtiff cuts the loop after the last distinct directory (a warning): every page is read once, and the
        // page notes say that the chain looped.
        let pages = try outcome.get()
        #expect(pages.count == 2)
        #expect(pages.allSatisfy { $0.source.notes.contains { $0.contains("loop") } })
    }

    @Test func directoryChainLongerThanTheLimitIsRefused() throws {
        let good = try Self.fixture(.g4, pages: 5)
        let error = BrokenFiles.error(good, options: DecodeOptions(maxPages: 4))
        #expect(error?.kind == .tooLarge)
    }
}
