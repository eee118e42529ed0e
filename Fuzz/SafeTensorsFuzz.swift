import Foundation

/// libFuzzer entry point for the safetensors reader (`scripts/fuzz`): any input must either
/// parse or throw `SafeTensors.FormatError`; a trap, an overflow or an out-of-bounds read
/// (AddressSanitizer) is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSafeTensors(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  do {
    let tensors = try SafeTensors.read(Data(bytes: data, count: size))
    for (_, tensor) in tensors {
      // Every tensor's values match its shape.
      if tensor.values.count != tensor.shape.reduce(1, *) { fatalError("shape and values disagree") }
    }
  } catch is SafeTensors.FormatError {
  } catch {
    fatalError("unexpected error \(error)")
  }
  return 0
}
