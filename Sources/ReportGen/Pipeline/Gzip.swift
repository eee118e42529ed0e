import CZlib
import Foundation

/// gzip files (RFC 1952) made by zlib's deflate, byte for byte the same on every run: the
/// header is written here with no name, no time stamp (MTIME 0) and OS 255 ("unknown"), where
/// zlib's own gzip wrapper would stamp the build platform's OS code. The only file that imports
/// `CZlib`.
enum Gzip {
  /// zlib's strongest level: the report embeds each file once, so time spent here is cheap.
  static let level: Int32 = 9

  /// `data` as a complete `.gz` file.
  static func compress(_ data: Data) -> Data {
    // ID1 ID2, CM = deflate, FLG = 0, MTIME = 0, XFL = 2 (slowest, best), OS = 255.
    var out = Data([0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0, 0x02, 0xFF])
    out.append(deflateRaw(data))
    appendLittleEndian(UInt32(truncatingIfNeeded: crc(data)), to: &out)
    // ISIZE is the input length modulo 2^32, as RFC 1952 defines it.
    appendLittleEndian(UInt32(truncatingIfNeeded: data.count), to: &out)
    return out
  }

  /// The content of a `.gz` file; throws on a damaged file or one whose content would exceed
  /// `limit` bytes (checked while inflating, so a hostile file cannot exhaust memory).
  static func decompress(_ gz: Data, limit: Int = 1 << 30) throws -> Data {
    var stream = z_stream()
    // 16 + 15: a gzip wrapper around a 32 KiB window.
    guard inflateInit2_(&stream, 16 + 15, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
      throw GzipError(description: "zlib could not start inflating")
    }
    defer { inflateEnd(&stream) }
    var out = Data()
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    var status = Z_OK
    try gz.withUnsafeBytes { (input: UnsafeRawBufferPointer) in
      guard let base = input.bindMemory(to: Bytef.self).baseAddress, input.count > 0 else {
        throw GzipError(description: "empty gzip data")
      }
      guard input.count <= Int(UInt32.max) else { throw GzipError(description: "gzip data over 4 GiB") }
      stream.next_in = UnsafeMutablePointer(mutating: base)
      stream.avail_in = uInt(input.count)
      while status != Z_STREAM_END {
        let produced: Int = chunk.withUnsafeMutableBufferPointer { buffer in
          stream.next_out = buffer.baseAddress
          stream.avail_out = uInt(buffer.count)
          status = inflate(&stream, Z_NO_FLUSH)
          return buffer.count - Int(stream.avail_out)
        }
        guard status == Z_OK || status == Z_STREAM_END else {
          throw GzipError(description: "damaged gzip data (zlib status \(status))")
        }
        guard out.count + produced <= limit else {
          throw GzipError(description: "gzip content larger than \(limit) bytes")
        }
        out.append(contentsOf: chunk[0..<produced])
        if produced == 0 && stream.avail_in == 0 && status != Z_STREAM_END {
          throw GzipError(description: "truncated gzip data")
        }
      }
    }
    return out
  }

  /// A raw deflate stream (no zlib or gzip wrapper) of `data`.
  private static func deflateRaw(_ data: Data) -> Data {
    var stream = z_stream()
    // -15: raw deflate with a 32 KiB window; memLevel 8 is zlib's default. Fails only when
    // zlib's library and header disagree or memory runs out, neither of which input can cause.
    let started = deflateInit2_(
      &stream, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY, zlibVersion(),
      Int32(MemoryLayout<z_stream>.size))
    precondition(started == Z_OK, "zlib deflateInit2 failed with status \(started)")
    defer { deflateEnd(&stream) }
    var out = Data()
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    data.withUnsafeBytes { (input: UnsafeRawBufferPointer) in
      let base = input.bindMemory(to: Bytef.self).baseAddress
      var offset = 0
      // avail_in is 32 bits: feed at most 1 GiB at a time.
      let step = 1 << 30
      repeat {
        let count = min(step, input.count - offset)
        stream.next_in = base.map { UnsafeMutablePointer(mutating: $0 + offset) }
        stream.avail_in = uInt(count)
        offset += count
        let flush = offset == input.count ? Z_FINISH : Z_NO_FLUSH
        var status = Z_OK
        repeat {
          let produced: Int = chunk.withUnsafeMutableBufferPointer { buffer in
            stream.next_out = buffer.baseAddress
            stream.avail_out = uInt(buffer.count)
            status = deflate(&stream, flush)
            return buffer.count - Int(stream.avail_out)
          }
          out.append(contentsOf: chunk[0..<produced])
        } while stream.avail_out == 0 || (flush == Z_FINISH && status != Z_STREAM_END)
      } while offset < input.count
    }
    return out
  }

  private static func crc(_ data: Data) -> UInt {
    var value = crc32(0, nil, 0)
    data.withUnsafeBytes { (input: UnsafeRawBufferPointer) in
      guard let base = input.bindMemory(to: Bytef.self).baseAddress else { return }
      var offset = 0
      while offset < input.count {
        let count = min(1 << 30, input.count - offset)
        value = crc32(value, base + offset, uInt(count))
        offset += count
      }
    }
    return UInt(value)
  }

  private static func appendLittleEndian(_ value: UInt32, to data: inout Data) {
    for shift in stride(from: 0, through: 24, by: 8) { data.append(UInt8(truncatingIfNeeded: value >> shift)) }
  }
}

struct GzipError: Error, CustomStringConvertible {
  let description: String
}
