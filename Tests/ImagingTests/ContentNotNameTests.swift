import Testing
@testable import Imaging

/// The format is decided by content: empty files, misnamed files and files that are no image at all.
struct ContentNotNameTests {
    @Test(arguments: ["empty.tif", "empty.jpg", "empty.png"])
    func zeroLengthIsEmpty(_ name: String) throws {
        let folder = try FixtureFolder()
        let path = try folder.write([], name)
        let error = try #require(throws: ImageDecodeError.self) { try ImageDecoder().open(path: path) }
        #expect(error.kind == .empty)
        #expect(error.file == path)
        #expect(BrokenFiles.error([])?.kind == .empty)
    }

    @Test func misnamedFilesDecodeByContent() throws {
        let folder = try FixtureFolder()
        let png = try PNGEncoder.encodeGray([10, 20, 30, 40], width: 2, height: 2)
        let jpeg = try JPEGEncoder.encode([UInt8](repeating: 128, count: 64), width: 8, height: 8, components: 1)
        let pngAsTIFF = try folder.write(png, "scan.tif")
        let jpegAsPNG = try folder.write(jpeg, "photo.png")
        #expect(try ImageDecoder().open(path: pngAsTIFF).format == .png)
        #expect(try decodeAll(pngAsTIFF).first?.gray == [10, 20, 30, 40])
        #expect(try ImageDecoder().open(path: jpegAsPNG).format == .jpeg)
    }

    @Test(arguments: [Array("<html><body>scan</body></html>".utf8), [0x25, 0x50, 0x44, 0x46, 0x2D, 0x31], [0x47, 0x49, 0x46, 0x38, 0x39, 0x61],
                      [0x49, 0x49, 0x2A], [0xFF, 0xD8]])
    func otherContentIsUnknownFormat(_ bytes: [UInt8]) throws {
        let folder = try FixtureFolder()
        let path = try folder.write(bytes, "document.tif")
        let error = try #require(throws: ImageDecodeError.self) { try ImageDecoder().open(path: path) }
        #expect(error.kind == .unknownFormat)
        #expect(error.description.contains("document.tif"))
    }

    @Test func aFolderOrMissingFileIsUnreadable() throws {
        let folder = try FixtureFolder()
        #expect(throws: ImageDecodeError.self) { try ImageDecoder().open(path: folder.url.path) }
        let error = try #require(throws: ImageDecodeError.self) { try ImageDecoder().open(path: folder.path("missing.tif")) }
        #expect(error.kind == .unreadable)
    }
}
