import Imaging
import Testing
@testable import Synthesis

/// The contact sheet lays out any grey tiles: references left, questioned right, each scaled into its cell.
@Suite struct ContactSheetTests {
    /// A white page of the given size with a black square in its middle.
    func page(width: Int, height: Int) -> PageImage {
        var gray = [UInt8](repeating: 255, count: width * height)
        for y in (height / 4)..<(3 * height / 4) { for x in (width / 4)..<(3 * width / 4) { gray[y * width + x] = 0 } }
        return PageImage(width: width, height: height, gray: gray,
                         source: SourceDescription(format: .png, compression: "none", bitsPerSample: 8, samplesPerPixel: 1, photometric: "min-is-black"))
    }

    @Test func decodedPagesAreLaidOutInTheirCells() {
        let sheet = ContactSheet(cellWidth: 100, cellHeight: 50)
        let rows = [(genuine: [page(width: 400, height: 200), page(width: 80, height: 40)], forged: [page(width: 300, height: 100)]),
                    (genuine: [page(width: 200, height: 200)], forged: [page(width: 50, height: 50)])]
        let composed = sheet.compose(rows)
        // Two columns left, a 12-pixel separator, one column right; gaps of 4.
        #expect(composed.width == 3 * (100 + 4) + 12 + 4)
        #expect(composed.height == 2 * (50 + 4) + 4)
        func pixel(_ x: Int, _ y: Int) -> UInt8 { composed.gray[y * composed.width + x] }
        // Each tile's middle is ink; its cell's corner is paper; the space between rows is the sheet's grey.
        #expect(pixel(4 + 50, 4 + 25) == 0)
        #expect(pixel(4 + 104 + 50, 4 + 25) == 0)
        #expect(pixel(4 + 2 * 104 + 12 + 50, 4 + 25) == 0)
        #expect(pixel(4 + 104 + 50, 4 + 54 + 25) == 200)   // the second row has one reference: its second cell is empty
        #expect(pixel(5, 5) == 255)
        #expect(pixel(1, 1) == 200)
    }
}
