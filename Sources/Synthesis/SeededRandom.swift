#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// SplitMix64: a small, fast, seeded generator whose output is fixed by this file alone (never by the standard
/// library's sampling algorithms), so that the same seed gives the same signatures on every platform and release.
public struct SeededRandom: Sendable {
    private var state: UInt64

    /// A generator started from `seed`.
    public init(seed: UInt64) { state = seed }

    /// A generator whose seed is derived from `seed` and a path of labels (writer index, sample kind, sample
    /// index …): independent streams that do not depend on the order in which they are asked for.
    public init(seed: UInt64, _ path: UInt64...) {
        var s = Self.mix(seed ^ 0x5DEE_CE66_D1CE_4E5B)
        for part in path { s = Self.mix(s ^ Self.mix(part &+ 0x9E37_79B9_7F4A_7C15)) }
        state = s
    }

    /// The SplitMix64 finaliser.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state = state &+ 0x9E37_79B9_7F4A_7C15
        return Self.mix(state &- 0x9E37_79B9_7F4A_7C15)
    }

    /// Uniform in [0, 1).
    public mutating func uniform() -> Double { Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0) }

    /// Uniform in [a, b).
    public mutating func uniform(_ a: Double, _ b: Double) -> Double { a + (b - a) * uniform() }

    /// Uniform integer in [0, n) (n > 0), by multiply-shift.
    public mutating func int(_ n: Int) -> Int {
        precondition(n > 0, "empty range")
        return Int((UInt64(n).multipliedFullWidth(by: next())).high)
    }

    /// Uniform integer in the closed range.
    public mutating func int(in range: ClosedRange<Int>) -> Int { range.lowerBound + int(range.count) }

    /// True with probability `p`.
    public mutating func chance(_ p: Double) -> Bool { uniform() < p }

    /// Standard normal deviate (Box–Muller; one of the pair is discarded so the stream stays simple).
    public mutating func gaussian() -> Double {
        let u1 = max(uniform(), 1e-300), u2 = uniform()
        return sqrt(-2 * log(u1)) * cos(2 * Double.pi * u2)
    }

    /// Normal with the given mean and standard deviation, clamped to ±3 standard deviations.
    public mutating func normal(_ mean: Double, _ sd: Double) -> Double {
        mean + sd * min(3, max(-3, gaussian()))
    }

    /// An element of a non-empty array.
    public mutating func pick<T>(_ items: [T]) -> T { items[int(items.count)] }

    /// An index chosen with the given (non-negative) weights.
    public mutating func weighted(_ weights: [Double]) -> Int {
        let total = weights.reduce(0, +)
        var r = uniform() * total
        for (i, w) in weights.enumerated() {
            r -= w
            if r < 0 { return i }
        }
        return weights.count - 1
    }
}
