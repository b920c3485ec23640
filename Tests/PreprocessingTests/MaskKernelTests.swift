import Imaging
import Testing
@testable import Preprocessing

/// The C loops behind binarisation and labelling (`CMaskKernels`) against plain Swift references, on both of their
/// paths (AVX-512 where the CPU has it, and the portable C).
@Suite("Mask kernels")
struct MaskKernelTests {
    /// A random mask; `density` of its pixels are ink, and a few rows are all ink or all paper.
    private func randomMask(width: Int, height: Int, density: Double, rng: inout SplitMix64) -> InkMask {
        var mask = InkMask(width: width, height: height)
        for y in 0..<height {
            let kind = rng.unit()
            for x in 0..<width {
                mask.bits[y * width + x] = kind < 0.1 ? 1 : kind < 0.2 ? 0 : (rng.unit() < density ? 1 : 0)
            }
        }
        return mask
    }

    private func naiveRuns(_ mask: InkMask) -> [InkRun] {
        var runs: [InkRun] = []
        for y in 0..<mask.height {
            var x = 0
            while x < mask.width {
                if !mask.isInk(x, y) { x += 1; continue }
                let start = x
                while mask.isInk(x, y) { x += 1 }
                runs.append(InkRun(y: Int32(y), x0: Int32(start), x1: Int32(x)))
            }
        }
        return runs
    }

    private static let widths = [1, 2, 63, 64, 65, 127, 128, 129, 200, 333]

    @Test("Runs equal a pixel-by-pixel scan, on both paths, at widths around 64-column chunks")
    func runs() {
        var rng = SplitMix64(seed: 41)
        for width in Self.widths {
            for density in [0.0, 0.03, 0.5, 0.97, 1.0] {
                let mask = randomMask(width: width, height: 9, density: density, rng: &rng)
                let naive = naiveRuns(mask)
                #expect(ConnectedComponents.extractRuns(mask) == naive, "width \(width), density \(density)")
                #expect(ConnectedComponents.extractRuns(mask, portable: true) == naive, "portable, width \(width), density \(density)")
            }
        }
    }

    @Test("A page with more runs than the first block takes later blocks in order")
    func runsOverSeveralBlocks() {
        var rng = SplitMix64(seed: 42)
        // 700 x 700 at 0.5: about 120,000 runs, past the first block of 65,536.
        let mask = randomMask(width: 700, height: 700, density: 0.5, rng: &rng)
        let naive = naiveRuns(mask)
        #expect(naive.count > 1 << 16)
        #expect(ConnectedComponents.extractRuns(mask) == naive)
    }

    @Test("Thresholding with runs on the way gives Otsu's mask and that mask's runs")
    func thresholdRuns() {
        var rng = SplitMix64(seed: 43)
        for width in Self.widths {
            let height = 7
            let gray = (0..<(width * height)).map { _ in UInt8(truncatingIfNeeded: Int(rng.unit() * 256)) }
            for threshold in [0, 1, 127, 200, 254] as [UInt8] {
                var expected = [UInt8](repeating: 0, count: width * height)
                OtsuThreshold.apply(gray, count: gray.count, threshold: Int(threshold), into: &expected)
                for portable in [false, true] {
                    var mask = [UInt8](repeating: 7, count: width * height)
                    let runs = gray.withUnsafeBufferPointer { g in
                        mask.withUnsafeMutableBufferPointer { m in
                            ConnectedComponents.thresholdRuns(g.baseAddress!, threshold: threshold, into: m.baseAddress!,
                                                              width: width, height: height, portable: portable)
                        }
                    }
                    #expect(mask == expected, "width \(width), threshold \(threshold), portable \(portable)")
                    #expect(runs == naiveRuns(InkMask(width: width, height: height, bits: expected)))
                }
            }
        }
    }

