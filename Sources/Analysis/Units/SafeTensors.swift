import Foundation

/// The safetensors file format (Hugging Face): an 8-byte little-endian header length, a JSON
/// header mapping each tensor name to `dtype`, `shape` and `data_offsets` into the byte buffer
/// that follows, then the raw little-endian data. PyTorch reads and writes it through the
/// `safetensors` package.
enum SafeTensors {
  struct Tensor: Equatable, Sendable {
    var shape: [Int]
    /// The values, widened to Double whatever the stored dtype.
    var values: [Double]

    init(shape: [Int], values: [Double]) {
      self.shape = shape
      self.values = values
    }
  }

  enum DType: String, Sendable {
    case f32 = "F32"
    case f64 = "F64"

    var size: Int { self == .f32 ? 4 : 8 }
  }

  struct FormatError: Error, CustomStringConvertible, Equatable {
    let description: String
  }

  /// The header's `__metadata__` (string to string), empty when the file has none.
  static func metadata(_ data: Data) throws -> [String: String] {
    let (table, _) = try header([UInt8](data))
    guard let entry = table["__metadata__"] else { return [:] }
    guard let metadata = entry as? [String: String] else {
      throw FormatError(description: "__metadata__ is not an object of strings")
    }
    return metadata
  }

  /// The JSON header and its length in bytes, checked to fit the file.
  private static func header(_ bytes: [UInt8]) throws -> (table: [String: Any], length: Int) {
    guard bytes.count >= 8 else { throw FormatError(description: "file is \(bytes.count) bytes, shorter than the 8-byte header length") }
    var declared: UInt64 = 0
    for i in 0..<8 { declared |= UInt64(bytes[i]) << (8 * UInt64(i)) }
    // Compared as UInt64 first: `8 + headerLength` would overflow for a length near 2⁶⁴.
    guard declared >= 2, declared <= UInt64(bytes.count - 8) else {
      throw FormatError(description: "header length \(declared) does not fit a \(bytes.count)-byte file")
    }
    let headerLength = Int(declared)
    let header = Data(bytes[8..<(8 + headerLength)])
    guard let table = try? JSONSerialization.jsonObject(with: header) as? [String: Any] else {
      throw FormatError(description: "header is not a JSON object")
    }
    return (table, headerLength)
  }

  /// Reads every tensor. F32 and F64 are supported; other dtypes are rejected by name.
  ///
  /// The file is untrusted: every length, shape and offset is checked, with overflow-checked
  /// arithmetic, before anything is allocated or indexed, so a crafted header (a length near
  /// `UInt64.max`, shapes whose product overflows, negative sizes) is a `FormatError`.
  static func read(_ data: Data) throws -> [String: Tensor] {
    let bytes = [UInt8](data)
    let (table, headerLength) = try header(bytes)
    let dataStart = 8 + headerLength
    let dataLength = bytes.count - dataStart
    var tensors: [String: Tensor] = [:]
    for (name, value) in table.sorted(by: { $0.key < $1.key }) where name != "__metadata__" {
      func fail(_ problem: String) -> FormatError {
        FormatError(description: "tensor \(name.prefix(80)): \(problem)")
      }
      guard let info = value as? [String: Any], let dtypeName = info["dtype"] as? String,
        let shape = integers(info["shape"]), let offsets = integers(info["data_offsets"]),
        offsets.count == 2
      else { throw fail("header entry lacks dtype, shape or data_offsets (whole numbers below 2⁵³)") }
      guard let dtype = DType(rawValue: dtypeName) else {
        throw fail("dtype \(dtypeName.prefix(20)) is not supported (allowed: F32, F64)")
      }
      guard shape.allSatisfy({ $0 >= 0 }) else { throw fail("shape \(shape) has a negative size") }
      var count = 1
      for size in shape {
        let (product, overflow) = count.multipliedReportingOverflow(by: size)
        guard !overflow else { throw fail("shape \(shape) has more elements than any file can hold") }
        count = product
      }
      let (byteCount, overflow) = count.multipliedReportingOverflow(by: dtype.size)
      guard !overflow, offsets[0] >= 0, offsets[0] <= offsets[1], offsets[1] <= dataLength,
        offsets[1] - offsets[0] == byteCount
      else {
        throw fail("data_offsets \(offsets) do not hold the \(count) \(dtypeName) values of shape \(shape) in the file's \(dataLength) data bytes")
      }
      let begin = dataStart + offsets[0]
      var values = [Double](repeating: 0, count: count)
      for i in 0..<count {
        var bits: UInt64 = 0
        for b in 0..<dtype.size { bits |= UInt64(bytes[begin + i * dtype.size + b]) << (8 * UInt64(b)) }
        values[i] = dtype == .f32 ? Double(Float(bitPattern: UInt32(bits))) : Double(bitPattern: bits)
      }
      tensors[name] = Tensor(shape: shape, values: values)
    }
    return tensors
  }

  /// A JSON array of integers. JSONSerialization gives `NSNumber`s; a value that is not a
  /// whole number of magnitude below 2⁵³ (1.5, 1e30) is not a size or an offset of any file.
  private static func integers(_ value: Any?) -> [Int]? {
    guard let array = value as? [Any] else { return nil }
    var out: [Int] = []
    for item in array {
      guard let number = item as? NSNumber else { return nil }
      let double = number.doubleValue
      guard double.rounded() == double, abs(double) < 9_007_199_254_740_992 else { return nil }
      out.append(Int(double))
    }
    return out
  }

  /// Writes tensors in the given order with the given dtype. The header is padded with spaces
  /// to a multiple of 8 bytes, as the reference implementation does, so the data is aligned.
  static func write(
    _ tensors: [(name: String, tensor: Tensor)], dtype: DType, metadata: [String: String] = [:]
  ) -> Data {
    var entries: [String] = []
    if !metadata.isEmpty {
      let fields = metadata.sorted { $0.key < $1.key }.map { "\(jsonString($0.key)):\(jsonString($0.value))" }
      entries.append("\"__metadata__\":{\(fields.joined(separator: ","))}")
    }
    var offset = 0
    for (name, tensor) in tensors {
      let size = tensor.values.count * dtype.size
      let shape = tensor.shape.map(String.init).joined(separator: ",")
      entries.append("\(jsonString(name)):{\"dtype\":\"\(dtype.rawValue)\",\"shape\":[\(shape)],\"data_offsets\":[\(offset),\(offset + size)]}")
      offset += size
    }
    var header = Array("{\(entries.joined(separator: ","))}".utf8)
    while header.count % 8 != 0 { header.append(UInt8(ascii: " ")) }
    var out = [UInt8]()
    out.reserveCapacity(8 + header.count + offset)
    for i in 0..<8 { out.append(UInt8(truncatingIfNeeded: header.count >> (8 * i))) }
    out += header
    for (_, tensor) in tensors {
      for v in tensor.values {
        let bits: UInt64 = dtype == .f32 ? UInt64(Float(v).bitPattern) : v.bitPattern
        for b in 0..<dtype.size { out.append(UInt8(truncatingIfNeeded: bits >> (8 * UInt64(b)))) }
      }
    }
    return Data(out)
  }

  private static func jsonString(_ s: String) -> String {
    var out = "\""
    for scalar in s.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out + "\""
  }
}
