import Foundation

/// A recurrent network trained elsewhere, read from a PyTorch `state_dict` saved with
/// `safetensors.torch.save_file`: its embedding and its stacked `nn.RNN`/`LSTM`/`GRU` layers,
/// for `memstudy probe`.
///
/// The recurrent tensors are found by PyTorch's names under a prefix (`<prefix>weight_ih_l{k}`,
/// `weight_hh_l{k}`, `bias_ih_l{k}`, `bias_hh_l{k}`, k = 0 … K − 1), the unit by the gate count,
/// the embedding as the one 2-D tensor of shape (vocabulary, input size) outside the prefix.
/// Everything else the file holds (a decoder, a classifier head) is listed and not read.
/// Refused, naming the tensor and what was expected: bidirectional (`_reverse`) or projected
/// (`weight_hr`) layers, a missing layer, shapes that do not chain, a vocabulary of another size
/// than the embedding's, NaN or infinite weights.
public struct ProbeCheckpoint: Sendable {
  /// The stacked layers, with a readout of one zero output (the probe replaces it).
  public let model: RecurrentModel<Float>
  /// The embedding rows, `(V, I)`: row `w` is the input the network reads for token `w`.
  public let embedding: Matrix<Double>
  /// The tensor names the network was read from.
  public let prefix: String
  public let embeddingName: String
  /// The file's other tensors, with their shapes, which the probe does not read.
  public let ignored: [(name: String, shape: [Int])]

  public struct ReadError: Error, CustomStringConvertible, Equatable {
    public let description: String
  }

  /// The largest vocabulary a probe reads: far above any language model's.
  public static let maximumVocabulary = 10_000_000

