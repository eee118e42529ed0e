/// The substitution coefficients σ_k of METHOD.md §3b: what the network *holds* of the token
/// read `k` steps before the end, as opposed to what the fit of §3 credits it with (which
/// includes what the network infers from the tokens it does hold, when tokens are correlated).
///
/// For each position `t`, every test sequence `x_i` gets a donor `x_{π_t(i)}`: `x_i^(t)` is `x_i`
/// with its token at `t` replaced by the donor's token at `t`. Then
///
///     Δe_i = (e_{x'_t} − e_{x_t}) / n,    Δŝ_i = ŝ(x_i^(t)) − ŝ(x_i),
///     σ_{n−t} = Σ_i ⟨Δŝ_i, Δe_i⟩ / Σ_i ‖Δe_i‖²
///
/// a ratio of sums (a donor whose token equals the original adds 0 to both). The exact
/// centroid gives σ ≡ 1, any constant σ ≡ 0, and a network that ignores the token at `t` gives
/// σ_{n−t} = 0 whatever the correlations between tokens: only a change the token itself makes
/// to the output counts.
public struct SubstitutionCurve: Equatable, Sendable {
  /// σ_k, k = 0 (last token read) … n − 1.
  public var sigma: [Double]
  /// The standard error of each σ_k by the delta method over the test sequences.
  public var standardError: [Double]
}

extension MemoryIndicators {
  /// The donor pairing of METHOD.md §3b: for each position `p` (0-based) of a test set of
  /// `count` sequences of `length` tokens, a derangement π_p of the sequences (no sequence is
  /// its own donor), drawn from its own stream of the evaluation seed, the length and the
  /// position (`CellSeeds`, purpose `.substitution`), so every unit and hidden size of a seed
  /// is measured with the same donors. Each π_p is a uniformly random cyclic permutation
  /// (Sattolo's shuffle), a derangement by construction.
  struct Donors {
    let count: Int
    let length: Int
    /// π_p(i) at `p * count + i`.
    private let table: [Int32]

    /// `nil` when fewer than two sequences leave no derangement.
    init?(count: Int, length: Int, seed: Int) {
      guard count >= 2, length >= 1, count <= Int(Int32.max) else { return nil }
      self.count = count
      self.length = length
      var table = [Int32](repeating: 0, count: count * length)
      for p in 0..<length {
        var rng = CellSeeds.generator(seed, .substitution, length, p)
        let base = p * count
        for i in 0..<count { table[base + i] = Int32(i) }
        var i = count - 1
        while i > 0 {
          table.swapAt(base + i, base + rng.nextInt(below: i))
          i -= 1
        }
      }
      self.table = table
    }

    /// Given pairings: `table[p * count + i]` = π_p(i); `nil` unless each π_p is a
    /// derangement of `0..<count` (tests against a PyTorch reference use this).
    init?(table: [Int32], count: Int, length: Int) {
      guard count >= 2, length >= 1, table.count == count * length else { return nil }
      for p in 0..<length {
        var seen = [Bool](repeating: false, count: count)
        for i in 0..<count {
          let j = Int(table[p * count + i])
          guard j >= 0, j < count, j != i, !seen[j] else { return nil }
          seen[j] = true
        }
      }
      (self.count, self.length, self.table) = (count, length, table)
    }

    /// The sequence that gives sequence `i` its token at position `p`.
    @inline(__always) func donor(of i: Int, at p: Int) -> Int { Int(table[p * count + i]) }

    /// The test set's `(count, length)` tokens with sequence `i`'s token at `p` replaced by its
    /// donor's, for the sequences `rows`, from position `p` on: `(rows.count, length − p)`.
    func substitutedSuffixes(_ tokens: [Int32], at p: Int, rows: Range<Int>) -> [Int32] {
      let width = length - p
      var out = [Int32](repeating: 0, count: rows.count * width)
      for (r, i) in rows.enumerated() {
        out[r * width] = tokens[donor(of: i, at: p) * length + p]
        for t in 1..<width { out[r * width + t] = tokens[i * length + p + t] }
      }
      return out
    }
  }

  /// What σ_k and its standard error are computed from: per position and test sequence,
  /// `a_i = ⟨Δŝ_i, Δe_i⟩` and `b_i = ‖Δe_i‖²`. Kept per sequence (2·n·N numbers) so the
  /// standard error is a two-pass sum without cancellation; summed in test-set order, so σ is
  /// the same bits however the forward passes were batched.
  struct SubstitutionSums {
    let length: Int
    /// a and b of position p, in the order the sequences were added.
    private var a: [[Double]], b: [[Double]]

    init(length: Int) {
      self.length = length
      a = [[Double]](repeating: [], count: length)
      b = [[Double]](repeating: [], count: length)
    }

