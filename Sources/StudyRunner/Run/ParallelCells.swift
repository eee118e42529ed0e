import Analysis
import Foundation

/// Runs cells on `jobs` threads, each cell single-threaded. Workers take the next cell from a
/// shared queue; results are reported as they finish and returned in the input order, so
/// nothing downstream depends on the number of workers or on timing.
enum ParallelCells {
  static func run(
    _ cells: [CellSpec], jobs: Int, work: @escaping @Sendable (CellSpec) throws -> CellResult,
    started: @escaping @Sendable (CellSpec) -> Void,
    finished: @escaping @Sendable (CellResult) -> Void
  ) throws -> [CellResult] {
    let state = SharedState(count: cells.count)
    let group = DispatchGroup()
    for _ in 0..<max(1, min(jobs, cells.count)) {
      group.enter()
      let thread = Thread {
        defer { group.leave() }
        while let index = state.take() {
          let cell = cells[index]
          started(cell)
          do {
            let result = try work(cell)
            state.store(result, at: index)
            finished(result)
          } catch {
            state.fail(error)
          }
        }
      }
      // Large tapes live on the heap; the default 512 KiB stack is enough for the rest,
      // but give the numeric code room.
      thread.stackSize = 8 << 20
      thread.start()
    }
    group.wait()
    if let error = state.error { throw error }
    return state.results.map { $0! }
  }

  private final class SharedState: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private let count: Int
    private(set) var results: [CellResult?]
    private(set) var error: Error?

    init(count: Int) {
      self.count = count
      results = Array(repeating: nil, count: count)
    }

    /// The next cell's index; `nil` when none is left or a cell failed.
    func take() -> Int? {
      lock.withLock {
        guard error == nil, next < count else { return nil }
        defer { next += 1 }
        return next
      }
    }

    func store(_ result: CellResult, at index: Int) {
      lock.withLock { results[index] = result }
    }

    func fail(_ error: Error) {
      lock.withLock { if self.error == nil { self.error = error } }
    }
  }
}

