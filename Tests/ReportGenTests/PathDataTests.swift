import Testing

@testable import ReportGen

@Suite struct PathDataTests {
  @Test func relativeStepsAreTakenBetweenRoundedPoints() {
    var path = PathData()
    path.move(10.04, 20.06)
    for i in 1...30 { path.lineTo(10.04 + Double(i) * 0.33, 20.06 - Double(i) * 0.27) }
    // Summing the written steps lands on the last point rounded, not on accumulated rounding.
    let numbers = path.d.dropFirst().replacingOccurrences(of: "l", with: " ").replacingOccurrences(of: "-", with: " -")
      .split(separator: " ").compactMap { Double($0) }
    var x = numbers[0], y = numbers[1]
    for i in stride(from: 2, to: numbers.count, by: 2) {
      x += numbers[i]
      y += numbers[i + 1]
    }
    #expect(abs(x - (10.04 + 30 * 0.33)) <= 0.05 + 1e-9)
    #expect(abs(y - (20.06 - 30 * 0.27)) <= 0.05 + 1e-9)
    #expect(path.d.hasPrefix("M10 20.1l0.4-0.3 0.3-0.3"))
  }

  @Test func closingReturnsThePenToTheSubpathStart() {
    var path = PathData()
    path.move(0, 0)
    path.lineTo(5, 0)
    path.lineTo(5, 5)
    path.closePath()
    path.lineTo(1, 1)
    #expect(path.d == "M0 0l5 0 0 5zl1 1")
  }

  @Test func simplificationKeepsShapeWithinAQuarterPixel() {
    // A straight run with sub-pixel noise collapses to its ends; a corner survives.
    let straight = (0...100).map { (x: Double($0), y: 0.1 * Double($0 % 2)) }
    #expect(PolylineSimplification.simplified(straight).count == 2)
    let corner = (0...50).map { (x: Double($0), y: 0.0) } + (1...50).map { (x: 50.0, y: Double($0)) }
    let kept = PolylineSimplification.simplified(corner)
    #expect(kept.count == 3)
    #expect(kept[1].x == 50 && kept[1].y == 0)
    for p in corner {
      let d = zip(kept, kept.dropFirst()).map { PolylineSimplification.segmentDistance(p, $0, $1) }.min()!
      #expect(d <= PolylineSimplification.tolerance)
    }
  }

  @Test func gapsBreakThePolyline() {
    let d = PathData.polyline([(0, 0), (10, 0), nil, (20, 5), (30, 5)]).d
    #expect(d == "M0 0l10 0 M20 5l10 0")
  }
}
