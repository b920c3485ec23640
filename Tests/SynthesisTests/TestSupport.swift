import Foundation
@testable import Synthesis

/// FNV-1a 64-bit: a stable hash of bytes for determinism checks.
func fnv1a(_ bytes: [UInt8]) -> UInt64 {
    var h: UInt64 = 0xCBF2_9CE4_8422_2325
    for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01B3 }
    return h
}

/// A fresh temporary folder (mkdtemp), removed by the caller with `removeTree`.
func temporaryFolder(_ label: String) throws -> String {
    var template = Array((NSTemporaryDirectory() + "/synth-\(label)-XXXXXX").utf8CString)
    guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
        throw CocoaError(.fileWriteUnknown)
    }
    return String(cString: made)
}

func removeTree(_ path: String) { try? FileManager.default.removeItem(atPath: path) }

/// Every regular file under `root`, relative, sorted.
func filesUnder(_ root: String) -> [String] {
    let e = FileManager.default.enumerator(atPath: root)
    var out: [String] = []
    while let p = e?.nextObject() as? String {
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: root + "/" + p, isDirectory: &isDir), !isDir.boolValue { out.append(p) }
    }
    return out.sorted()
}

func readBytes(_ path: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))) }

/// A simple shape descriptor of a crop: ink (below a fixed threshold) cropped to its box, resized to 40×120 by
/// area averaging, lightly blurred. Distances between descriptors compare shapes, not pens or paper.
func shapeDescriptor(_ image: SignatureImage) -> [Double] {
    let w = image.width, h = image.height
    var minX = w, minY = h, maxX = -1, maxY = -1
    for y in 0..<h { for x in 0..<w where image.gray[y * w + x] < 160 {
        minX = min(minX, x); maxX = max(maxX, x); minY = min(minY, y); maxY = max(maxY, y)
    } }
    let rows = 40, cols = 120
    var out = [Double](repeating: 0, count: rows * cols)
    guard maxX >= minX else { return out }
    let bw = Double(maxX - minX + 1), bh = Double(maxY - minY + 1)
    for y in minY...maxY { for x in minX...maxX where image.gray[y * w + x] < 160 {
        let r = min(rows - 1, Int(Double(y - minY) / bh * Double(rows)))
        let c = min(cols - 1, Int(Double(x - minX) / bw * Double(cols)))
        out[r * cols + c] += 1
    } }
    let total = out.reduce(0, +)
    var blurred = out
    for r in 0..<rows { for c in 0..<cols {
        var s = 0.0
        for dr in -2...2 { for dc in -2...2 {
            let rr = min(rows - 1, max(0, r + dr)), cc = min(cols - 1, max(0, c + dc))
            s += out[rr * cols + cc]
        } }
        blurred[r * cols + c] = s / 25 / max(total, 1) * Double(rows * cols)
    } }
    return blurred
}

func distance(_ a: [Double], _ b: [Double]) -> Double {
    var s = 0.0
    for i in a.indices { s += abs(a[i] - b[i]) }
    return s / Double(a.count)
}
