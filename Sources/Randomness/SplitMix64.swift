#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A small seeded pseudo-random generator (SplitMix64, Steele, Lea and Flood 2014): the one source of randomness
/// of the encoder, training, scoring and evaluation, so the same seed gives the same figures on every machine.
public struct SplitMix64: RandomNumberGenerator, Sendable, Equatable {
    /// The generator's whole state; saving and restoring it resumes the same sequence.
    public var state: UInt64

    /// A generator whose whole sequence is fixed by `seed`.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform float in [0, 1) from the top 24 bits.
    public mutating func nextUnit() -> Float {
        Float(next() >> 40) * (1.0 / Float(1 << 24))
    }

    /// A uniform double in [0, 1) from the top 53 bits.
    public mutating func nextUnitDouble() -> Double {
        Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// A standard normal deviate in single precision (Box–Muller, the first of the pair).
    public mutating func nextGaussian() -> Float {
        let u1 = max(Double(next() >> 11) * (1.0 / Double(1 << 53)), 1e-300)
        let u2 = Double(next() >> 11) * (1.0 / Double(1 << 53))
        return Float((-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2))
    }

    /// A standard normal deviate in double precision (Box–Muller; a zero first draw is drawn again).
    public mutating func nextGaussian() -> Double {
        var u1 = nextUnitDouble()
        while u1 <= 0 { u1 = nextUnitDouble() }
        let u2 = nextUnitDouble()
        return (-2.0 * log(u1)).squareRoot() * cos(2.0 * Double.pi * u2)
    }

    /// A uniform integer in 0..<bound (bound > 0).
    public mutating func nextIndex(_ bound: Int) -> Int {
        Int(next() % UInt64(bound))
    }

    /// A deterministic Fisher–Yates shuffle of `values` (the standard library's shuffle is not pinned across
    /// Swift versions, so it is not used for anything that reaches output).
    public mutating func shuffled<T>(_ values: [T]) -> [T] {
        var result = values
        var i = result.count - 1
        while i > 0 {
            let j = Int(next() % UInt64(i + 1))
            result.swapAt(i, j)
            i -= 1
        }
        return result
    }
}
