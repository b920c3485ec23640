import Dispatch
import Foundation

/// Runs `count` independent jobs on up to `threads` threads and rethrows the first failure (by job index, so
/// the error reported does not depend on thread timing). Results of the jobs are their own files: the order in
/// which they finish never changes what is written.
enum ParallelWork {
    static func run(count: Int, threads: Int, _ job: @Sendable (Int) throws(SynthesisError) -> Void) throws(SynthesisError) {
        guard count > 0 else { return }
        let failures = FailureList()
        if threads <= 1 {
            for i in 0..<count { try job(i) }
            return
        }
        let next = Counter()
        DispatchQueue.concurrentPerform(iterations: min(threads, count)) { _ in
            while true {
                let i = next.take()
                if i >= count || failures.any { break }
                do throws(SynthesisError) { try job(i) } catch { failures.add(i, error) }
            }
        }
        if let first = failures.first { throw first }
    }
}

/// A shared job counter. `@unchecked Sendable`: every access goes through `lock`.
private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func take() -> Int {
        lock.lock(); defer { lock.unlock() }
        value += 1
        return value - 1
    }
}

/// Failures gathered from worker threads. `@unchecked Sendable`: every access goes through `lock`.
private final class FailureList: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [(Int, SynthesisError)] = []
    func add(_ index: Int, _ error: SynthesisError) {
        lock.lock(); defer { lock.unlock() }
        items.append((index, error))
    }
    var any: Bool {
        lock.lock(); defer { lock.unlock() }
        return !items.isEmpty
    }
    var first: SynthesisError? {
        lock.lock(); defer { lock.unlock() }
        return items.min { $0.0 < $1.0 }?.1
    }
}

/// One result per job index, filled from worker threads. `@unchecked Sendable`: every access goes through `lock`.
final class ResultSlots<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [T?]
    init(count: Int) { items = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ value: T) {
        lock.lock(); defer { lock.unlock() }
        items[index] = value
    }
    func get(_ index: Int) -> T? {
        lock.lock(); defer { lock.unlock() }
        return items[index]
    }
}
