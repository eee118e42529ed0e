import Foundation
import Testing

@testable import ReportGen

@Suite struct GzipTests {
  @Test func emptyInputIsTheMinimalGzipFile() {
    // Header (no time stamp, OS unknown), the empty final deflate block, CRC 0, length 0.
    let expected: [UInt8] = [0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0, 0x02, 0xFF, 0x03, 0x00, 0, 0, 0, 0, 0, 0, 0, 0]
    #expect([UInt8](Gzip.compress(Data())) == expected)
  }

  @Test func roundTripsAndIsDeterministic() throws {
    var text = "unit,hidden,train_length,test_length,seed,distance,metric,value\n"
    var rng = SystemRandomNumberGenerator()
    for k in 0..<20_000 { text += "lstm,64,160,320,3,\(k),memory_rate,\(Double.random(in: -1...2, using: &rng))\n" }
    let data = Data(text.utf8)
    let gz = Gzip.compress(data)
    #expect(gz == Gzip.compress(data), "the same bytes on every run")
    #expect(gz.count < data.count / 2)
    #expect(Array(gz.prefix(10)) == [0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0, 0x02, 0xFF], "no time stamp, no name")
    // The trailer: CRC-32 and the length, little-endian.
    let length = gz.suffix(4).reversed().reduce(0) { $0 << 8 | Int($1) }
    #expect(length == data.count)
    #expect(try Gzip.decompress(gz) == data)
  }

  @Test func damagedOrOversizedInputThrows() throws {
    let gz = Gzip.compress(Data(repeating: 7, count: 100_000))
    #expect(throws: GzipError.self) { try Gzip.decompress(gz.prefix(gz.count / 2)) }
    #expect(throws: GzipError.self) { try Gzip.decompress(Data("not gzip".utf8)) }
    #expect(throws: GzipError.self) { try Gzip.decompress(gz, limit: 1000) }
    #expect(try Gzip.decompress(gz).count == 100_000)
  }
}
