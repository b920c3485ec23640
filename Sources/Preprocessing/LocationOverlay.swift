import Imaging

/// Draws a page with its candidate boxes for a person to check: accepted signatures in red, rejected candidates in
/// orange, removed ruled lines in light blue, on the page's grey.
public enum LocationOverlay {
    /// Interleaved RGB of the page with the boxes drawn.
    public static func render(_ page: PageImage, _ result: LocationResult) -> [UInt8] {
        var rgb = [UInt8](repeating: 0, count: page.pixelCount * 3)
        let w = page.width, h = page.height
        for i in 0..<page.pixelCount {
            let g = page.gray[i]
            rgb[3 * i] = g; rgb[3 * i + 1] = g; rgb[3 * i + 2] = g
        }
        let thickness = max(2, Int(result.resolution.dpi / 100))
        func rectangle(_ b: PixelBox, _ colour: (UInt8, UInt8, UInt8), _ t: Int) {
            guard let c = b.expanded(dx: t, dy: t).clipped(width: w, height: h) else { return }
            for y in c.y..<c.maxY {
                for x in c.x..<c.maxX {
                    let edge = x < c.x + t || x >= c.maxX - t || y < c.y + t || y >= c.maxY - t
                    guard edge else { continue }
                    rgb[3 * (y * w + x)] = colour.0; rgb[3 * (y * w + x) + 1] = colour.1; rgb[3 * (y * w + x) + 2] = colour.2
                }
            }
        }
        for line in result.clean?.lines ?? [] { rectangle(line.box, (120, 190, 255), 1) }
        for c in result.candidates where !result.signatures.contains(c) { rectangle(c.box, (255, 160, 0), thickness / 2 + 1) }
        for s in result.signatures { rectangle(s.box, (230, 0, 0), thickness) }
        return rgb
    }
}
