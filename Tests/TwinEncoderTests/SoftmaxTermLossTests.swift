import Foundation
import Testing
@testable import TwinEncoder
import Randomness

/// The softmax (supervised-contrastive) loss over a step's terms: anchors, weights, values and gradients.
@Suite struct SoftmaxTermLossTests {
    @Test("One anchor by hand: value, gradient, and its judgement")
    func byHand() {
        // a = (0, 0), p = (1, 0) (same writer), n = (0, 2) (different): d(a,p) = 1, d(a,n) = 2; τ = 0.5.
        let e = Tensor(uncheckedShape: [3, 2], data: [0, 0, 1, 0, 0, 2])
        let terms = [LossTerm(a: 0, b: 1, same: true, weight: 0.5), LossTerm(a: 0, b: 2, same: false, weight: 0.25)]
        let r = SoftmaxTermLoss(temperature: 0.5).evaluate(embeddings: e, pairs: terms)
        // ℓp = −1, ℓn = −4: L = −ln(e^−1 / (e^−1 + e^−4)) = ln(1 + e^−3).
        let q = exp(-3.0) / (1 + exp(-3.0))             // the negative's softmax share
        #expect(abs(r.loss - log(1 + exp(-3.0))) < 1e-9)
        #expect(r.judged == 1 && r.correct == 1, "p and n have no term of the other kind: one anchor, a")
        // dL/dd(a,p) = q·d/τ = 2q, along (a − p)/d; dL/dd(a,n) = −q·d/τ = −8q, along (a − n)/d.
        let expected: [Double] = [-2 * q, 4 * q, 2 * q, 0, 0, -4 * q]
        for (g, x) in zip(r.gradient.data, expected) { #expect(abs(Double(g) - x) < 1e-6) }
        // A negative nearer than the positive is judged wrong and costs more than ln 2.
        let swapped = SoftmaxTermLoss(temperature: 0.5).evaluate(embeddings: e, pairs: [
            LossTerm(a: 0, b: 2, same: true, weight: 1), LossTerm(a: 0, b: 1, same: false, weight: 1)])
        #expect(swapped.correct == 0 && swapped.judged == 1 && swapped.loss > log(2.0))
        // A colder softmax forgives a well-separated pair more.
        let cold = SoftmaxTermLoss(temperature: 0.1).evaluate(embeddings: e, pairs: terms)
        #expect(cold.loss < r.loss)
    }

    @Test("Negatives weigh by their terms' weights; rows without a negative anchor nothing")
    func negativeWeights() {
        // Row 0's positive 1 at distance 1; two negatives of row 0 at distance 1, a skilled one weighing 3, a random one 1.
        let e = Tensor(uncheckedShape: [4, 1], data: [0, 1, -1, 1])
        let terms = [LossTerm(a: 0, b: 1, same: true, weight: 1), LossTerm(a: 0, b: 2, same: false, weight: 3),
                     LossTerm(a: 0, b: 3, same: false, weight: 1)]
        let r = SoftmaxTermLoss(temperature: 1).evaluate(embeddings: e, pairs: terms)
        // ω = 3/2 and 1/2 (relative to their mean): every logit equal, so L = ln(1 + 1.5 + 0.5) = ln 3.
        #expect(abs(r.loss - log(3.0)) < 1e-9)
        #expect(r.judged == 1, "row 1 has the positive but no negative: it anchors nothing")
        #expect(r.correct == 0, "a negative as near as the positive is not beaten")
        // The skilled negative is pushed three times as hard as the random one, the other way (they lie on either side).
        #expect(abs(r.gradient.data[2] / r.gradient.data[3] + 3) < 1e-5)
        let none = SoftmaxTermLoss(temperature: 1).evaluate(embeddings: e, pairs: [terms[1], terms[2]])
        #expect(none.judged == 0 && none.loss == 0 && none.gradient.data.allSatisfy { $0 == 0 })
    }

    @Test("Terms sharing rows: the gradient matches finite differences of the loss")
    func finiteDifferences() {
        let (data, rows, dim, terms) = GradientCheck.sharedRowTerms(seed: 92)
        let loss = SoftmaxTermLoss(temperature: 0.7)
        let r = loss.evaluate(embeddings: Tensor(uncheckedShape: [rows, dim], data: data), pairs: terms)
        #expect(r.loss > 0 && r.judged == 6, "rows 0, 1, 2 anchor two positives each")
        #expect(r.gradient.data[(5 * dim)...].allSatisfy { $0 == 0 }, "row 5 is in no term")
        #expect(GradientCheck.termLossError(loss, data: data, rows: rows, dim: dim, terms: terms, checkedRows: 5) < 2e-3)
    }
}
