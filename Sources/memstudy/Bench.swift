import Analysis
import ArgumentParser
import Foundation

struct Bench: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Train one cell for a fixed number of steps, single-threaded, and print its speed as one JSON line.",
    discussion: "The step includes drawing the batch, as a PyTorch training loop would. See Benchmarks/.")

  @Option(help: "The recurrent unit: \(UnitKind.allCases.map(\.rawValue).joined(separator: ", ")).")
  var unit: UnitKind
  @Option(parsing: .unconditional, help: "Hidden size H.")
  var hidden: Int
  @Option(parsing: .unconditional, help: "Stacked layers K (torch.nn.LSTM's num_layers).")
  var layers: Int = 1
  @Option(parsing: .unconditional, help: "Vocabulary size V.")
  var vocab: Int
  @Option(parsing: .unconditional, help: "Sequence length L.")
  var length: Int
  @Option(parsing: .unconditional, help: "Batch size B.")
  var batch: Int
  @Option(parsing: .unconditional, help: "Training steps timed.")
  var steps: Int
  @Option(help: "Input space: onehot (token gather) or gaussian (dense vectors of --dim).")
  var space: SpaceKind = .onehot
  @Option(parsing: .unconditional, help: "Vector dimension of the gaussian space.")
  var dim: Int?
  @Option(parsing: .unconditional, help: "Untimed warm-up steps.")
  var warmup: Int = 3
  @Option(parsing: .unconditional, help: "Seed.")
  var seed: Int = 1
  @Option(help: "Start from this model (.safetensors, a cell's file or PyTorch's) instead of a fresh one: a trained cell whose gradients have decayed trains at the speed shown here. Its unit, hidden size and layers must be the ones given, its input size the vocabulary's.")
  var weights: String?
  @Flag(help: "Also time each phase of the step and replay one step's matrix products alone through the product kernel: floor_ms is that replay, step_floor_ratio the step's multiple of it; activation_floor_ms is the step's sigmoids and tanhs at their stand-alone cost, step_bound_ratio the step's multiple of both floors (adds a little overhead to steps_per_s).")
  var profile = false

  func validate() throws {
    for (name, value) in [("hidden", hidden), ("layers", layers), ("vocab", vocab), ("length", length), ("batch", batch), ("steps", steps)] where value < 1 {
      throw ValidationError("--\(name) \(value) is not allowed; expected an integer ≥ 1")
    }
    if layers > StudyConfig.maximumLayers {
      throw ValidationError("--layers \(layers) is not allowed; expected an integer from 1 to \(StudyConfig.maximumLayers)")
    }
    if warmup < 0 { throw ValidationError("--warmup \(warmup) is not allowed; expected an integer ≥ 0") }
    if vocab < 2 { throw ValidationError("--vocab \(vocab) is not allowed; expected an integer ≥ 2") }
    if weights != nil && space != .onehot {
      throw ValidationError("--weights is only for --space onehot (a cell of a one-hot study)")
    }
    switch space {
    case .onehot:
      if dim != nil { throw ValidationError("--dim is only for --space gaussian") }
    case .gaussian:
      guard let dim, dim >= 1 else { throw ValidationError("--space gaussian needs --dim (an integer ≥ 1)") }
    case .embeddings:
      throw ValidationError("--space embeddings is not allowed here; allowed: onehot, gaussian")
    }
    let d = space == .onehot ? vocab : (dim ?? 1)
    let estimate = MemoryEstimate.space(vocab: vocab, dimension: d) + MemoryEstimate.cell(.init(
      gates: unit.gateCount, hidden: hidden, layers: layers, vocab: vocab, dimension: d,
      dense: space != .onehot,
      trainLength: length, testLength: 1, batch: batch, validation: 1, sequences: 8))
    let available = MemoryEstimate.available
    if estimate.bytes > available {
      throw ValidationError("--hidden \(hidden) --vocab \(vocab) --length \(length) --batch \(batch) need about \(estimate) of memory, more than this machine's \(MemoryEstimate.format(available)); most of it is \(estimate.largest?.what ?? "the training tape")")
    }
  }

  func run() throws {
    let semantic: SemanticSpace = space == .onehot ? .onehot(vocab: vocab) : .gaussian(vocab: vocab, dim: dim!, seed: seed)
    let training = TrainingConfig(batch: batch, learningRate: 1e-3, clip: 1, maxSteps: steps)
    let trainer = CellTrainer(space: semantic, training: training)
    let stepProfile = profile ? StepProfile() : nil
    let start = try weights.map { try startingModel($0, dimension: semantic.dimension) }
    let seconds = try trainer.benchmark(
      CellSpec(unit: unit, hidden: hidden, layers: layers, trainLength: length, seed: seed), steps: steps,
      warmup: warmup, profile: stepProfile, from: start)
    let d = semantic.dimension
    let g = unit.gateCount * hidden
    // Multiply-adds of the matrix products of one step: forward recurrent and readout,
    // backward twice each, plus the dense input product (forward and weight gradient); each
    // layer above the first adds its recurrent products and its input's three (forward,
    // weight gradient, the input's gradient). Units without a hidden projection have no
    // recurrent products.
    let perLayer = unit.hasHiddenProjection ? 2 * layers - 1 : layers - 1
    let recurrent = 3.0 * Double(length * batch * g * hidden) * Double(perLayer)
    let input = space == .onehot ? 0 : 2.0 * Double(length * batch * g * d)
    let readout = 3.0 * Double(batch * d * hidden)
    let gflops = 2 * (recurrent + input + readout) * Double(steps) / seconds / 1e9
    var line: [String: Any] = [
      "unit": unit.rawValue, "hidden": hidden, "layers": layers, "vocab": vocab, "length": length, "batch": batch,
      "steps": steps, "space": space.rawValue, "dim": d, "seconds": seconds,
      "steps_per_s": Double(steps) / seconds, "matmul_gflops": gflops,
    ]
    if let stepProfile {
      // Milliseconds per step in each phase, and the products' throughput inside the step
      // against the same products run back to back on warm buffers.
      var phases: [String: Double] = [:]
      for phase in StepProfile.Phase.allCases {
        phases[phase.name] = stepProfile.seconds[phase.rawValue] * 1e3 / Double(steps)
      }
      let profiled = stepProfile.seconds.reduce(0, +)
      phases["other"] = max(0, seconds - profiled) * 1e3 / Double(steps)
      line["phase_ms"] = phases
      line["step_ms"] = seconds * 1e3 / Double(steps)
      let productSeconds = stepProfile.seconds[StepProfile.Phase.products.rawValue]
      line["in_step_product_gflops"] = stepProfile.productFlops / productSeconds / 1e9
      let stepFlops = stepProfile.stepProducts.reduce(0) { $0 + $1.flops }
      let repeats = max(1, steps)
      _ = stepProfile.replayProducts(repeats: 1)
      let replay = stepProfile.replayProducts(repeats: repeats) / Double(repeats)
      line["sgemm_gflops"] = stepFlops / replay / 1e9
      line["products_per_step"] = stepProfile.stepProducts.count
      // The product floor: one step's products at the product kernel's stand-alone rate, the
      // least a step can take without faster products; and the step's multiple of it. The
      // replay does not reuse the forward pass's packed W_hhᵀ, so where the products ran faster
      // inside the step, their in-step time is the floor (never a floor above what was reached).
      let floor = min(replay, productSeconds / Double(steps))
      line["floor_ms"] = floor * 1e3
      line["step_floor_ratio"] = seconds / Double(steps) / floor
      // The activation floor: the forward pass's sigmoids and tanhs at their stand-alone cost.
      // No step can take less than the two floors together, whatever its kernels do around
      // them, without cheaper (less accurate) activations.
      let cost = StepProfile.activationCost()
      let (sigmoids, tanhs) = unit.transcendentals
      let positions = Double(length) * Double(batch) * Double(hidden) * Double(layers)
      let activationFloor = positions * (Double(sigmoids) * cost.sigmoid + Double(tanhs) * cost.tanh)
      line["sigmoid_ns"] = cost.sigmoid * 1e9
      line["tanh_ns"] = cost.tanh * 1e9
      line["activation_floor_ms"] = activationFloor * 1e3
      line["step_bound_ratio"] = seconds / Double(steps) / (floor + activationFloor)
    }
    if let weights { line["weights"] = weights }
    let data = try JSONSerialization.data(withJSONObject: line, options: [.sortedKeys])
    print(String(decoding: data, as: UTF8.self))
  }

  /// The model of `--weights`, checked against the shape the options give.
  private func startingModel(_ path: String, dimension: Int) throws -> RecurrentModel<Float> {
    let model = try loadWeights(path, unit: unit)
    let given = "--unit \(unit.rawValue) --hidden \(hidden) --layers \(layers) --vocab \(vocab)"
    let found = "\(model.unit.rawValue), hidden \(model.hiddenSize), \(model.layers) layers, input and readout size \(model.inputSize) and \(model.outputSize)"
    guard model.unit == unit, model.hiddenSize == hidden, model.layers == layers,
      model.inputSize == dimension, model.outputSize == dimension
    else {
      throw UsageError(description: "--weights \(path) holds a model of \(found), not the \(given) given")
    }
    return model
  }
}