  /// Reads the checkpoint `data` with the vocabulary `words` (one per embedding row, in row
  /// order). `prefix` and `embeddingName` pick the tensors when the file holds several
  /// candidates; `unit` checks the unit the gate count gives.
  public static func read(
    _ data: Data, words: [String], unit: UnitKind? = nil, prefix requested: String? = nil,
    embeddingName: String? = nil
  ) throws -> ProbeCheckpoint {
    let tensors: [String: SafeTensors.Tensor]
    let metadata: [String: String]
    do {
      tensors = try SafeTensors.read(data)
      metadata = try SafeTensors.metadata(data)
    } catch let error as SafeTensors.FormatError {
      throw ReadError(description: "not a safetensors file: \(error.description)")
    }
    func show(_ names: [String]) -> String {
      names.isEmpty ? "none" : names.prefix(12).map { String($0.prefix(80)) }.joined(separator: ", ") + (names.count > 12 ? ", …" : "")
    }
    // The prefix: given, or the one that holds a layer 0.
    let marker = "weight_ih_l0"
    let candidates = tensors.keys.filter { $0.hasSuffix(marker) }.map { String($0.dropLast(marker.count)) }.sorted()
    let prefix: String
    if let given = requested {
      guard tensors[given + marker] != nil else {
        throw ReadError(description: "--prefix \(given.prefix(80)): the file has no tensor \(given.prefix(80))\(marker) (prefixes with a layer 0: \(show(candidates)))")
      }
      prefix = given
    } else {
      guard candidates.count == 1, let only = candidates.first else {
        throw ReadError(description: candidates.isEmpty
          ? "the file has no recurrent layer: no tensor named …weight_ih_l0 (file has: \(show(tensors.keys.sorted())))"
          : "the file has several recurrent networks (\(show(candidates.map { $0 + marker }))): choose one with --prefix")
      }
      prefix = only
    }
    // The recurrent tensors under the prefix, renamed as a memstudy model's, with a readout of
    // one zero output; the model loader refuses what it cannot use, named as in the file.
    var renamed: [String: SafeTensors.Tensor] = [:]
    for (name, tensor) in tensors where name.hasPrefix(prefix) && !name.dropFirst(prefix.count).contains(".") {
      renamed["rnn." + name.dropFirst(prefix.count)] = tensor
    }
    // The hidden size: the columns of weight_hh_l0 `(G·H, H)`, or for a unit named without a
    // hidden projection (minGRU, minLSTM) the rows of weight_ih_l0 `(G·H, I)` over its G.
    let hidden: Int
    if let unit, !unit.hasHiddenProjection {
      guard let ih = renamed["rnn.weight_ih_l0"], ih.shape.count == 2, ih.shape[0] % unit.gateCount == 0 else {
        throw ReadError(description: "tensor \(prefix)weight_ih_l0 is not a matrix of \(unit.gateCount) × the hidden size rows, as a \(unit.rawValue)'s is")
      }
      hidden = ih.shape[0] / unit.gateCount
    } else {
      guard let hh = renamed["rnn.weight_hh_l0"], hh.shape.count == 2 else {
        throw ReadError(description: "tensor \(prefix)weight_hh_l0 is missing or not a matrix (a minGRU or minLSTM has none: name it with --unit)")
      }
      hidden = hh.shape[1]
    }
    renamed["readout.weight"] = SafeTensors.Tensor(shape: [1, hidden], values: .init(repeating: 0, count: hidden))
    renamed["readout.bias"] = SafeTensors.Tensor(shape: [1], values: [0])
    let model: RecurrentModel<Float>
    do {
      model = try RecurrentModel<Float>.load(tensors: renamed, metadata: metadata.filter { $0.key == "unit" }, unit: unit)
    } catch let error as RecurrentModel<Float>.LoadError {
      throw ReadError(description: error.description.replacingOccurrences(of: "rnn.", with: prefix))
    }
    let used = Set(model.layout.entries.map { prefix + $0.name.dropFirst("rnn.".count) })

    // The embedding: named, or the one (V, I) matrix outside the network.
    let inputSize = model.inputSize
    let name: String
    if let embeddingName {
      guard let tensor = tensors[embeddingName] else {
        throw ReadError(description: "--embedding \(embeddingName.prefix(80)): no such tensor (file has: \(show(tensors.keys.sorted())))")
      }
      guard tensor.shape.count == 2, tensor.shape[1] == inputSize else {
        throw ReadError(description: "tensor \(embeddingName.prefix(80)) has shape \(tensor.shape), expected (vocabulary, \(inputSize)): \(prefix)weight_ih_l0 reads \(inputSize)-wide inputs")
      }
      name = embeddingName
    } else {
      let matrices = tensors.filter { !used.contains($0.key) && $0.value.shape.count == 2 && $0.value.shape[1] == inputSize }
        .keys.sorted()
      let sized = matrices.filter { tensors[$0]?.shape[0] == words.count }
      guard let only = (sized.count == 1 ? sized.first : matrices.count == 1 ? matrices.first : nil) else {
        throw ReadError(description: matrices.isEmpty
          ? "the file has no embedding: no matrix of \(inputSize) columns (the input size of \(prefix)weight_ih_l0) outside the network (file has: \(show(tensors.keys.sorted())))"
          : "the file has several matrices of \(inputSize) columns that could be the embedding (\(show(matrices))): choose one with --embedding")
      }
      name = only
    }
    guard let table = tensors[name] else { throw ReadError(description: "tensor \(name) is missing") }
    let rows = table.shape[0]
    guard rows == words.count else {
      throw ReadError(description: "the vocabulary has \(words.count) words, but the embedding \(name.prefix(80)) has \(rows) rows: one word per row, in row order")
    }
    guard rows >= 2, rows <= maximumVocabulary else {
      throw ReadError(description: "the embedding \(name.prefix(80)) has \(rows) rows; expected 2 to \(maximumVocabulary)")
    }
    if let bad = table.values.firstIndex(where: { !$0.isFinite || !Float($0).isFinite }) {
      throw ReadError(description: "tensor \(name.prefix(80)) holds \(table.values[bad]) at index \(bad), not a finite Float (a diverged model?)")
    }
    var seen = Set<String>()
    for (i, word) in words.enumerated() where !seen.insert(word).inserted {
      throw ReadError(description: "the vocabulary lists \"\(word.prefix(40))\" twice (line \(i + 1)): one word per embedding row")
    }
    let embedding = Matrix<Double>(rows: rows, cols: inputSize, storage: table.values)
    let ignored = tensors.filter { !used.contains($0.key) && $0.key != name }
      .map { (name: $0.key, shape: $0.value.shape) }.sorted { $0.name < $1.name }
    return ProbeCheckpoint(model: model, embedding: embedding, prefix: prefix, embeddingName: name, ignored: ignored)
  }
}
