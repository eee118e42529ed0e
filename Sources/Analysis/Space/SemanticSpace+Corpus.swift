extension SemanticSpace {
  /// A corpus reduced to its in-vocabulary tokens and split, line by line, into disjoint
  /// training, validation and test parts (METHOD.md §1).
  ///
  /// Each part keeps its lines in file order as one token stream, plus an index of its lines
  /// by length, so drawing a window costs `O(log lines)` whatever the length and allocates
  /// nothing: no per-draw filtering of a 100 000-line corpus.
  struct Corpus: Sendable {
    /// The corpus file's name, for messages.
    let file: String
    let windows: CorpusWindows
    /// Indexed by `CorpusPart` in declaration order.
    let parts: [Part]

    struct Part: Sendable {
      /// The part's lines, in file order, concatenated: (tokens).
      var tokens: [Int32] = []
      /// Where each line starts in `tokens`: (lines).
      var lineStarts: [Int] = []
      /// The 1-based line of each line in the corpus file: (lines).
      var lineNumbers: [Int] = []
      /// Line indices, longest first (ties in file order): (lines).
      var byLength: [Int] = []
      /// `lengths[r]` = the length of line `byLength[r]`, non-increasing: (lines).
      var lengths: [Int] = []
      /// `cumulative[r]` = Σ of `lengths[0..<r]`: (lines + 1).
      var cumulative: [Int] = [0]

      var lineCount: Int { lineStarts.count }

      mutating func append(line: [Int32], number: Int) {
        lineStarts.append(tokens.count)
        lineNumbers.append(number)
        tokens.append(contentsOf: line)
      }

      /// Builds the by-length index once all lines are in.
      mutating func index() {
        let (starts, total) = (lineStarts, tokens.count)
        let length = { (i: Int) in (i + 1 < starts.count ? starts[i + 1] : total) - starts[i] }
        byLength = lineStarts.indices.sorted { a, b in
          let (la, lb) = (length(a), length(b))
          return la != lb ? la > lb : a < b
        }
        lengths = byLength.map(length)
        cumulative = [0]
        cumulative.reserveCapacity(lengths.count + 1)
        for l in lengths { cumulative.append(cumulative.last! + l) }
      }

      /// The longest window this part can give.
      func longest(_ windows: CorpusWindows) -> Int {
        switch windows {
        case .stream: tokens.count
        case .sentence: lengths.first ?? 0
        }
      }

      /// The number of lines with at least `n` tokens: a prefix of `byLength`.
      func eligible(_ n: Int) -> Int {
        var (lo, hi) = (0, lengths.count)
        while lo < hi {
          let mid = (lo + hi) / 2
          if lengths[mid] >= n { lo = mid + 1 } else { hi = mid }
        }
        return lo
      }

      /// The start in `tokens` of a window of `n` tokens drawn uniformly among all the part's
      /// windows of that length (every window equally likely, not every line).
      ///
      /// The first `m` lines by length hold `W(m) = cumulative[m] − m·(n − 1)` windows; a draw
      /// `u < W(m)` falls in the line `r` with `W(r) ≤ u < W(r + 1)`, found by bisection since
      /// `W` grows with `r`.
      func windowStart(length n: Int, windows: CorpusWindows, using rng: inout RandomGenerator) -> Int {
        switch windows {
        case .stream:
          return rng.nextInt(below: tokens.count - n + 1)
        case .sentence:
          let m = eligible(n)
          let u = rng.nextInt(below: cumulative[m] - m * (n - 1))
          var (lo, hi) = (0, m - 1)  // the line r: the largest with W(r) ≤ u
          while lo < hi {
            let mid = (lo + hi + 1) / 2
            if cumulative[mid] - mid * (n - 1) <= u { lo = mid } else { hi = mid - 1 }
          }
          return lineStarts[byLength[lo]] + (u - (cumulative[lo] - lo * (n - 1)))
        }
      }
    }

    func part(_ part: CorpusPart) -> Part {
      parts[CorpusPart.allCases.firstIndex(of: part)!]
    }

    /// The corpus part a line belongs to: a hash of the line and the seed, so the split is a
    /// pure function of the text (the same line always lands in the same part, whatever its
    /// position, on every platform) and no line is in two parts.
    ///
    /// `shares` are percentages summing to 100: a line goes to training when its bucket
    /// (0 … 99) is below `shares[0]`, to validation below `shares[0] + shares[1]`, else to test.
    static func part(ofLine tokens: [String], seed: Int, shares: [Int]) -> CorpusPart {
      var hash = LineHash(seed: seed)
      for (i, token) in tokens.enumerated() {
        if i > 0 { hash.add(0x20) }
        for byte in token.utf8 { hash.add(byte) }
      }
      let bucket = Int(hash.finalised % 100)
      if bucket < shares[0] { return .training }
      if bucket < shares[0] + shares[1] { return .validation }
      return .test
    }
  }
}

/// `FNV1a` over the seed's eight bytes (little-endian) and then the line's bytes, finished
/// with SplitMix64's mixer so that every bit (and so `hash % 100`) depends on every byte.
struct LineHash {
  private var fnv = FNV1a()

  init(seed: Int) {
    let s = UInt64(bitPattern: Int64(seed))
    for shift in stride(from: 0, to: 64, by: 8) { add(UInt8(truncatingIfNeeded: s >> UInt64(shift))) }
  }

  mutating func add(_ byte: UInt8) { fnv.add(byte) }

  var finalised: UInt64 {
    var z = fnv.value
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
