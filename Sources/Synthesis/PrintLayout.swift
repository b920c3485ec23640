import Imaging

/// The printed part of a page: title, paragraphs, an optional table, signature lines with printed names, a
/// footer. Returns where the signatures go.
enum PrintLayout {
    /// A letter-like page with one or two signature blocks after the text.
    static func letter(_ c: inout Context, signatures: [SignatureRequest], _ rng: inout SeededRandom) -> [SignatureSlot] {
        let margin = rng.uniform(18, 28)
        let right = c.sizeMM.width - margin
        let bodyCell = rng.uniform(0.32, 0.42)  // mm per grid row: 9–12 pt type
        let lineHeight = bodyCell * 9 * rng.uniform(1.15, 1.45)
        var y = margin
        // Title.
        let titleCell = bodyCell * rng.uniform(1.5, 2.0)
        let title = rng.pick(Lexicon.titles)
        let titleWidth = Double(title.count) * titleCell * 6
        let titleX = rng.chance(0.6) ? (c.sizeMM.width - titleWidth) / 2 : margin
        text(c, title, x: titleX, y: y, cell: titleCell)
        y += titleCell * 9 + 4
        if rng.chance(0.5) { c.rule(Point(margin, y), Point(right, y), weight: 0.3); y += 5 }
        // Reserve the bottom for signatures and footer.
        let blocksTop = c.sizeMM.height - margin - rng.uniform(55, 75)
        let charsPerLine = Int((right - margin) / (bodyCell * 6)) - 1
        var tableDone = false
        while y < blocksTop - 25 {
            if !tableDone && rng.chance(0.25) && y < blocksTop - 50 {
                y = table(c, top: y, left: margin, right: right, cell: bodyCell, &rng) + 6
                tableDone = true
                continue
            }
            let lines = rng.int(in: 2...6)
            for l in 0..<lines where y < blocksTop - 20 {
                var line = Lexicon.sentence(&rng, words: 30)
                let indent = l == 0 && rng.chance(0.3) ? 4 : 0
                var limit = charsPerLine - indent
                if l == lines - 1 { limit = Int(Double(limit) * rng.uniform(0.3, 0.95)) }
                if line.count > limit {
                    // Break at a word boundary, as a typesetter would.
                    line = String(line.prefix(limit))
                    if let space = line.lastIndex(of: " ") { line = String(line[..<space]) }
                }
                text(c, line, x: margin + Double(indent) * bodyCell * 6, y: y, cell: bodyCell)
                y += lineHeight
            }
            y += lineHeight * rng.uniform(0.4, 1.0)
        }
        // Signature blocks: one per signature, side by side.
        var slots: [SignatureSlot] = []
        let columns = max(1, signatures.count)
        let columnWidth = (right - margin) / Double(columns)
        let lineY = max(y + 30, blocksTop + 30)
        for (i, signature) in signatures.enumerated() {
            let x0 = margin + Double(i) * columnWidth + (columns == 1 ? rng.uniform(0, columnWidth * 0.35) : 0)
            let lineLength = min(columnWidth - 8, rng.uniform(55, 80))
            if rng.chance(0.6) { text(c, rng.pick(["Signature:", "Signed:", "Signed by:", "For and on behalf of:"]), x: x0, y: lineY - 22, cell: bodyCell) }
            c.rule(Point(x0, lineY), Point(x0 + lineLength, lineY), weight: rng.uniform(0.15, 0.3))
            text(c, signature.claimed.fullName, x: x0, y: lineY + 2.5, cell: bodyCell)
            var slot = SignatureSlot(anchor: Point(x0, lineY), maxWidth: lineLength, lift: rng.uniform(-1, 3))
            if rng.chance(0.7) {
                let dateY = lineY + 2.5 + bodyCell * 7 + lineHeight * 1.8
                text(c, "Date:", x: x0, y: dateY - bodyCell * 7, cell: bodyCell)
                slot.dateAnchor = Point(x0 + bodyCell * 6 * 6, dateY)
            }
            if rng.chance(0.4) {
                slot.initialsAnchor = Point(c.sizeMM.width - margin - 12 - Double(i) * 20, c.sizeMM.height - margin * 0.45)
            }
            slots.append(slot)
        }
        // Footer.
        let footer = "Page 1 of 1   Ref. " + String(rng.int(in: 10000...99999))
        text(c, footer, x: margin, y: c.sizeMM.height - margin * 0.6, cell: bodyCell * 0.8)
        return slots
    }

