import Foundation
import Testing
@testable import Imaging

/// A sequential JPEG page split between two threads (the second skipping the upper rows with
/// `jpeg_skip_scanlines`) decodes to exactly the pixels, and fails with exactly the error, of a one-thread decode,
/// wherever the split falls.
struct JPEGSplitDecodeTests {
    enum Colour: String, CaseIterable, Sendable { case grey, ycbcr420, ycbcr444 }

    struct Case: Sendable, CustomStringConvertible {
        let colour: Colour, width: Int, height: Int, restartInterval: Int
        var description: String { "\(colour) \(width)x\(height) restart \(restartInterval)" }
    }

    /// Heights on and off the 8- and 16-row iMCU grid, widths off the MCU grid, with and without restart markers.
    static let cases: [Case] = Colour.allCases.flatMap { colour in
        [(64, 48, 0), (161, 97, 0), (203, 131, 3), (120, 200, 1), (77, 33, 0)].map {
            Case(colour: colour, width: $0.0, height: $0.1, restartInterval: $0.2)
        }
    }

    static func encode(_ c: Case, progressive: Bool = false, arithmetic: Bool = false, quality: Int = 92) throws -> [UInt8] {
        let components = c.colour == .grey ? 1 : 3
        let image = SyntheticImage.page(width: c.width, height: c.height, channels: components, bits: 8,
                                        seed: UInt64(c.width * 1000 + c.height))
        var options = JPEGEncoder.Options()
        options.quality = quality
        options.subsample = c.colour == .ycbcr420
        options.restartInterval = c.restartInterval
        options.progressive = progressive
        options.arithmetic = arithmetic
        return try JPEGEncoder.encode(image.values.map { UInt8($0) }, width: c.width, height: c.height,
                                      components: components, options: options)
    }

    static func decode(_ bytes: [UInt8], split: Int, colour: Bool) -> Result<PageImage, ImageDecodeError> {
        var options = DecodeOptions(keepColour: colour)
        options.jpegSplitRow = split
        do throws(ImageDecodeError) {
            return .success(try ImageDecoder(options: options).open(FileBytes(bytes, name: "page.jpg")).page(0))
        } catch {
            return .failure(error)
        }
    }

    /// Whether two pages hold the same samples (a plain Bool: an expectation on the arrays themselves would print
    /// both arrays on failure).
    static func same(_ a: PageImage, _ b: PageImage) -> Bool {
        a.width == b.width && a.height == b.height && a.gray == b.gray && a.rgb == b.rgb
    }

    /// Rows to split at: the first and last rows, on and off the iMCU grid.
    static func splitRows(height: Int) -> [Int] {
        Array(Set([1, 7, 8, 9, 15, 16, 17, height / 2, height / 2 + 3, height - 16, height - 8, height - 1].filter { $0 > 0 && $0 < height })).sorted()
    }

    @Test(arguments: cases)
    func splitDecodeIsPixelIdentical(_ c: Case) throws {
        let bytes = try Self.encode(c)
        for colour in [false, true] {
            let whole = try Self.decode(bytes, split: 0, colour: colour).get()
            #expect(whole.width == c.width && whole.height == c.height)
            for split in Self.splitRows(height: c.height) {
                let halves = try Self.decode(bytes, split: split, colour: colour).get()
                #expect(Self.same(halves, whole), "\(c), colour \(colour): pixels differ when split at row \(split)")
            }
        }
    }

