import Synchronization

/// The strips or tiles of one page handed out one at a time, in order, to the threads decoding it.
final class BlockClaims: Sendable {
    private let counter = Atomic<Int>(0)
    let count: Int

    /// Claims over blocks `0..<count`.
    init(count: Int) { self.count = count }

    /// The next unclaimed block, or a value `>= count` when none is left.
    func next() -> Int {
        counter.wrappingAdd(1, ordering: .relaxed).oldValue
    }
}
