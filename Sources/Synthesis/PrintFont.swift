/// The project's own print-like type: a 5×8 dot grid per character (row 6 is the baseline row, row 7 the
/// descender) drawn as round-capped strokes joining neighbouring dots, so text needs no system font and renders
/// identically everywhere. Legible enough to look like a printed form; not meant to be beautiful.
enum PrintFont {
    /// Grid rows per glyph and columns per glyph.
    static let rows = 8, columns = 5

    private static let table: [Character: [String]] = {
        var t: [Character: [String]] = [:]
        func add(_ c: Character, _ r: String) { t[c] = r.split(separator: " ").map(String.init) }
        add("A", ".###. #...# #...# ##### #...# #...# #...# .....")
        add("B", "####. #...# #...# ####. #...# #...# ####. .....")
        add("C", ".###. #...# #.... #.... #.... #...# .###. .....")
        add("D", "###.. #..#. #...# #...# #...# #..#. ###.. .....")
        add("E", "##### #.... #.... ####. #.... #.... ##### .....")
        add("F", "##### #.... #.... ####. #.... #.... #.... .....")
        add("G", ".###. #...# #.... #.### #...# #...# .###. .....")
        add("H", "#...# #...# #...# ##### #...# #...# #...# .....")
        add("I", ".###. ..#.. ..#.. ..#.. ..#.. ..#.. .###. .....")
        add("J", "..### ...#. ...#. ...#. ...#. #..#. .##.. .....")
        add("K", "#...# #..#. #.#.. ##... #.#.. #..#. #...# .....")
        add("L", "#.... #.... #.... #.... #.... #.... ##### .....")
        add("M", "#...# ##.## #.#.# #.#.# #...# #...# #...# .....")
        add("N", "#...# #...# ##..# #.#.# #..## #...# #...# .....")
        add("O", ".###. #...# #...# #...# #...# #...# .###. .....")
        add("P", "####. #...# #...# ####. #.... #.... #.... .....")
        add("Q", ".###. #...# #...# #...# #.#.# #..#. .##.# .....")
        add("R", "####. #...# #...# ####. #.#.. #..#. #...# .....")
        add("S", ".#### #.... #.... .###. ....# ....# ####. .....")
        add("T", "##### ..#.. ..#.. ..#.. ..#.. ..#.. ..#.. .....")
        add("U", "#...# #...# #...# #...# #...# #...# .###. .....")
        add("V", "#...# #...# #...# #...# #...# .#.#. ..#.. .....")
        add("W", "#...# #...# #...# #.#.# #.#.# #.#.# .#.#. .....")
        add("X", "#...# #...# .#.#. ..#.. .#.#. #...# #...# .....")
        add("Y", "#...# #...# .#.#. ..#.. ..#.. ..#.. ..#.. .....")
        add("Z", "##### ....# ...#. ..#.. .#... #.... ##### .....")
        add("a", "..... ..... .###. ....# .#### #...# .#### .....")
        add("b", "#.... #.... #.##. ##..# #...# #...# ####. .....")
        add("c", "..... ..... .###. #.... #.... #...# .###. .....")
        add("d", "....# ....# .##.# #..## #...# #...# .#### .....")
        add("e", "..... ..... .###. #...# ##### #.... .###. .....")
        add("f", "..##. .#..# .#... ###.. .#... .#... .#... .....")
        add("g", "..... ..... .#### #...# #...# .#### ....# .###.")
        add("h", "#.... #.... #.##. ##..# #...# #...# #...# .....")
        add("i", "..#.. ..... .##.. ..#.. ..#.. ..#.. .###. .....")
        add("j", "...#. ..... ..##. ...#. ...#. ...#. #..#. .##..")
        add("k", "#.... #.... #..#. #.#.. ##... #.#.. #..#. .....")
        add("l", ".##.. ..#.. ..#.. ..#.. ..#.. ..#.. .###. .....")
        add("m", "..... ..... ##.#. #.#.# #.#.# #...# #...# .....")
        add("n", "..... ..... #.##. ##..# #...# #...# #...# .....")
        add("o", "..... ..... .###. #...# #...# #...# .###. .....")
        add("p", "..... ..... ####. #...# #...# ####. #.... #....")
        add("q", "..... ..... .#### #...# #...# .#### ....# ....#")
        add("r", "..... ..... #.##. ##..# #.... #.... #.... .....")
        add("s", "..... ..... .###. #.... .###. ....# ####. .....")
        add("t", ".#... .#... ###.. .#... .#... .#..# ..##. .....")
        add("u", "..... ..... #...# #...# #...# #..## .##.# .....")
        add("v", "..... ..... #...# #...# #...# .#.#. ..#.. .....")
        add("w", "..... ..... #...# #...# #.#.# #.#.# .#.#. .....")
        add("x", "..... ..... #...# .#.#. ..#.. .#.#. #...# .....")
        add("y", "..... ..... #...# #...# #...# .#### ....# .###.")
        add("z", "..... ..... ##### ...#. ..#.. .#... ##### .....")
        add("0", ".###. #...# #..## #.#.# ##..# #...# .###. .....")
        add("1", "..#.. .##.. ..#.. ..#.. ..#.. ..#.. .###. .....")
        add("2", ".###. #...# ....# ...#. ..#.. .#... ##### .....")
        add("3", "##### ...#. ..#.. ...#. ....# #...# .###. .....")
        add("4", "...#. ..##. .#.#. #..#. ##### ...#. ...#. .....")
        add("5", "##### #.... ####. ....# ....# #...# .###. .....")
        add("6", "..##. .#... #.... ####. #...# #...# .###. .....")
        add("7", "##### ....# ...#. ..#.. .#... .#... .#... .....")
        add("8", ".###. #...# #...# .###. #...# #...# .###. .....")
        add("9", ".###. #...# #...# .#### ....# ...#. .##.. .....")
        add(".", "..... ..... ..... ..... ..... .##.. .##.. .....")
        add(",", "..... ..... ..... ..... ..... .##.. ..#.. .#...")
        add(":", "..... .##.. .##.. ..... .##.. .##.. ..... .....")
        add(";", "..... .##.. .##.. ..... .##.. ..#.. .#... .....")
        add("-", "..... ..... ..... ##### ..... ..... ..... .....")
        add("/", "....# ....# ...#. ..#.. .#... #.... #.... .....")
        add("(", "...#. ..#.. .#... .#... .#... ..#.. ...#. .....")
        add(")", ".#... ..#.. ...#. ...#. ...#. ..#.. .#... .....")
        add("'", "..#.. ..#.. ..... ..... ..... ..... ..... .....")
        add("\"", ".#.#. .#.#. ..... ..... ..... ..... ..... .....")
        add("&", ".##.. #..#. #.#.. .#... #.#.# #..#. .##.# .....")
        add("%", "##... ##..# ...#. ..#.. .#... #..## ...## .....")
        add("#", ".#.#. .#.#. ##### .#.#. ##### .#.#. .#.#. .....")
        add("+", "..... ..#.. ..#.. ##### ..#.. ..#.. ..... .....")
        add("?", ".###. #...# ....# ...#. ..#.. ..... ..#.. .....")
        add("!", "..#.. ..#.. ..#.. ..#.. ..#.. ..... ..#.. .....")
        add("_", "..... ..... ..... ..... ..... ..... ..... #####")
        add("§", ".###. #.... .##.. #..#. .##.. ...#. ###.. .....")
        return t
    }()

