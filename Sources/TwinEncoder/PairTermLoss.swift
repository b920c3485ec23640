/// One term of a training step's loss: rows `a` and `b` of the embeddings, whether they are the same writer, and the
/// term's weight.
public struct LossTerm: Sendable, Equatable {
    /// The two embedding rows.
    public var a: Int, b: Int
    /// Same writer (pulled together) or not (pushed apart).
    public var same: Bool
    /// The term's weight.
    public var weight: Float

    /// Memberwise.
    public init(a: Int, b: Int, same: Bool, weight: Float) {
        self.a = a
        self.b = b
        self.same = same
        self.weight = weight
    }
}

/// What a loss gives back for one step.
public struct LossResult: Sendable {
    /// The weighted loss (accumulated in float64).
    public var loss: Double
    /// dL/dEmbeddings, same shape as the embeddings.
    public var gradient: Tensor
    /// Distance of each term's two rows.
    public var distances: [Float]
    /// How many of the loss's judgements the embeddings get right (pairs on the right side of half the margin for
    /// the contrastive loss, triplets whose positive is nearer than their negative for the triplet loss) …
    public var correct: Int
    /// … out of how many.
    public var judged: Int
}

/// A loss over the same-writer and different-writer terms of a step's embeddings.
public protocol PairTermLoss: Sendable {
    /// The loss, its gradient and its judgements for these embeddings and terms.
    func evaluate(embeddings: Tensor, pairs: [LossTerm]) -> LossResult
}
