import CImageIO

/// Runs the parts of one page's work on plain threads (`sf_run_workers` in the C shim): part 0 on the calling
/// thread, the others on threads started for this page and joined before returning. Unlike
/// `DispatchQueue.concurrentPerform`, it borrows no thread of Dispatch's or Swift's cooperative pool, and the
/// caller waits only for the other parts to finish their share.
enum PageWorkers {
    /// The most threads one call uses.
    static let maximum = Int(SF_MAX_WORKERS)

    /// Calls `work(k)` for every `k` in `0..<count`, on up to `maximum` threads (thread t takes parts t,
    /// t + maximum, …); returns when all calls have returned.
    static func run(_ count: Int, _ work: @escaping @Sendable (Int) -> Void) {
        guard count > 1 else {
            if count == 1 { work(0) }
            return
        }
        let threads = min(count, maximum)
        let box = Unmanaged.passRetained(Box { thread in
            for part in stride(from: thread, to: count, by: threads) { work(part) }
        })
        defer { box.release() }
        _ = sf_run_workers(Int32(threads), { context, worker in
            guard let context else { return }
            Unmanaged<Box>.fromOpaque(context).takeUnretainedValue().work(Int(worker))
        }, box.toOpaque())
    }

    private final class Box: Sendable {
        let work: @Sendable (Int) -> Void
        init(_ work: @escaping @Sendable (Int) -> Void) { self.work = work }
    }
}

/// Page-sized buffers across the pages of a run.
public enum PageBuffers {
    /// Every page allocates page-sized buffers (masks, labels, integral images: megabytes each). glibc serves such
    /// blocks with a fresh `mmap` and unmaps them on `free`, so the next page faults every one of their pages in
    /// again (on the peer's A4 pages 135,000 page faults and a fifth of the CPU time of `bench preprocess`).
    /// Served from a heap that is never trimmed, the freed pages are reused; the peak resident size stays that of
    /// the largest page. Blocks above 512 MB (a page near the pixel budget) are still mapped and returned. Call it
    /// once, at the start of a process that works through pages.
    @discardableResult
    public static func keepInHeap() -> Bool { sf_keep_large_buffers(512 << 20) == 1 }
}