    /// Adds one sequence at position `p`: `substituted` and `original` are its outputs
    /// `ŝ(x^(t))` and `ŝ(x)`, `donorVector` and `ownVector` the two tokens' vectors (`d` each).
    mutating func add(
      position p: Int, substituted: UnsafePointer<Double>, original: UnsafePointer<Double>,
      donorVector: UnsafePointer<Double>, ownVector: UnsafePointer<Double>, dimension d: Int
    ) {
      let scale = 1 / Double(length)
      var ai = 0.0
      var bi = 0.0
      for j in 0..<d {
        let de = (donorVector[j] - ownVector[j]) * scale
        ai += (substituted[j] - original[j]) * de
        bi += de * de
      }
      a[p].append(ai)
      b[p].append(bi)
    }

    /// σ_k and its delta-method standard error, `k = n − 1 − p`:
    ///
    ///     σ = Σa / Σb,   SE(σ) = √(N/(N − 1) · Σ_i (a_i − σ b_i)²) / Σb
    ///
    /// A position where no donor changed the token (Σb = 0) carries no information about the
    /// network: σ is 0 there, with standard error 0.
    var curve: SubstitutionCurve {
      var sigma = [Double](repeating: 0, count: length)
      var error = [Double](repeating: 0, count: length)
      for p in 0..<length {
        let sumB = b[p].reduce(0, +)
        guard sumB > 0 else { continue }
        let k = length - 1 - p
        let ratio = a[p].reduce(0, +) / sumB
        var residual = 0.0
        for i in a[p].indices {
          let r = a[p][i] - ratio * b[p][i]
          residual += r * r
        }
        let n = Double(a[p].count)
        sigma[k] = ratio
        error[k] = a[p].count > 1 ? (residual * n / (n - 1)).squareRoot() / sumB : 0
      }
      return SubstitutionCurve(sigma: sigma, standardError: error)
    }
  }

  /// σ_k of any readout, given as a function from `(count, length)` token sequences to their
  /// decoded semantics `(count, d)`: every substituted test set is decoded whole. The model
  /// path (`ModelEvaluator`) computes the same sums from the prefix states of the base pass
  /// instead; this one serves readouts that are not networks (the exact centroid, a lookup
  /// table of the last tokens) and checks the model path.
  ///
  /// - Parameters:
  ///   - tokens: `(N, n)` row-major token ids of the test set.
  ///   - decoded: `(N, d)`, what `decode` gives for `tokens`.
  ///   - seed: the evaluation seed the donors are drawn from.
  static func substitutionCurve(
    tokens: [Int32], length n: Int, space: SemanticSpace, seed: Int, decoded: Matrix<Double>,
    decode: ([Int32]) throws -> Matrix<Double>
  ) rethrows -> SubstitutionCurve? {
    let count = tokens.count / n
    guard let donors = Donors(count: count, length: n, seed: seed) else { return nil }
    var sums = SubstitutionSums(length: n)
    for p in 0..<n {
      var substituted = tokens
      for i in 0..<count { substituted[i * n + p] = tokens[donors.donor(of: i, at: p) * n + p] }
      let out = try decode(substituted)
      for i in 0..<count {
        sums.add(
          position: p, row: i, substituted: out, original: decoded,
          donor: Int(substituted[i * n + p]), own: Int(tokens[i * n + p]), space: space)
      }
    }
    return sums.curve
  }

  /// The held-memory indicators of a σ curve: `SMR_σ` (σ_k clipped to [0, 1], then averaged),
  /// `EML_σ` and `τ_σ` as for β.
  static func heldMemory(_ curve: SubstitutionCurve, threshold: Double)
    -> (smr: Double, eml: Int, tau: Double?)
  {
    let clipped = curve.sigma.reduce(0) { $0 + min(1, max(0, $1)) }
    return (
      clipped / Double(curve.sigma.count),
      effectiveMemoryLength(curve.sigma, threshold: threshold),
      timeConstant(curve.sigma)
    )
  }
}

extension MemoryIndicators.SubstitutionSums {
  /// `add` for row `row` of two `(N, d)` output matrices and the tokens `donor` and `own`.
  mutating func add(
    position p: Int, row: Int, substituted: Matrix<Double>, original: Matrix<Double>,
    donor: Int, own: Int, space: SemanticSpace
  ) {
    let d = space.dimension
    substituted.storage.withUnsafeBufferPointer { s in
      original.storage.withUnsafeBufferPointer { o in
        space.vectors.storage.withUnsafeBufferPointer { e in
          add(
            position: p, substituted: s.baseAddress! + row * d, original: o.baseAddress! + row * d,
            donorVector: e.baseAddress! + donor * d, ownVector: e.baseAddress! + own * d,
            dimension: d)
        }
      }
    }
  }
}
