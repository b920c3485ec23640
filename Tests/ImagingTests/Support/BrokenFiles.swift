@testable import Imaging

/// Ways of breaking a good file, and the outcome of decoding the result.
enum BrokenFiles {
    /// What decoding every page gave: the pages, or the typed error of the first failure.
    static func outcome(_ bytes: [UInt8], name: String = "broken", options: DecodeOptions = DecodeOptions(pixelBudget: 20_000_000))
        -> Result<[PageImage], ImageDecodeError> {
        do {
            let document = try ImageDecoder(options: options).open(FileBytes(bytes, name: name))
            var pages: [PageImage] = []
            for index in 0..<document.pageCount { pages.append(try document.page(index)) }
            return .success(pages)
        } catch {
            return .failure(error)
        }
    }

    /// The error, or nil when the file decoded.
    static func error(_ bytes: [UInt8], name: String = "broken", options: DecodeOptions = DecodeOptions(pixelBudget: 20_000_000)) -> ImageDecodeError? {
        if case .failure(let e) = outcome(bytes, name: name, options: options) { return e }
        return nil
    }

    /// Lengths to cut a file of `count` bytes to: inside the header, and at several places through the data.
    static func cuts(_ count: Int) -> [Int] {
        Array(Set([1, 3, 4, 7, 8, 12, 16, 32, 100, count / 4, count / 2, 3 * count / 4, count - 16, count - 2, count - 1]
            .filter { $0 > 0 && $0 < count })).sorted()
    }

    /// `trials` copies of `bytes`, each with one seeded bit flipped at an offset in `range`.
    static func bitFlips(_ bytes: [UInt8], in range: Range<Int>, trials: Int, seed: UInt64) -> [(offset: Int, bytes: [UInt8])] {
        var rng = SeededRandom(seed: seed)
        return (0..<trials).map { _ in
            var copy = bytes
            let offset = range.lowerBound + rng.below(range.count)
            copy[offset] ^= UInt8(1 << rng.below(8))
            return (offset, copy)
        }
    }
}
