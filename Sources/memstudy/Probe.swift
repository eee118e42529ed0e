import Analysis
import ArgumentParser
import Foundation
import StudyRunner

struct Probe: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Measure how much of its input a recurrent network trained elsewhere still holds, through linear probes of its final state, and write a study directory.",
    discussion: """
      The weights are a PyTorch state_dict saved with safetensors.torch.save_file: an embedding \
      (the one matrix of shape (vocabulary, input size), or --embedding NAME) and a stacked \
      torch.nn.RNN, LSTM or GRU (PREFIXweight_ih_l0 … PREFIXbias_hh_l{K-1}; --prefix when the \
      file holds several). Everything else (a decoder, a classifier head) is listed in the report \
      and not read. VOCAB.txt has one token per line, in embedding row order. The corpus is read, \
      split and windowed as a text study's; the space is the model's own embedding rows.

      At each length, --resamples probes (ridge regressions from the standardised final state, \
      the top layer's h_n or with --state all every layer's h_n and c_n, to the centred \
      centroid; penalty chosen on validation windows) are fitted on their own training windows \
      and evaluated on their own test windows: the fit's SMR, the held memory SMR_σ, EML and \
      fidelity, with 95 % intervals over the probes. A probe is a lower bound on what the state \
      holds.
      """)

  @Option(help: "The model's state_dict (.safetensors, F32 or F64).")
  var weights: String

  @Option(help: "The vocabulary: one token per line, in the embedding's row order.")
  var vocab: String

  @Option(help: "A text corpus, one sentence or paragraph per line.")
  var corpus: String

  @Option(help: "The study directory (default: output/probe-<weights file name>).")
  var out: String?

  @Option(parsing: .unconditional, help: "Comma-separated window lengths.")
  var lengths: String = "5,10,20,40,80,160"

  @Option(help: "Word vectors (word2vec/GloVe text, fastText .vec) whose space the centroids are in, instead of the model's own embedding; the network still reads its embedding rows.")
  var vectors: String?

  @Option(help: "The state the probe reads: top (the top layer's h_n) or all (every layer's h_n and c_n).")
  var state: ProbedState = .top

  @Option(help: "The unit, checked against the gate count: \(UnitKind.allCases.map(\.rawValue).joined(separator: ", ")). Needed for mingru and minlstm (no weight_hh to tell them by).")
  var unit: UnitKind?

  @Option(help: "The prefix of the recurrent tensors' names (e.g. rnn. or encoder.lstm.).")
  var prefix: String?

  @Option(help: "The embedding tensor's name.")
  var embedding: String?

  @Option(parsing: .unconditional, help: "Probes per length, each on its own windows: the intervals are over them.")
  var resamples: Int = 3

  @Option(parsing: .unconditional, help: "Test windows per probe.")
  var sequences: Int = 2000

  @Option(parsing: .unconditional, help: "Worker threads.")
  var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

  @Flag(help: "Overwrite the outputs of a directory that is not a memstudy study.")
  var force = false

  /// The largest length a probe reads: a study's.
  static let maximumLength = 100_000

  func validate() throws {
    guard parsedLengths != nil else {
      throw ValidationError("--lengths \(lengths.prefix(80)) is not allowed; expected distinct integers from 1 to \(Self.maximumLength), comma-separated")
    }
    guard (2...100).contains(resamples) else {
      throw ValidationError("--resamples \(resamples) is not allowed; expected an integer from 2 to 100 (the intervals need two)")
    }
    guard (8...1_000_000).contains(sequences) else {
      throw ValidationError("--sequences \(sequences) is not allowed; expected an integer from 8 to 1000000")
    }
    guard jobs >= 1 else { throw ValidationError("--jobs \(jobs) is not allowed; expected an integer ≥ 1") }
  }

  var parsedLengths: [Int]? {
    let parts = lengths.split(separator: ",", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
    guard !parts.isEmpty, parts.count <= 64 else { return nil }
    let values = parts.compactMap { $0 }
    guard values.count == parts.count, values.allSatisfy({ (1...Self.maximumLength).contains($0) }),
      Set(values).count == values.count
    else { return nil }
    return values
  }

  func run() throws {
    let weightsURL = URL(fileURLWithPath: weights)
    let data: Data
    do {
      data = try BinaryFile.read(weightsURL, maxBytes: MemoryEstimate.available / 6)
    } catch {
      throw UsageError(description: "--weights \(weights): \(error)")
    }
    let words: [String]
    do {
      let text = try TextFile.read(URL(fileURLWithPath: vocab), maxBytes: MemoryEstimate.available / 16)
      var lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }.map(String.init)
      if lines.last == "" { lines.removeLast() }
      if let blank = lines.firstIndex(where: { $0.isEmpty }) {
        throw UsageError(description: "--vocab \(vocab): line \(blank + 1) is empty; expected one token per line")
      }
      words = lines
    } catch let error as TextFile.ReadError {
      throw UsageError(description: "--vocab \(vocab): \(error.description)")
    }
    let directory = URL(fileURLWithPath: out ?? "output/probe-" + weightsURL.deletingPathExtension().lastPathComponent)
    let command = Invocation.current
    let study: ProbeStudy
    do {
      study = try ProbeStudy(
        weights: weightsURL, weightsData: data, words: words, corpus: URL(fileURLWithPath: corpus),
        directory: directory, lengths: parsedLengths ?? [], state: state, unit: unit, prefix: prefix,
        embedding: embedding, resamples: resamples, sequences: sequences, jobs: jobs, command: command,
        vectors: vectors.map { URL(fileURLWithPath: $0) })
    } catch let error as ProbeCheckpoint.ReadError {
      throw UsageError(description: "--weights \(weights): \(error.description)")
    } catch let error as ProbeInputError {
      throw UsageError(description: error.description)
    }
    let lock = try StudyDirectory.prepare(directory, force: force)
    let results = try withExtendedLifetime(lock) { try study.execute() }
    print(RecommendationTable.render(results))
    print("memstudy: wrote \(directory.appendingPathComponent("report.html").path) in \(String(format: "%.1f", results.provenance.wallSeconds)) s")
  }
}

extension ProbedState: ExpressibleByArgument {}
