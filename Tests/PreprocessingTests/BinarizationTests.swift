import Imaging
import Testing
@testable import Preprocessing

@Suite("Binarisation")
struct BinarizationTests {
    /// Agreement of a mask with the ink a test drew: (share of drawn ink found, share of paper called ink).
    func agreement(_ mask: InkMask, _ page: TestPage) -> (recall: Double, falseInk: Double) {
        var inkHit = 0, ink = 0, paperHit = 0, paper = 0
        for i in 0..<page.ink.count {
            if page.ink[i] != 0 { ink += 1; if mask.bits[i] != 0 { inkHit += 1 } } else { paper += 1; if mask.bits[i] != 0 { paperHit += 1 } }
        }
        return (Double(inkHit) / Double(ink), Double(paperHit) / Double(paper))
    }

    @Test("Otsu finds the drawn ink on an evenly lit page")
    func otsuOnEvenPage() {
        var rng = SplitMix64(seed: 11)
        var page = TestPage(width: 900, height: 700, dpi: 200)
        page.printBlock(x: 50, y: 50, width: 800, lines: 6, rng: &rng)
        page.scribble(in: PixelBox(x: 200, y: 450, width: 400, height: 150), rng: &rng)
        page.scan(noise: 6, rng: &rng)
        let result = Binarizer(method: .otsu).binarize(page.page, dpi: 200)
        let a = agreement(result.mask, page)
        #expect(result.applied == "otsu")
        #expect(result.otsu.threshold > 60 && result.otsu.threshold < 220)
        #expect(a.recall > 0.97)
        #expect(a.falseInk < 0.001)
    }

    @Test("Sauvola finds the ink on a page whose right side is in shadow; Otsu does not; automatic picks Sauvola")
    func sauvolaOnShadedPage() {
        var rng = SplitMix64(seed: 12)
        var page = TestPage(width: 900, height: 700, dpi: 200, paper: 235)
        page.printBlock(x: 50, y: 50, width: 800, lines: 6, rng: &rng)
        page.scribble(in: PixelBox(x: 200, y: 450, width: 500, height: 150), rng: &rng, value: 60)
        page.scan(noise: 4, rng: &rng, darkenRight: 0.55)
        let sauvola = Binarizer(method: .sauvola(SauvolaParameters())).binarize(page.page, dpi: 200)
        let otsu = Binarizer(method: .otsu).binarize(page.page, dpi: 200)
        let automatic = Binarizer(method: .automatic).binarize(page.page, dpi: 200)
        let s = agreement(sauvola.mask, page), o = agreement(otsu.mask, page)
        #expect(s.recall > 0.9)
        #expect(s.falseInk < 0.01)
        #expect(o.falseInk > 0.05, "Otsu should call shaded paper ink (got \(o.falseInk))")
        #expect(automatic.applied == "sauvola")
        let same = automatic.mask == sauvola.mask
        #expect(same)
    }

    @Test("Automatic keeps Otsu on an even page")
    func automaticKeepsOtsu() {
        var rng = SplitMix64(seed: 13)
        var page = TestPage(width: 600, height: 500, dpi: 150)
        page.printBlock(x: 40, y: 40, width: 500, lines: 5, rng: &rng)
        page.scan(noise: 5, rng: &rng)
        let automatic = Binarizer(method: .automatic).binarize(page.page, dpi: 150)
        #expect(automatic.applied == "otsu")
        #expect(automatic.reason.contains("even paper"))
    }

    @Test("Otsu on a bilevel image splits black from white exactly")
    func otsuBilevel() {
        var gray = [UInt8](repeating: 255, count: 100 * 100)
        for i in stride(from: 0, to: gray.count, by: 7) { gray[i] = 0 }
        let r = OtsuThreshold.threshold(gray, width: 100, height: 100)
        #expect(r.threshold >= 0 && r.threshold < 255)
        #expect(r.darkMean == 0 && r.lightMean == 255)
    }

    @Test("Components: 8-connected runs, boxes and areas")
    func components() {
        var mask = InkMask(width: 20, height: 10)
        for x in 2..<8 { mask.bits[3 * 20 + x] = 1 }      // a bar
        mask.bits[4 * 20 + 8] = 1                           // diagonal neighbour of the bar's end
        for y in 1..<9 { mask.bits[y * 20 + 15] = 1 }      // a separate column
        let cc = ConnectedComponents(mask)
        #expect(cc.components.count == 2)
        let bar = cc.components.first { $0.box.x == 2 }
        #expect(bar?.area == 7)
        #expect(bar?.box == PixelBox(x: 2, y: 3, width: 7, height: 2))
        #expect(cc.components.contains { $0.box == PixelBox(x: 15, y: 1, width: 1, height: 8) && $0.area == 8 })
    }

    @Test("Word-wise run extraction equals a pixel-by-pixel scan on random masks")
    func runExtraction() {
        var rng = SplitMix64(seed: 5)
        for density in [0.05, 0.5, 0.95] {
            var mask = InkMask(width: 97, height: 13)
            for i in mask.bits.indices { mask.bits[i] = rng.unit() < density ? 1 : 0 }
            var naive: [InkRun] = []
            for y in 0..<13 {
                var x = 0
                while x < 97 {
                    if mask.bits[y * 97 + x] == 0 { x += 1; continue }
                    let start = x
                    while x < 97 && mask.bits[y * 97 + x] != 0 { x += 1 }
                    naive.append(InkRun(y: Int32(y), x0: Int32(start), x1: Int32(x)))
                }
            }
            #expect(ConnectedComponents.extractRuns(mask) == naive, "density \(density)")
        }
    }
}
