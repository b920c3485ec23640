/// Thins an ink mask to a one-pixel skeleton (Zhang & Suen 1984) and redraws it with a round pen, so every
/// signature leaves the normaliser with the same stroke width whatever pen wrote it.
public enum StrokeRedrawer {
    /// The skeleton of `mask` (1 = ink), `width` x `height`.
    public static func skeleton(_ mask: [UInt8], width: Int, height: Int) -> [UInt8] {
        // Pad by one pixel so neighbour reads need no bounds checks.
        let pw = width + 2, ph = height + 2
        var img = [UInt8](repeating: 0, count: pw * ph)
        for y in 0..<height { for x in 0..<width { img[(y + 1) * pw + x + 1] = mask[y * width + x] != 0 ? 1 : 0 } }
        var remove: [Int] = []
        var changed = true
        img.withUnsafeMutableBufferPointer { ib in
            let p = ib.baseAddress!
            while changed {
                changed = false
                for pass in 0..<2 {
                    remove.removeAll(keepingCapacity: true)
                    for y in 1...height {
                        for x in 1...width {
                            let i = y * pw + x
                            guard p[i] != 0 else { continue }
                            // Neighbours P2..P9 clockwise from north.
                            let n = [p[i - pw], p[i - pw + 1], p[i + 1], p[i + pw + 1], p[i + pw], p[i + pw - 1], p[i - 1], p[i - pw - 1]]
                            let b = n.reduce(0) { $0 + Int($1) }
                            guard b >= 2 && b <= 6 else { continue }
                            var a = 0
                            for k in 0..<8 where n[k] == 0 && n[(k + 1) % 8] == 1 { a += 1 }
                            guard a == 1 else { continue }
                            if pass == 0 {
                                guard n[0] * n[2] * n[4] == 0, n[2] * n[4] * n[6] == 0 else { continue }
                            } else {
                                guard n[0] * n[2] * n[6] == 0, n[0] * n[4] * n[6] == 0 else { continue }
                            }
                            remove.append(i)
                        }
                    }
                    if !remove.isEmpty { changed = true }
                    for i in remove { p[i] = 0 }
                }
            }
        }
        var out = [UInt8](repeating: 0, count: width * height)
        for y in 0..<height { for x in 0..<width { out[y * width + x] = img[(y + 1) * pw + x + 1] } }
        return out
    }

    /// The skeleton of `mask` redrawn with a disc of diameter `penWidth` pixels (1 = ink).
    public static func redraw(_ mask: [UInt8], width: Int, height: Int, penWidth: Double) -> [UInt8] {
        let bones = skeleton(mask, width: width, height: height)
        let r = max(0.5, penWidth / 2)
        let reach = Int(r.rounded(.up))
        var disc: [(Int, Int)] = []
        for dy in -reach...reach { for dx in -reach...reach where Double(dx * dx + dy * dy) <= r * r { disc.append((dx, dy)) } }
        var out = [UInt8](repeating: 0, count: width * height)
        for y in 0..<height {
            for x in 0..<width where bones[y * width + x] != 0 {
                for (dx, dy) in disc {
                    let xx = x + dx, yy = y + dy
                    if xx >= 0 && yy >= 0 && xx < width && yy < height { out[yy * width + xx] = 1 }
                }
            }
        }
        return out
    }
}
