import Dispatch
import Foundation

/// Data-parallel helpers over `DispatchQueue.concurrentPerform`.
public enum Parallel {
    /// The processors this process may use.
    public static var cores: Int { ProcessInfo.processInfo.activeProcessorCount }

    /// `body(job)` for every job in `0..<jobs`, concurrently, results in job order.
    public static func map<T>(jobs: Int, _ body: (Int) -> T) -> [T] {
        guard jobs > 1 else { return (0..<jobs).map(body) }
        let slots = Slots<T>(count: jobs)
        withoutActuallyEscaping(body) { body in
            let run = UncheckedSendable(body)
            DispatchQueue.concurrentPerform(iterations: jobs) { job in slots.store(run.value(job), at: job) }
        }
        return (0..<jobs).map { slots.take($0) }
    }

    /// Splits `0..<count` into about `chunks` contiguous ranges and maps each concurrently.
    public static func map<T>(ranges count: Int, chunks: Int, _ body: (Range<Int>) -> T) -> [T] {
        let chunks = max(1, min(chunks, count))
        let size = (count + chunks - 1) / max(chunks, 1)
        return map(jobs: count == 0 ? 0 : (count + size - 1) / size) { job in
            body((job * size)..<min(count, (job + 1) * size))
        }
    }
}

/// A value handed to `concurrentPerform`'s iterations. `@unchecked Sendable`: used only for
/// closures that the iterations call with disjoint arguments.
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// One slot per concurrent job for its result.
/// `@unchecked Sendable`: each slot is written by exactly one `concurrentPerform` iteration and
/// read only after `concurrentPerform` has returned, so no slot is ever accessed concurrently.
final class Slots<T>: @unchecked Sendable {
    private let slots: UnsafeMutablePointer<T?>
    private let count: Int

    init(count: Int) {
        self.count = count
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil, count: count)
    }

    func store(_ value: T, at i: Int) { slots[i] = value }

    func take(_ i: Int) -> T {
        let value = slots[i]!
        slots[i] = nil
        return value
    }

    deinit {
        slots.deinitialize(count: count)
        slots.deallocate()
    }
}

extension Parallel {
    /// `body(i)` for every `i` in `0..<count`, in contiguous ranges on all cores: the results in
    /// order, or the error of the lowest `i` that failed.
    public static func results<T>(_ count: Int, chunks: Int = 4 * Parallel.cores, _ body: (Int) throws -> T) throws
        -> [T]
    {
        let parts = map(ranges: count, chunks: chunks) { range in Result { try range.map(body) } }
        var out: [T] = []
        out.reserveCapacity(count)
        for part in parts { out += try part.get() }
        return out
    }
}
