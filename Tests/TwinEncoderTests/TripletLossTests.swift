import Testing
@testable import TwinEncoder
import Randomness

/// The triplet loss: which triplets a step's terms make, their weights, values and gradients.
@Suite struct TripletLossTests {
    @Test("One triplet by hand: hinge value, gradient on anchor, positive and negative, and its judgement")
    func byHand() {
        // a = (0, 0), p = (1, 0) (same writer), n = (0, 2) (different): d(a,p) = 1, d(a,n) = 2.
        let e = Tensor(uncheckedShape: [3, 2], data: [0, 0, 1, 0, 0, 2])
        let terms = [LossTerm(a: 0, b: 1, same: true, weight: 0.5), LossTerm(a: 0, b: 2, same: false, weight: 0.25)]
        let r = TripletLoss(margin: 1.5).evaluate(embeddings: e, pairs: terms)
        #expect(r.distances == [1, 2])
        #expect(r.judged == 1 && r.correct == 1, "p and n have no term of the other kind: one triplet, anchored at a")
        #expect(abs(r.loss - 0.5) < 1e-9, "one triplet weighs 1: 1 − 2 + 1.5")
        // d d(a,p)/da = (a − p)/1 = (−1, 0); −d d(a,n)/da = −(a − n)/2 = (0, 1).
        #expect(r.gradient.data == [-1, 1, 1, 0, 0, -1])
        // Beyond the margin: nothing to learn, still judged right.
        let easy = TripletLoss(margin: 0.5).evaluate(embeddings: e, pairs: terms)
        #expect(easy.loss == 0 && easy.gradient.data.allSatisfy { $0 == 0 } && easy.correct == 1)
        // A negative nearer than the positive is judged wrong.
        let swapped = TripletLoss(margin: 0.1).evaluate(embeddings: e, pairs: [
            LossTerm(a: 0, b: 2, same: true, weight: 1), LossTerm(a: 0, b: 1, same: false, weight: 1)])
        #expect(swapped.correct == 0 && swapped.judged == 1 && abs(swapped.loss - 1.1) < 1e-6)
    }

    @Test("Both rows of a same-writer term anchor; weights follow the terms' weights and sum to one")
    func anchorsAndWeights() {
        // Rows 0, 1 one writer; 2 a forgery of it (skilled, weight 3), 3 another writer (random, weight 1) met by 1.
        let e = Tensor(uncheckedShape: [4, 1], data: [0, 0.1, 0.2, 0.3])
        let terms = [LossTerm(a: 0, b: 1, same: true, weight: 1), LossTerm(a: 0, b: 2, same: false, weight: 3),
                     LossTerm(a: 1, b: 3, same: false, weight: 1)]
        let r = TripletLoss(margin: 10).evaluate(embeddings: e, pairs: terms)
        // Triplets (0; 1, 2) weight 3/4 and (1; 0, 3) weight 1/4, every hinge active.
        #expect(r.judged == 2)
        let expected = 0.75 * (0.1 - 0.2 + 10) + 0.25 * (0.1 - 0.2 + 10)
        #expect(abs(r.loss - expected) < 1e-5)
        // No same-writer term: no triplet, no loss.
        let none = TripletLoss(margin: 1).evaluate(embeddings: e, pairs: [terms[1], terms[2]])
        #expect(none.judged == 0 && none.loss == 0 && none.gradient.data.allSatisfy { $0 == 0 })
    }

    @Test("Terms sharing rows: the gradient matches finite differences of the loss")
    func finiteDifferences() {
        let (data, rows, dim, terms) = GradientCheck.sharedRowTerms(seed: 91)
        let loss = TripletLoss(margin: 1.2)
        let r = loss.evaluate(embeddings: Tensor(uncheckedShape: [rows, dim], data: data), pairs: terms)
        #expect(r.loss > 0 && r.judged == 8, "rows 0, 1, 2 anchor 2·2 + 2·1 + 2·1 triplets")
        #expect(r.gradient.data[(5 * dim)...].allSatisfy { $0 == 0 }, "row 5 is in no term")
        #expect(GradientCheck.termLossError(loss, data: data, rows: rows, dim: dim, terms: terms, checkedRows: 5) < 2e-3)
    }
}