    /// A specimen card: a frame, a heading, the printed name, a signature line.
    static func card(_ c: inout Context, signature: SignatureRequest?, _ rng: inout SeededRandom) -> [SignatureSlot] {
        let cell = rng.uniform(0.3, 0.38)
        c.rule(Point(6, 6), Point(142, 6)); c.rule(Point(142, 6), Point(142, 99))
        c.rule(Point(142, 99), Point(6, 99)); c.rule(Point(6, 99), Point(6, 6))
        text(c, rng.pick(["SPECIMEN SIGNATURE", "SIGNATURE CARD", "REFERENCE SIGNATURE"]), x: 12, y: 12, cell: cell * 1.3)
        text(c, "Account " + String(rng.int(in: 100000...999999)), x: 12, y: 24, cell: cell)
        guard let signature else { return [] }
        let lineY = rng.uniform(72, 80)
        c.rule(Point(14, lineY), Point(134, lineY), weight: 0.2)
        text(c, signature.claimed.fullName, x: 14, y: lineY + 3, cell: cell)
        return [SignatureSlot(anchor: Point(16, lineY), maxWidth: 110, lift: rng.uniform(0, 3))]
    }

    /// Print `s` at page mm (x, y) with grid cell `cell` mm.
    static func text(_ c: Context, _ s: String, x: Double, y: Double, cell: Double) {
        TextSetter(cell: cell * c.ppm, page: c.page.after(.scale(1 / c.ppm, 1 / c.ppm))).draw(s, x: x * c.ppm, y: y * c.ppm, into: c.layer)
    }

    /// A ruled table with a header row; returns its bottom (page mm).
    static func table(_ c: Context, top: Double, left: Double, right: Double, cell: Double, _ rng: inout SeededRandom) -> Double {
        let rows = rng.int(in: 3...6), columns = rng.int(in: 2...4)
        let rowHeight = cell * 9 * 1.8
        let width = (right - left) / Double(columns)
        let headers = ["Item", "Description", "Qty", "Amount", "Date", "Reference", "Account"]
        for r in 0...rows { c.rule(Point(left, top + Double(r) * rowHeight), Point(right, top + Double(r) * rowHeight), weight: 0.2) }
        for k in 0...columns { c.rule(Point(left + Double(k) * width, top), Point(left + Double(k) * width, top + Double(rows) * rowHeight), weight: 0.2) }
        for r in 0..<rows {
            for k in 0..<columns {
                let s = r == 0 ? headers[(k + rng.int(3)) % headers.count]
                    : (k == columns - 1 ? String(rng.int(in: 10...9999)) + "." + String(rng.int(in: 10...99)) : rng.pick(Lexicon.words))
                let maxChars = Int((width - 3) / (cell * 6))
                text(c, String(s.prefix(maxChars)), x: left + Double(k) * width + 1.5, y: top + Double(r) * rowHeight + rowHeight * 0.22, cell: cell)
            }
        }
        return top + Double(rows) * rowHeight
    }
}

/// A rubber stamp: a rectangular or round frame and a word, rotated, in a stamp colour, a little patchy.
enum Stamp {
    static func draw(_ c: inout Context, near anchor: Point, _ rng: inout SeededRandom) -> PixelBox {
        let centre = Point(min(c.sizeMM.width - 35, anchor.x + rng.uniform(40, 90)), anchor.y + rng.uniform(-25, 5))
        let angle = rng.normal(0, 0.25)
        let word = rng.pick(Lexicon.stampWords)
        let cell = rng.uniform(0.5, 0.7)
        let textWidth = Double(word.count) * cell * 6
        let local = c.page.after(.translate(centre.x, centre.y)).after(.rotate(angle))
        let r = 0.35 * c.ppm, w = textWidth / 2 + 4, h = cell * 9 + 4
        let corners = [Point(-w, -h), Point(w, -h), Point(w, h), Point(-w, h), Point(-w, -h)]
        // Drawn into the scratch layer, then folded in with a strong grain: rubber stamps print patchily.
        for i in 0..<4 {
            let a = local.apply(corners[i]), b = local.apply(corners[i + 1])
            c.scratch.capsule(a.x, a.y, r, 0.9, b.x, b.y, r, 0.9)
        }
        let setter = TextSetter(cell: cell * c.ppm, weight: 0.5, page: local.after(.scale(1 / c.ppm, 1 / c.ppm)))
        setter.draw(word, x: -textWidth / 2 * c.ppm, y: -cell * 4.5 * c.ppm, into: c.scratch, opacity: 0.9)
        c.layer.absorb(c.scratch, grain: rng.uniform(0.4, 0.9), seed: rng.next())
        let box = c.layer.inkBox(threshold: 0.15)
        let colour = rng.chance(0.5) ? InkColour(r: 40, g: 60, b: 170) : InkColour(r: 190, g: 40, b: 50)
        c.canvas.composite(c.layer, colour: colour)
        c.layer.clear()
        return box
    }
}