    @Test("Sampled histograms equal counting every step-th row and column")
    func histogram() {
        var rng = SplitMix64(seed: 44)
        for width in [1, 5, 64, 101] {
            let height = 23
            let gray = (0..<(width * height)).map { _ in UInt8(truncatingIfNeeded: Int(rng.unit() * 256)) }
            for step in 1...4 {
                var expected = [Int](repeating: 0, count: 256)
                for y in stride(from: 0, to: height, by: step) {
                    for x in stride(from: 0, to: width, by: step) { expected[Int(gray[y * width + x])] += 1 }
                }
                let h = gray.withUnsafeBufferPointer { OtsuThreshold.histogram($0.baseAddress!, width: width, height: height, step: step) }
                #expect(h == expected, "width \(width), step \(step)")
            }
        }
    }

    @Test("Labelling equals an 8-connected flood fill: components by first run, boxes, areas, sums, run order")
    func labelling() {
        var rng = SplitMix64(seed: 45)
        for (width, height, density) in [(40, 30, 0.3), (130, 50, 0.45), (66, 66, 0.6), (5, 200, 0.5)] {
            let mask = randomMask(width: width, height: height, density: density, rng: &rng)
            // Flood fill, components numbered in raster order of their first pixel (= order of first run).
            var label = [Int](repeating: -1, count: width * height)
            var count = 0
            for start in 0..<(width * height) where mask.bits[start] != 0 && label[start] < 0 {
                var stack = [start]
                label[start] = count
                while let p = stack.popLast() {
                    let (x, y) = (p % width, p / width)
                    for dy in -1...1 {
                        for dx in -1...1 where mask.isInk(x + dx, y + dy) && label[(y + dy) * width + x + dx] < 0 {
                            label[(y + dy) * width + x + dx] = count
                            stack.append((y + dy) * width + x + dx)
                        }
                    }
                }
                count += 1
            }
            let cc = ConnectedComponents(mask)
            #expect(cc.components.count == count, "\(width)x\(height)")
            guard cc.components.count == count else { continue }
            var area = [Int](repeating: 0, count: count), sumY = [Double](repeating: 0, count: count)
            var minX = [Int](repeating: .max, count: count), maxX = [Int](repeating: -1, count: count)
            var minY = [Int](repeating: .max, count: count), maxY = [Int](repeating: -1, count: count)
            for p in label.indices where label[p] >= 0 {
                let c = label[p], (x, y) = (p % width, p / width)
                area[c] += 1; sumY[c] += Double(y)
                minX[c] = min(minX[c], x); maxX[c] = max(maxX[c], x); minY[c] = min(minY[c], y); maxY[c] = max(maxY[c], y)
            }
            for (i, run) in cc.runs.enumerated() {
                #expect(Int(cc.runComponent[i]) == label[Int(run.y) * width + Int(run.x0)])
            }
            for c in 0..<count {
                let comp = cc.components[c]
                #expect(comp.area == area[c])
                #expect(comp.sumY == sumY[c])
                #expect(comp.box == PixelBox(x: minX[c], y: minY[c], width: maxX[c] - minX[c] + 1, height: maxY[c] - minY[c] + 1))
                let runs = cc.runIndices(of: c).map { cc.runs[Int($0)] }
                #expect(runs.count == comp.runCount)
                #expect(runs.allSatisfy { Int(cc.runComponent[cc.runs.firstIndex(of: $0)!]) == c })
                #expect(zip(runs, runs.dropFirst()).allSatisfy { ($0.y, $0.x0) < ($1.y, $1.x0) }, "row order inside a component")
            }
        }
    }

    @Test("Runs of rows that changed are read again; the others are kept")
    func replacingRows() {
        var rng = SplitMix64(seed: 46)
        var mask = randomMask(width: 150, height: 40, density: 0.4, rng: &rng)
        let before = ConnectedComponents.extractRuns(mask)
        let rows = [0, 3, 4, 17, 39]
        for y in rows { for x in 0..<150 where rng.unit() < 0.5 { mask.bits[y * 150 + x] = 0 } }
        #expect(ConnectedComponents.runs(before, replacingRows: rows, from: mask) == naiveRuns(mask))
        #expect(ConnectedComponents.runs(before, replacingRows: [], from: mask) == before)
    }
}
