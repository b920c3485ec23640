/// Builds a writer's prototype action plan from the name and style: letters from the cursive alphabet, distorted
/// the writer's own way, joined into words, the surname degrading into a wave after the legible part, delayed
/// strokes, and the closing flourish. Coordinates are x-height units, y up, the first letter at x = 0.
struct SignaturePlanner {
    var style: WriterStyle
    var given: String
    var surname: String

    /// The plan; `rng` draws the writer's own letter distortions (fixed for the writer).
    func prototype(_ rng: inout SeededRandom) -> ActionPlan {
        var words: [[Character]] = []
        var dotAfterFirst = false
        switch style.format {
        case .initialSurname:
            words = [[given.first ?? "A"], Array(surname)]
            dotAfterFirst = style.initialDot
        case .fullName:
            words = [Array(given), Array(surname)]
        case .surnameOnly:
            words = [Array(surname)]
        case .initials:
            words = [[given.first ?? "A", surname.first ?? "B"]]
        }
        var components: [PlanComponent] = []
        var x = 0.0
        let ownJitter = 0.06 + 0.06 * rng.uniform()
        var wordStarts: [Double] = []
        for (w, word) in words.enumerated() {
            wordStarts.append(x)
            let legibleCount = word.count <= 2 ? word.count : max(1, Int((Double(word.count) * style.legibility).rounded()) + 1)
            var main: [Point] = []
            var delayed: [[Point]] = []
            var amplitude = 0.9
            for (i, ch) in word.enumerated() {
                if i >= legibleCount && style.format != .initials {
                    // The illegible tail: a garland whose height decays, ending flat.
                    let width = 0.55 * style.widthScale
                    main.append(Point(x + width * 0.35, amplitude + rng.normal(0, 0.08)))
                    main.append(Point(x + width, rng.normal(0.02, 0.05)))
                    amplitude *= rng.uniform(0.7, 0.95)
                    x += width + style.letterSpacing * 0.5
                    continue
                }
                // Letters outside the alphabet (none in the name lists) are written as an arch.
                guard let glyph = CursiveAlphabet.glyph(ch) ?? CursiveAlphabet.lower["n"] else { continue }
                let isCapital = ch.isUppercase
                // A monogram is written large: the initials are the whole signature.
                let monogram = style.format == .initials ? 1.6 : 1.0
                let scaleY = isCapital ? style.capitalScale * monogram : 1.0
                let scaleX = style.widthScale * (isCapital ? style.capitalScale * monogram : 1.0)
                func place(_ p: Point) -> Point {
                    var y = p.y * scaleY
                    if !isCapital {
                        if y > 1 { y = 1 + (y - 1) * style.ascender }
                        if y < 0 { y *= style.descender }
                    } else if y < 0 {
                        y *= style.descender
                    }
                    return Point(x + p.x * scaleX + rng.normal(0, ownJitter), y + rng.normal(0, ownJitter))
                }
                let letter = Self.narrowLoops(glyph.main, by: style.loopWidth, capital: isCapital).map(place)
                if i > 0 && rng.chance(style.liftChance) && !main.isEmpty {
                    components.append(PlanComponent(targets: main, roundness: style.roundness))
                    main = []
                }
                main.append(contentsOf: letter)
                for stroke in glyph.delayed where rng.chance(style.delayedStrokeChance) {
                    delayed.append(stroke.map(place))
                }
                x += glyph.advance * scaleX + style.letterSpacing
            }
            if w == words.count - 1 {
                main.append(contentsOf: tailFlourish(endX: x, &rng))
            }
            if !main.isEmpty { components.append(PlanComponent(targets: main, roundness: style.roundness)) }
            for stroke in delayed {
                components.append(PlanComponent(targets: stroke, roundness: style.roundness * 0.5, pauseBefore: 0.2))
            }
            if w == 0 && dotAfterFirst && words.count > 1 {
                let dot = [Point(x + 0.1, 0.05), Point(x + 0.17, 0.1)]
                components.append(PlanComponent(targets: dot, roundness: 0, pauseBefore: 0.15))
                x += 0.4
            }
            x += style.wordSpacing
        }
        if let flourish = separateFlourish(startX: wordStarts.first ?? 0, endX: x - style.wordSpacing, &rng) {
            components.append(flourish)
        }
        return ActionPlan(components: components)
    }

    /// Narrows ascender and descender loops towards the stem they return to (a loop width of 0 makes sticks).
    static func narrowLoops(_ points: [Point], by width: Double, capital: Bool) -> [Point] {
        guard !capital, abs(width - 1) > 0.01 else { return points }
        var out = points
        for i in points.indices where points[i].y > 1.1 || points[i].y < -0.3 {
            // The stem: the next point back inside the x-height band.
            guard let stem = points[(i + 1)...].first(where: { $0.y >= -0.3 && $0.y <= 1.1 }) else { continue }
            out[i].x = stem.x + (points[i].x - stem.x) * width
        }
        return out
    }

    /// Targets appended to the last word (a rising tail or a paraph loop back under the name).
    private func tailFlourish(endX: Double, _ rng: inout SeededRandom) -> [Point] {
        // A bare monogram always ends in a flourish.
        let flourish = style.format == .initials && style.flourish == .none ? Flourish.paraph : style.flourish
        switch flourish {
        case .tail:
            let length = rng.uniform(1.2, 3.5)
            return [Point(endX + length * 0.6, rng.uniform(0.3, 1.6)), Point(endX + length, rng.uniform(1.2, 2.6))]
        case .paraph:
            let back = rng.uniform(0.4, 0.9) * endX
            return [Point(endX + 0.8, 0.6), Point(endX + 0.5, -0.7), Point(endX - back, -1.1),
                    Point(endX - back * 0.6, -0.5), Point(endX + 1.0, -0.9)]
        default:
            return []
        }
    }

    /// A flourish written as its own pen-down after the name (underline or a stroke through the capital).
    private func separateFlourish(startX: Double, endX: Double, _ rng: inout SeededRandom) -> PlanComponent? {
        switch style.flourish {
        case .underline:
            let y = -rng.uniform(0.6, 1.3) * max(0.6, style.descender)
            let leftToRight = rng.chance(0.5)
            var points = [Point(startX - rng.uniform(0, 0.5), y + rng.normal(0, 0.15)),
                          Point((startX + endX) / 2, y - rng.uniform(0, 0.3)),
                          Point(endX + rng.uniform(0, 1.0), y + rng.uniform(-0.2, 0.5))]
            if !leftToRight { points.reverse() }
            return PlanComponent(targets: points, roundness: style.roundness, pauseBefore: 0.2)
        case .crossThrough:
            let y = rng.uniform(0.6, 1.6)
            return PlanComponent(targets: [Point(startX - 0.5, y - 0.3), Point(startX + 1.2 + rng.uniform(0, 1.5), y + 0.2)],
                                 roundness: style.roundness * 0.3, pauseBefore: 0.2)
        default:
            return nil
        }
    }
}
