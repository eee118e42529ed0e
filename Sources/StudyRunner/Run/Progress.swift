import Analysis
import Foundation

/// Progress on stderr: a redrawn bar on a terminal (cells done, current cells, elapsed, ETA),
/// one plain line per finished cell otherwise (logs, CI).
final class Progress: @unchecked Sendable {
  private let lock = NSLock()
  private let total: Int
  private var done: Int
  private let skipped: Int
  private var running: [CellSpec] = []
  private let start = Date()
  private let isTerminal = isatty(STDERR_FILENO) != 0
  private var stopped = false
  /// Estimated cost of each cell to train (`StudyConfig.estimatedCost`), and of those done:
  /// cells start longest first, so counting cells would overstate the time left.
  private let cost: [CellSpec: Double]
  private var costDone = 0.0

  init(total: Int, alreadyDone: Int, cost: [CellSpec: Double] = [:]) {
    self.total = total
    self.done = alreadyDone
    self.skipped = alreadyDone
    self.cost = cost
    if alreadyDone > 0 {
      write("memstudy: \(alreadyDone) of \(total) cells already finished, resuming\n")
    }
    if isTerminal {
      // Redraw every second so the clock and ETA move while long cells train.
      Thread.detachNewThread { [self] in
        while lock.withLock({ !stopped }) {
          Thread.sleep(forTimeInterval: 1)
          lock.withLock { if !stopped { redraw() } }
        }
      }
    }
  }

  func started(_ cell: CellSpec) {
    lock.withLock {
      running.append(cell)
      if isTerminal { redraw() }
    }
  }

  func finished(_ result: CellResult) {
    lock.withLock {
      let spec = result.spec
      running.removeAll { $0 == spec }
      done += 1
      costDone += cost[spec] ?? 0
      if isTerminal {
        redraw()
      } else {
        let status = result.status == .ok ? "ok" : "diverged at step \(result.divergedAtStep ?? 0)"
        write(String(format: "memstudy: cell %d/%d %@: %@, %d steps, %.1f s\n", done, total, spec.description, status, result.steps, result.wallSeconds))
      }
    }
  }

  func finish() {
    lock.withLock {
      stopped = true
      if isTerminal { write("\n") }
    }
  }

  private func redraw() {
    let elapsed = Date().timeIntervalSince(start)
    let fresh = done - skipped
    let costTotal = cost.values.reduce(0, +)
    let eta = costDone > 0 && costTotal > 0
      ? elapsed / costDone * (costTotal - costDone)
      : fresh > 0 ? elapsed / Double(fresh) * Double(total - done) : nil
    let width = 24
    let filled = total == 0 ? width : width * done / total
    let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
    let current = running.map(\.description).joined(separator: ", ")
    var line = "[\(bar)] \(done)/\(total) cells · \(Self.clock(elapsed)) elapsed · ETA \(eta.map(Self.clock) ?? "--:--") · \(current)"
    let columns = Self.terminalWidth
    if line.count > columns - 1 { line = String(line.prefix(columns - 2)) + "…" }
    write("\r\u{1B}[2K" + line)
  }

  static var terminalWidth: Int {
    var size = winsize()
    guard ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 20 else { return 100 }
    return Int(size.ws_col)
  }

  static func clock(_ seconds: Double) -> String {
    let s = Int(seconds.rounded())
    return s >= 3600
      ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
      : String(format: "%02d:%02d", s / 60, s % 60)
  }

  private func write(_ text: String) {
    FileHandle.standardError.write(Data(text.utf8))
  }
}
