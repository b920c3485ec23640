import Imaging

/// A grey image that can sit on a contact sheet.
public protocol SheetTile {
    /// Grey samples, row-major, 0 = black.
    var gray: [UInt8] { get }
    /// Width in pixels.
    var width: Int { get }
    /// Height in pixels.
    var height: Int { get }
}

extension SignatureImage: SheetTile {}
extension PageImage: SheetTile {}

/// A grey sheet of tiles for a person to look at: one row per writer, genuine samples on the left, a dark
/// separator, skilled forgeries on the right. Each tile is the crop scaled to fit its cell (area averaging).
public struct ContactSheet: Sendable {
    /// Cell width in pixels.
    public var cellWidth: Int
    /// Cell height in pixels.
    public var cellHeight: Int

    /// A sheet with the given cell size.
    public init(cellWidth: Int = 240, cellHeight: Int = 120) {
        self.cellWidth = cellWidth
        self.cellHeight = cellHeight
    }

    /// Lays out `rows` (each: genuine crops, forged crops); returns grey samples and the sheet size.
    public func compose<Tile: SheetTile>(_ rows: [(genuine: [Tile], forged: [Tile])]) -> (gray: [UInt8], width: Int, height: Int) {
        let genuineColumns = rows.map(\.genuine.count).max() ?? 0
        let forgedColumns = rows.map(\.forged.count).max() ?? 0
        let gap = 4, separator = forgedColumns > 0 ? 12 : 0
        let width = max(1, (genuineColumns + forgedColumns) * (cellWidth + gap) + separator + gap)
        let height = max(1, rows.count * (cellHeight + gap) + gap)
        var sheet = [UInt8](repeating: 200, count: width * height)
        sheet.withUnsafeMutableBufferPointer { out in
            guard let base = out.baseAddress else { return }
            for (r, row) in rows.enumerated() {
                let y = gap + r * (cellHeight + gap)
                for (c, image) in row.genuine.enumerated() {
                    place(image, into: base, sheetWidth: width, x: gap + c * (cellWidth + gap), y: y)
                }
                let forgedX = gap + genuineColumns * (cellWidth + gap) + separator
                for (c, image) in row.forged.enumerated() {
                    place(image, into: base, sheetWidth: width, x: forgedX + c * (cellWidth + gap), y: y)
                }
            }
            if separator > 0 {
                let sx = gap + genuineColumns * (cellWidth + gap) + separator / 2 - 2
                for y in 0..<height { for x in sx..<(sx + 2) { out[y * width + x] = 60 } }
            }
        }
        return (sheet, width, height)
    }

    private func place(_ image: some SheetTile, into sheet: UnsafeMutablePointer<UInt8>, sheetWidth: Int, x: Int, y: Int) {
        let scale = min(Double(cellWidth) / Double(image.width), Double(cellHeight) / Double(image.height))
        let tw = max(1, Int(Double(image.width) * scale)), th = max(1, Int(Double(image.height) * scale))
        let ox = x + (cellWidth - tw) / 2, oy = y + (cellHeight - th) / 2
        for cy in 0..<cellHeight { (sheet + (y + cy) * sheetWidth + x).update(repeating: 255, count: cellWidth) }
        image.gray.withUnsafeBufferPointer { src in
            for ty in 0..<th {
                let sy0 = Int(Double(ty) / scale), sy1 = max(sy0 + 1, min(image.height, Int(Double(ty + 1) / scale)))
                for tx in 0..<tw {
                    let sx0 = Int(Double(tx) / scale), sx1 = max(sx0 + 1, min(image.width, Int(Double(tx + 1) / scale)))
                    var sum = 0
                    for yy in sy0..<sy1 { for xx in sx0..<sx1 { sum += Int(src[yy * image.width + xx]) } }
                    sheet[(oy + ty) * sheetWidth + ox + tx] = UInt8(sum / ((sy1 - sy0) * (sx1 - sx0)))
                }
            }
        }
    }
}