    /// The automatic split (a page of a million pixels or more, two threads allowed) against one thread.
    @Test(arguments: [Colour.grey, .ycbcr420])
    func automaticSplitOfALargePageIsPixelIdentical(_ colour: Colour) throws {
        let c = Case(colour: colour, width: 1240, height: 877, restartInterval: 0)
        let bytes = try Self.encode(c, quality: 85)
        let file = FileBytes(bytes, name: "large.jpg")
        for keepColour in [false, true] {
            let one = try ImageDecoder(options: DecodeOptions(keepColour: keepColour, threads: 1)).open(file).page(0)
            let two = try ImageDecoder(options: DecodeOptions(keepColour: keepColour, threads: 2)).open(file).page(0)
            #expect(Self.same(one, two), "colour \(keepColour)")
        }
        // Cut above and below where the automatic split falls: the same error from one and two threads.
        for cut in [bytes.count * 3 / 10, bytes.count * 6 / 10, bytes.count * 95 / 100] {
            let damaged = FileBytes(Array(bytes.prefix(cut)), name: "large.jpg")
            var errors: [ImageDecodeError] = []
            for threads in [1, 2] {
                #expect(throws: ImageDecodeError.self) {
                    do throws(ImageDecodeError) {
                        _ = try ImageDecoder(options: DecodeOptions(threads: threads)).open(damaged).page(0)
                    } catch {
                        errors.append(error)
                        throw error
                    }
                }
            }
            #expect(errors.count == 2 && errors[0] == errors[1] && errors[0].kind == .truncated, "cut \(cut): \(errors)")
        }
    }

    /// Pages of 1.3 megapixels that compress to a few kilobytes (64-pixel squares): they take the automatic split,
    /// and, small enough for the fuzzer's 64 KB inputs, they are its seeds for the two-thread path (written through
    /// `FixtureFolder`, so `SIGFORENSICS_FIXTURE_CORPUS` collects them; see the README's fuzzing section).
    @Test(arguments: [(Colour.grey, 0), (.grey, 4), (.ycbcr420, 0)])
    func smallFileOfALargePageSplitsIdentically(_ kind: (colour: Colour, restartInterval: Int)) throws {
        let (width, height) = (1280, 1024), components = kind.colour == .grey ? 1 : 3
        var samples = [UInt8](repeating: 0, count: width * height * components)
        for y in 0..<height {
            for x in 0..<width {
                let light = (x / 64 + y / 64) % 2 == 1
                for c in 0..<components {
                    samples[(y * width + x) * components + c] = light ? UInt8(200 - 40 * c) : UInt8(30 + 50 * c)
                }
            }
        }
        var options = JPEGEncoder.Options()
        options.quality = 50
        options.subsample = kind.colour == .ycbcr420
        options.restartInterval = kind.restartInterval
        let bytes = try JPEGEncoder.encode(samples, width: width, height: height, components: components, options: options)
        #expect(bytes.count < 64 << 10, "\(bytes.count) bytes: too large for the fuzzer's inputs")
        let folder = try FixtureFolder()
        let path = try folder.write(bytes, "split-seed-\(kind.colour)-r\(kind.restartInterval).jpg")
        let file = FileBytes(try folder.read((path as NSString).lastPathComponent), name: "seed.jpg")
        for keepColour in [false, true] {
            let one = try ImageDecoder(options: DecodeOptions(keepColour: keepColour, threads: 1)).open(file).page(0)
            let two = try ImageDecoder(options: DecodeOptions(keepColour: keepColour, threads: 2)).open(file).page(0)
            #expect(one.width == width && one.height == height)
            #expect(Self.same(one, two), "colour \(keepColour)")
        }
    }

    /// Progressive and arithmetic-coded pages are never split: asked to, they decode as with one thread.
    @Test(arguments: [(true, false), (false, true)])
    func otherCodingModesFallBackToOneThread(_ mode: (progressive: Bool, arithmetic: Bool)) throws {
        let c = Case(colour: .ycbcr420, width: 161, height: 97, restartInterval: 0)
        let bytes = try Self.encode(c, progressive: mode.progressive, arithmetic: mode.arithmetic)
        for colour in [false, true] {
            let whole = try Self.decode(bytes, split: 0, colour: colour).get()
            for split in [8, 40, 96] {
                let asked = try Self.decode(bytes, split: split, colour: colour).get()
                #expect(Self.same(asked, whole), "split \(split), colour \(colour)")
            }
        }
    }

    /// A file cut short, above or below the split, fails with the same typed error (kind, stage, message).
    @Test(arguments: [Colour.grey, .ycbcr420])
    func truncatedFilesGiveTheSameError(_ colour: Colour) throws {
        let c = Case(colour: colour, width: 203, height: 131, restartInterval: 0)
        let good = try Self.encode(c)
        let scan = try #require(JPEGFixtures.segmentOffset(good, marker: 0xDA))
        for cut in stride(from: scan + 30, to: good.count, by: max(1, (good.count - scan) / 23)) + [good.count - 2, good.count - 1] {
            let bytes = Array(good.prefix(cut))
            guard case .failure(let expected) = Self.decode(bytes, split: 0, colour: false) else {
                Issue.record("cut to \(cut) of \(good.count) bytes decoded silently")
                continue
            }
            #expect(expected.kind == .truncated || cut >= good.count - 2, "cut \(cut): \(expected)")
            for split in [8, 64, 120] {
                for keepColour in [false, true] {
                    guard case .failure(let error) = Self.decode(bytes, split: split, colour: keepColour) else {
                        Issue.record("cut \(cut), split \(split): decoded silently")
                        continue
                    }
                    let reference = keepColour ? try #require(Self.decode(bytes, split: 0, colour: true).failure) : expected
                    #expect(error == reference, "cut \(cut), split \(split), colour \(keepColour)")
                }
            }
        }
    }

    /// Flipped bits in the entropy-coded data and restart markers: the split decode gives the same page or the
    /// same error as one thread, every time.
    @Test(arguments: [0, 2])
    func damagedDataGivesTheSameOutcome(_ restartInterval: Int) throws {
        let c = Case(colour: .ycbcr420, width: 203, height: 131, restartInterval: restartInterval)
        let good = try Self.encode(c)
        let scan = try #require(JPEGFixtures.segmentOffset(good, marker: 0xDA))
        var errors = 0
        for (_, bytes) in BrokenFiles.bitFlips(good, in: (scan + 20)..<(good.count - 2), trials: 60, seed: 12) {
            let one = Self.decode(bytes, split: 0, colour: true)
            if case .failure = one { errors += 1 }
            for split in [16, 64, 112] {
                let two = Self.decode(bytes, split: split, colour: true)
                switch (one, two) {
                case (.success(let a), .success(let b)): #expect(Self.same(a, b), "split \(split)")
                case (.failure(let a), .failure(let b)): #expect(a == b)
                default: Issue.record("split \(split): one thread \(one), two threads \(two)")
                }
            }
        }
        #expect(errors > 10)
    }
}

extension Result {
    /// The error, or nil on success.
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
