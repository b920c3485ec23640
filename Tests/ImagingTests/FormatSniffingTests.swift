import Testing
@testable import Imaging

/// Given the first bytes of a file, the format is decided by content alone.
struct FormatSniffingTests {
    @Test func recognisesEachMagicNumber() {
        #expect(ImageFormat.sniff([0xFF, 0xD8, 0xFF, 0xE0]) == .jpeg)
        #expect(ImageFormat.sniff([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) == .png)
        #expect(ImageFormat.sniff([0x49, 0x49, 42, 0]) == .tiff)
        #expect(ImageFormat.sniff([0x4D, 0x4D, 0, 42]) == .tiff)
        #expect(ImageFormat.sniff([0x49, 0x49, 43, 0]) == .bigtiff)
        #expect(ImageFormat.sniff([0x4D, 0x4D, 0, 43]) == .bigtiff)
    }

    @Test func refusesEverythingElse() {
        #expect(ImageFormat.sniff([UInt8]("root:x:0:0".utf8)) == nil)
        #expect(ImageFormat.sniff([0xFF, 0xD8]) == nil)
        #expect(ImageFormat.sniff([UInt8]()) == nil)
    }
}