    /// Dot positions (column, row) of a character; unknown characters draw as a small box.
    static func dots(_ c: Character) -> [(Int, Int)] {
        guard let rows = table[c] else {
            return c == " " ? [] : [(1, 3), (2, 3), (3, 3), (1, 4), (3, 4), (1, 5), (2, 5), (3, 5)]
        }
        var out: [(Int, Int)] = []
        for (r, row) in rows.enumerated() {
            for (col, ch) in row.enumerated() where ch == "#" { out.append((col, r)) }
        }
        return out
    }

    /// Segments joining neighbouring dots of a character (grid units); a lone dot is a zero-length segment.
    /// Diagonals are only drawn where no orthogonal path joins the two dots, so corners stay crisp.
    static func segments(_ c: Character) -> [(Double, Double, Double, Double)] {
        let on = Set(dots(c).map { $0.0 * 16 + $0.1 })
        func has(_ x: Int, _ y: Int) -> Bool { x >= 0 && y >= 0 && x < columns && y < rows && on.contains(x * 16 + y) }
        var out: [(Double, Double, Double, Double)] = []
        for key in on.sorted() {
            let x = key / 16, y = key % 16
            var linked = false
            if has(x + 1, y) { out.append((Double(x), Double(y), Double(x + 1), Double(y))); linked = true }
            if has(x, y + 1) { out.append((Double(x), Double(y), Double(x), Double(y + 1))); linked = true }
            if has(x + 1, y + 1) && !has(x + 1, y) && !has(x, y + 1) {
                out.append((Double(x), Double(y), Double(x + 1), Double(y + 1))); linked = true
            }
            if has(x - 1, y + 1) && !has(x - 1, y) && !has(x, y + 1) {
                out.append((Double(x), Double(y), Double(x - 1), Double(y + 1))); linked = true
            }
            if !linked && !has(x - 1, y) && !has(x, y - 1) && !has(x - 1, y - 1) && !has(x + 1, y - 1) {
                out.append((Double(x), Double(y), Double(x), Double(y)))
            }
        }
        return out
    }
}

/// Sets print-like text onto a coverage layer.
struct TextSetter {
    /// Height of one grid row in pixels (capital height is 7 rows).
    var cell: Double
    /// Stroke weight as a fraction of a cell.
    var weight: Double = 0.42
    /// Page transform applied to every point (scanner rotation).
    var page: Affine

    /// Advance of one character, in pixels.
    var advance: Double { cell * 6 }

    /// Width of `text` in pixels.
    func width(_ text: String) -> Double { Double(text.count) * advance }

    /// Draws `text` with its top-left grid corner at (x, y) (page pixels, before the page transform).
    func draw(_ text: String, x: Double, y: Double, into layer: CoverageLayer, opacity: Double = 0.95) {
        let r = cell * weight
        for (i, c) in text.enumerated() where c != " " {
            let ox = x + Double(i) * advance + cell * 0.5, oy = y + cell * 0.5
            for s in PrintFont.segments(c) {
                let a = page.apply(Point(ox + s.0 * cell, oy + s.1 * cell))
                let b = page.apply(Point(ox + s.2 * cell, oy + s.3 * cell))
                layer.capsule(a.x, a.y, r, opacity, b.x, b.y, r, opacity)
            }
        }
    }
}
