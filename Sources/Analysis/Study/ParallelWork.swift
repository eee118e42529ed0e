import Foundation

/// `ParallelCells` for any work: items on `jobs` threads, each taking the next item; the
/// results in the input order, whatever the timing.
public enum ParallelWork {
  public static func run<Item: Sendable, Result: Sendable>(
    _ items: [Item], jobs: Int, work: @escaping @Sendable (Item) throws -> Result
  ) throws -> [Result] {
    let lock = NSLock()
    nonisolated(unsafe) var next = 0
    nonisolated(unsafe) var results = [Result?](repeating: nil, count: items.count)
    nonisolated(unsafe) var failure: Error?
    let group = DispatchGroup()
    for _ in 0..<max(1, min(jobs, items.count)) {
      group.enter()
      let thread = Thread {
        defer { group.leave() }
        while true {
          lock.lock()
          let index = failure == nil && next < items.count ? next : nil
          next += 1
          lock.unlock()
          guard let index else { return }
          do {
            let result = try work(items[index])
            lock.lock()
            results[index] = result
            lock.unlock()
          } catch {
            lock.lock()
            if failure == nil { failure = error }
            lock.unlock()
          }
        }
      }
      thread.stackSize = 8 << 20
      thread.start()
    }
    group.wait()
    if let failure { throw failure }
    return results.map { $0! }
  }
}
