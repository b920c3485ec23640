import EncoderTraining
import Scoring

/// One pen and one scanner, by their positions in the measurement's preset lists.
public struct RenderingCondition: Sendable, Equatable, Hashable {
    /// Index of the pen preset.
    public var pen: Int
    /// Index of the scanner preset.
    public var scanner: Int

    /// A condition.
    public init(pen: Int, scanner: Int) {
        self.pen = pen
        self.scanner = scanner
    }
}

/// The embeddings of a pen-invariance measurement: every signature (a writer's genuine sample) embedded once per
/// rendering condition. `vectors[s][c]` is signature s under `conditions[c]`, nil where that rendering could not be
/// normalised (a faint line the fax threshold erased).
public struct RenderedEmbeddings: Sendable {
    /// The writer of each signature.
    public var writers: [Int]
    /// The rendering conditions, in the order of each signature's vectors.
    public var conditions: [RenderingCondition]
    /// [signature][condition] → embedding.
    public var vectors: [[[Float]?]]

    /// Embeddings of signatures by `writers`, each under every condition.
    public init(writers: [Int], conditions: [RenderingCondition], vectors: [[[Float]?]]) {
        self.writers = writers
        self.conditions = conditions
        self.vectors = vectors
    }
}

/// How far the pen and the scanner move embeddings, beside how far the writer's own variation and another writer
/// move them. Distances are Euclidean (DESIGN.md). EERs are of pairwise distances: a pair of signatures of one
/// writer against a pair of two writers, both signatures rendered under the conditions the field names.
public struct PenInvarianceFigures: Sendable, Equatable {
    /// Mean distance between two renderings of the same signature under different conditions (pen, scanner or both).
    public var penMovement: Double
    /// The same, pens differing and the scanner the same.
    public var penOnlyMovement: Double
    /// The same, scanners differing and the pen the same.
    public var scannerOnlyMovement: Double
    /// Per pen (by index): mean distance between a rendering with this pen and one with another pen, same scanner.
    public var penOnlyMovementByPen: [Double]
    /// Per scanner: mean distance between a rendering through this scanner and one through another, same pen.
    public var scannerOnlyMovementByScanner: [Double]
    /// Mean distance between two different genuine signatures of one writer rendered under the same condition.
    public var withinWriter: Double
    /// Mean distance between signatures of two writers rendered under the same condition.
    public var betweenWriter: Double
    /// penMovement / withinWriter: above 1, changing the pen moves a signature further than the writer's own
    /// variation does.
    public var movementToWithin: Double
    /// penMovement / betweenWriter: near 1, changing the pen is as bad as changing the writer.
    public var movementToBetween: Double
    /// EER when both signatures of a pair are rendered under the same condition.
    public var eerSameRendering: Double
    /// EER when the pair's renderings differ in pen or scanner or both (references and questioned from different
    /// pens or scanners).
    public var eerDifferentRendering: Double
    /// EER when the pens differ and the scanner is the same.
    public var eerDifferentPen: Double
    /// EER when the scanners differ and the pen is the same.
    public var eerDifferentScanner: Double
    /// Renderings that could not be normalised (left out of every figure).
    public var failedRenderings: Int
    /// Renderings in all.
    public var renderings: Int

    /// Computes the figures from embeddings; NaN where a figure has no pairs (one writer: no between-writer
    /// distance, no EER).
    public static func compute(_ e: RenderedEmbeddings) -> PenInvarianceFigures {
        var movement = Mean(), penOnly = Mean(), scannerOnly = Mean(), within = Mean(), between = Mean()
        let pens = (e.conditions.map(\.pen).max() ?? -1) + 1, scanners = (e.conditions.map(\.scanner).max() ?? -1) + 1
        var byPen = [Mean](repeating: Mean(), count: pens), byScanner = [Mean](repeating: Mean(), count: scanners)
        // Same-writer and other-writer distances per kind of rendering difference.
        var genuine = [[Float]](repeating: [], count: 4), impostor = [[Float]](repeating: [], count: 4)
        let n = e.writers.count, conditions = e.conditions
        for i in 0..<n {
            for j in i..<n {
                let sameWriter = e.writers[i] == e.writers[j]
                for c1 in conditions.indices {
                    guard let a = e.vectors[i][c1] else { continue }
                    for c2 in (i == j ? c1 + 1 : 0)..<conditions.count {
                        guard let b = e.vectors[j][c2] else { continue }
                        guard let d = try? EmbeddingDistance.euclidean(a, b) else { continue }
                        let kind = Difference(conditions[c1], conditions[c2])
                        if i == j {
                            movement.add(d)
                            if kind == .pen {
                                penOnly.add(d)
                                byPen[conditions[c1].pen].add(d)
                                byPen[conditions[c2].pen].add(d)
                            }
                            if kind == .scanner {
                                scannerOnly.add(d)
                                byScanner[conditions[c1].scanner].add(d)
                                byScanner[conditions[c2].scanner].add(d)
                            }
                            continue
                        }
                        if kind == .none { sameWriter ? within.add(d) : between.add(d) }
                        if sameWriter { genuine[kind.rawValue].append(Float(d)) } else { impostor[kind.rawValue].append(Float(d)) }
                    }
                }
            }
        }
        func eer(_ kinds: [Difference]) -> Double {
            EqualErrorRate.compute(genuine: kinds.flatMap { genuine[$0.rawValue] },
                                   impostor: kinds.flatMap { impostor[$0.rawValue] }) ?? .nan
        }
        let failed = e.vectors.reduce(0) { $0 + $1.filter { $0 == nil }.count }
        return PenInvarianceFigures(
            penMovement: movement.value, penOnlyMovement: penOnly.value, scannerOnlyMovement: scannerOnly.value,
            penOnlyMovementByPen: byPen.map(\.value), scannerOnlyMovementByScanner: byScanner.map(\.value),
            withinWriter: within.value, betweenWriter: between.value,
            movementToWithin: movement.value / within.value, movementToBetween: movement.value / between.value,
            eerSameRendering: eer([.none]), eerDifferentRendering: eer([.pen, .scanner, .both]),
            eerDifferentPen: eer([.pen]), eerDifferentScanner: eer([.scanner]),
            failedRenderings: failed, renderings: e.vectors.reduce(0) { $0 + $1.count })
    }

    /// How two rendering conditions differ.
    enum Difference: Int {
        case none, pen, scanner, both

        init(_ a: RenderingCondition, _ b: RenderingCondition) {
            switch (a.pen == b.pen, a.scanner == b.scanner) {
            case (true, true): self = .none
            case (false, true): self = .pen
            case (true, false): self = .scanner
            case (false, false): self = .both
            }
        }
    }

    /// A running mean; NaN when nothing was added.
    struct Mean {
        var sum = 0.0, count = 0
        mutating func add(_ x: Double) { sum += x; count += 1 }
        var value: Double { count > 0 ? sum / Double(count) : .nan }
    }
}
