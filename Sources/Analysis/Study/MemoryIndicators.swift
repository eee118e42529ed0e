/// The memory indicators of METHOD.md §3–§4 for one trained cell at one test length.
///
/// Everything is computed from what the cell produced on `N` test sequences of length `n`:
/// the decoded semantics `ŝ_i = W_o h_n + b_o` and the final hidden states `h_n`.
///
/// - memory rate `β_k` (k = 0 is the last token read), the pooled least-squares coefficients,
///   with an intercept, of `ŝ − ȳ ≈ (1/n) Σ_t β_{n−t} (e_{x_t} − ē_t)`, outputs and each
///   position's vectors centred on their test-set means (`MemoryIndicators+Coefficients.swift`);
/// - sequence memory rate `SMR = mean_k β_k`;
/// - fidelity `F = mean_i cos(ŝ_i − ȳ, S(x_i) − S̄)`, with the same centring;
/// - interference `I = mean_i ‖r_i‖ / ‖S(x_i) − S̄‖`, `r_i` the residual of the β fit;
/// - effective memory length `EML_θ`, the number of leading `β_k ≥ θ`;
/// - time constant `τ` of `β_k ≈ A·e^(−k/τ)`;
/// - Jaeger's memory capacity from linear probes on `h_n` (`MemoryIndicators+Capacity.swift`).
public enum MemoryIndicators {
  /// All indicators of one cell at test length `length`.
  ///
  /// - Parameters:
  ///   - decoded: ŝ: (N, d), the readout of the cell on each test sequence.
  ///   - tokens: (N, length) row-major token ids of the test sequences.
  ///   - finalStates: h_n: (N, H), the hidden state after the last token.
  ///   - threshold: θ of the effective memory length.
  ///   - probeRidge: ridge penalty of the memory-capacity probes, per fitted sequence.
  ///   - substitution: the substitution coefficients σ_k where they were measured (§3b).
  ///   - capacity: the memory capacity when already computed for these final states and tokens
  ///     (it does not depend on `decoded`).
  public static func evaluate(
    decoded: Matrix<Double>, tokens: [Int32], length: Int, finalStates: Matrix<Double>,
    space: SemanticSpace, threshold: Double, probeRidge: Double,
    substitution: SubstitutionCurve? = nil, capacity known: Double? = nil
  ) -> EvalResult {
    let fit = fitCoefficients(decoded: decoded, tokens: tokens, length: length, space: space)
    let capacity = known ?? memoryCapacity(
      finalStates: finalStates, tokens: tokens, length: length, space: space, ridge: probeRidge)
    let held = substitution.map { heldMemory($0, threshold: threshold) }
    return EvalResult(
      length: length,
      smr: fit.beta.reduce(0, +) / Double(length),
      fidelity: fit.fidelity,
      interference: fit.interference,
      eml: effectiveMemoryLength(fit.beta, threshold: threshold),
      tau: timeConstant(fit.beta),
      memoryRate: fit.beta,
      memoryCapacity: capacity,
      memoryRateSub: substitution?.sigma,
      memoryRateSubSe: substitution?.standardError,
      smrSub: held?.smr, emlSub: held?.eml, tauSub: held?.tau)
  }

  /// `EML_θ`: the largest `k` with `β_j ≥ θ` for every `j < k`, i.e. how many of the last tokens
  /// read are all at least `θ` present. `β_0 < θ` gives 0; a curve never below `θ` gives `n`.
  static func effectiveMemoryLength(_ beta: [Double], threshold: Double) -> Int {
    beta.firstIndex { !($0 >= threshold) } ?? beta.count
  }

  /// `τ` of the least-squares line `log β_k = log A − k/τ` through the leading run of the
  /// curve, `k = 0, 1, …` up to (not including) the first `β_k ≤ floor`; `nil` ("no decay") when
  /// fewer than two points remain or the slope is ≥ 0.
  ///
  /// Only the leading run is the forgetting curve: past the first coefficient at the floor, what
  /// comes back above it (noise, or a rebound far from the end) is not the decay of the last
  /// tokens read, and fitting it would flatten τ. The floor keeps the logarithm away from
  /// coefficients that are zero up to fitting noise (undefined when ≤ 0). A slope whose total
  /// change of `log β` over the fitted range is below 1e-9 counts as 0: a flat curve fitted in
  /// floating point has a slope of rounding noise, of either sign, and `τ ≈ 1e15` would be noise.
  static func timeConstant(_ beta: [Double], floor: Double = 0.05) -> Double? {
    // `!(β > floor)` also ends the run at a NaN.
    let run = beta.prefix { $0 > floor }
    let points = run.enumerated().map { (k: Double($0.offset), y: PortableMath.log($0.element)) }
    guard points.count >= 2 else { return nil }
    let meanK = points.reduce(0) { $0 + $1.k } / Double(points.count)
    let meanY = points.reduce(0) { $0 + $1.y } / Double(points.count)
    var sxy = 0.0
    var sxx = 0.0
    for p in points {
      sxy += (p.k - meanK) * (p.y - meanY)
      sxx += (p.k - meanK) * (p.k - meanK)
    }
    // Distinct k make sxx > 0; centring first avoids the cancellation of Σk² − (Σk)²/m.
    let slope = sxy / sxx
    let span = points.last!.k - points.first!.k
    guard slope * span < -1e-9 else { return nil }
    return -1 / slope
  }
}
