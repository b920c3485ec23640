import Foundation
import Imaging
@testable import EncoderTraining
import TwinEncoder
import Randomness

/// Seeded scribble signatures written as real PNG files in a temporary folder, in the dataset layout
/// (`<writer>/genuine/*.png`, `<writer>/forged/*.png`) or the cross-media layout.
enum DatasetFixture {
    static func temporaryFolder(_ tag: String) throws -> String {
        let dir = NSTemporaryDirectory() + "enc-train-\(tag)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// A 160×80 scribble: a writer-specific polyline (the writer's "shape") plus per-sample jitter.
    static func scribble(writer: Int, sample: Int, forged: Bool) -> GrayCrop {
        let (w, h) = (160, 80)
        var pixels = [UInt8](repeating: 250, count: w * h)
        var shape = SplitMix64(seed: UInt64(writer) &* 7919 &+ 17)
        var jitter = SplitMix64(seed: UInt64(writer) &* 104_729 &+ UInt64(sample) &* 31 &+ (forged ? 5 : 0))
        let points = (0..<8).map { _ in (Double(shape.nextUnit()) * 140 + 10, Double(shape.nextUnit()) * 60 + 10) }
        let wobble = forged ? 9.0 : 3.0
        for k in 0..<(points.count - 1) {
            let (x0, y0) = points[k], (x1, y1) = points[k + 1]
            let dx = Double(jitter.nextUnit() * 2 - 1) * wobble, dy = Double(jitter.nextUnit() * 2 - 1) * wobble
            for t in stride(from: 0.0, through: 1.0, by: 0.01) {
                let x = Int(x0 + (x1 + dx - x0) * t), y = Int(y0 + (y1 + dy - y0) * t)
                for yy in max(0, y - 1)...min(h - 1, y + 1) { for xx in max(0, x - 1)...min(w - 1, x + 1) { pixels[yy * w + xx] = 20 } }
            }
        }
        return GrayCrop(width: w, height: h, pixels: pixels)
    }

    static func writePNG(_ crop: GrayCrop, _ path: String) throws {
        try AtomicFile.write(try PNGEncoder.encodeGray(crop.pixels, width: crop.width, height: crop.height), to: path)
    }

    /// `writers` writers, each with `genuine` genuine and `forged` forged PNGs.
    static func dataset(writers: Int, genuine: Int, forged: Int) throws -> String {
        let root = try temporaryFolder("dataset")
        for wr in 0..<writers {
            for (kind, count) in [("genuine", genuine), ("forged", forged)] where count > 0 {
                let dir = "\(root)/writer\(wr)/\(kind)"
                try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
                for s in 0..<count { try writePNG(scribble(writer: wr, sample: s, forged: kind == "forged"), "\(dir)/\(s).png") }
            }
        }
        return root
    }

    /// The cross-media layout: `experiment/<v>/<1..20>.png` (names 1–10, twice each) and one control volunteer.
    static func crossMedia(volunteers: Int) throws -> String {
        let root = try temporaryFolder("crossmedia")
        for (group, count) in [("experiment", volunteers), ("control", 1)] {
            for v in 1...count {
                let dir = "\(root)/\(group)/\(v)"
                try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
                for n in 1...20 {
                    let writer = (group == "control" ? 1000 : 0) + v * 10 + (n - 1) % 10
                    try writePNG(scribble(writer: writer, sample: n, forged: false), "\(dir)/\(n).png")
                }
            }
        }
        return root
    }
}
