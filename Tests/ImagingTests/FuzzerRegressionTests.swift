import Foundation
import Testing
@testable import Imaging

/// Every input the decoder fuzzer once reported still gives a typed error or a page (see Regressions/README.md).
struct FuzzerRegressionTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Regressions")

    static var inputs: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { !$0.hasSuffix(".md") }.sorted()
    }

    @Test func thereAreFindingsToReplay() {
        #expect(!Self.inputs.isEmpty)
    }

    @Test(arguments: inputs)
    func decodesOrFailsCleanly(_ name: String) throws {
        let bytes = [UInt8](try Data(contentsOf: Self.folder.appendingPathComponent(name)))
        // The fuzzer's own options: a 4 MP budget, colour kept.
        let options = DecodeOptions(pixelBudget: 4_000_000, keepColour: true, maxPages: 64)
        switch BrokenFiles.outcome(bytes, name: name, options: options) {
        case .success(let pages): #expect(pages.allSatisfy { $0.gray.count == $0.width * $0.height })
        case .failure(let error): #expect(error.file == name && !error.message.isEmpty)
        }
    }

    @Test func damagedPNGImageDataIsAnError() throws {
        let bytes = [UInt8](try Data(contentsOf: Self.folder.appendingPathComponent("png-row-table-leak-after-longjmp.png")))
        let error = BrokenFiles.error(bytes)
        #expect(error?.kind == .corrupt || error?.kind == .truncated)
        #expect(error?.stage == "decoding the PNG image data")
    }
}
