import Imaging

/// Cuts a signature's grey pixels out of a page, keeping only the cleaned ink (and a two-pixel rim around it for
/// the stroke edges): removed lines, specks and stamp ink become paper.
public enum SignatureCrop {
    /// The grey crop of `box` grown by `margin` pixels, and the box actually cut.
    public static func cut(_ page: PageImage, clean: CleanPage?, box: PixelBox, margin: Int = 4) -> (gray: [UInt8], box: PixelBox)? {
        guard let area = box.expanded(dx: margin, dy: margin).clipped(width: page.width, height: page.height) else { return nil }
        var out = [UInt8](repeating: 255, count: area.area)
        let rim = 2
        for y in 0..<area.height {
            for x in 0..<area.width {
                let px = area.x + x, py = area.y + y
                var keep = clean == nil
                if let mask = clean?.mask {
                    var dy = -rim
                    search: while dy <= rim {
                        var dx = -rim
                        while dx <= rim {
                            if mask.isInk(px + dx, py + dy) { keep = true; break search }
                            dx += 1
                        }
                        dy += 1
                    }
                }
                if keep { out[y * area.width + x] = page.gray[py * page.width + px] }
            }
        }
        return (out, area)
    }
}
