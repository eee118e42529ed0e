/// One model with everything a training step needs beside it: its tape, its gradient buffer
/// and Adam's state. A step is forward, MSE loss, backward, global-norm clipping, Adam.
final class TrainingStep<T: Scalar> {
  private(set) var model: RecurrentModel<T>
  let clip: Double
  private var adam: Adam<T>
  private let tape: RecurrentTape<T>
  private var gradients: [T]
  private var dOutput: [T] = []
  private var prediction: [T] = []

  init(model: RecurrentModel<T>, learningRate: Double, clip: Double) {
    self.model = model
    self.clip = clip
    adam = Adam(parameterCount: model.parameters.count, learningRate: learningRate)
    tape = RecurrentTape(for: model)
    gradients = [T](repeating: 0, count: model.parameters.count)
  }

  /// Trains on one batch; returns the loss before the update and the gradient norm before
  /// clipping. A non-finite loss leaves the parameters untouched.
  @discardableResult
  func step(_ input: SequenceInput<T>, target: [T]) -> (loss: Double, gradientNorm: Double) {
    SubnormalFlush.around { flushedStep(input, target: target) }
  }

  private func flushedStep(_ input: SequenceInput<T>, target: [T]) -> (loss: Double, gradientNorm: Double) {
    model.forward(input, tape: tape)
    var clock = tape.clockStart()
    tape.copyReadout(into: &prediction)
    let loss = MeanSquaredError.loss(prediction, target)
    guard loss.isFinite else { return (loss, .nan) }
    MeanSquaredError.gradient(prediction, target, into: &dOutput)
    for i in gradients.indices { gradients[i] = 0 }
    tape.clockStop(.loss, clock)
    model.backward(input, tape: tape, dOutput: dOutput, gradients: &gradients)
    clock = tape.clockStart()
    defer {
      tape.clockStop(.optimiser, clock)
      tape.profile?.stepEnded()
    }
    let norm = GradientClipping.clip(&gradients, maxNorm: clip)
    guard norm.isFinite else { return (.nan, norm) }
    adam.update(&model.parameters, gradients: gradients)
    return (loss, norm)
  }

  /// Phase timings of the steps that follow (`memstudy bench --profile`), or nil.
  var profile: StepProfile? {
    get { tape.profile }
    set { tape.profile = newValue }
  }

  /// The loss on a batch without training.
  func loss(_ input: SequenceInput<T>, target: [T]) -> Double {
    SubnormalFlush.around {
      model.forward(input, tape: tape)
      return MeanSquaredError.loss(tape.readout, target)
    }
  }

  /// Replaces the parameters (e.g. restoring the best validation checkpoint).
  func restore(parameters: [T]) {
    precondition(parameters.count == model.parameters.count)
    model.parameters = parameters
  }
}
