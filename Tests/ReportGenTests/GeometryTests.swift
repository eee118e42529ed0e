import Testing

@testable import ReportGen

@Suite struct NiceTicksTests {
  @Test(arguments: [
    (1.0, 5, 0.2), (0.97, 5, 0.2), (10.0, 5, 2.0), (39.0, 4, 10.0), (2000.0, 3, 500.0), (0.003, 3, 0.001),
  ])
  func stepIsOneTwoOrFiveTimesAPowerOfTen(span: Double, target: Int, expected: Double) {
    let step = NiceTicks.step(span: span, target: target)
    #expect(abs(step - expected) < 1e-12 * expected, "span \(span) → step \(step)")
  }

  @Test func linearTicksCoverTheRangeWithRoundValues() {
    let (domain, ticks) = NiceTicks.linear(0, 0.97)
    #expect(ticks.map(\.label) == ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
    #expect(domain == 0...1)
  }

  @Test func negativeTicksUseATypographicMinus() {
    let ticks = NiceTicks.linear(-0.1, 1.0).ticks
    #expect(ticks.first?.label == "\u{2212}0.2")
    #expect(ticks.contains { $0.value == 0 && $0.label == "0.0" })
  }

  @Test func degenerateRangeIsWidened() {
    let (domain, ticks) = NiceTicks.linear(3, 3)
    #expect(domain.lowerBound < 3 && domain.upperBound > 3)
    #expect(!ticks.isEmpty)
  }

  @Test func logTicksAreDecadesWithSuperscripts() {
    let (domain, ticks) = NiceTicks.log(2e-6, 0.06)
    #expect(domain.lowerBound == 1e-6)
    #expect(abs(domain.upperBound - 0.1) < 1e-15)
    #expect(ticks.map(\.label) == ["10⁻⁶", "10⁻⁵", "10⁻⁴", "10⁻³", "10⁻²", "10⁻¹"])
  }

  @Test func shortLogRangesGetTwoAndFiveMultiples() {
    let ticks = NiceTicks.log(1.5, 8)
    #expect(ticks.ticks.map(\.label) == ["1", "2", "5", "10"])
  }

  @Test func lengthTicksAreTheGridLengths() {
    #expect(NiceTicks.at([5, 10, 20, 40]).map(\.label) == ["5", "10", "20", "40"])
  }
}

@Suite struct ScaleTests {
  @Test func linearMapsDomainToRange() {
    let s = Scale.linear(0...10, to: 100, 200)
    #expect(s(0) == 100)
    #expect(s(10) == 200)
    #expect(s(2.5) == 125)
  }

  @Test func linearCanRunBackwardsForYAxes() {
    let s = Scale.linear(0...1, to: 300, 100)
    #expect(s(0) == 300)
    #expect(s(1) == 100)
  }

  @Test func logPutsTheGeometricMeanInTheMiddle() {
    let s = Scale.log(5...80, to: 0, 400)
    #expect(abs(s(20) - 200) < 1e-9)
    #expect(abs(s(10) - 100) < 1e-9)
  }

  @Test func degenerateDomainMapsToTheMiddle() {
    #expect(Scale.linear(2...2, to: 0, 10)(2) == 5)
  }

  @Test func logRejectsNonPositiveValuesButDoesNotCrash() {
    let s = Scale.log(1...100, to: 0, 100)
    #expect(!s.accepts(0))
    #expect(s(0).isFinite)
  }
}

@Suite struct LayoutTests {
  @Test(arguments: [(1, 1), (4, 4), (5, 3), (6, 3), (7, 4), (8, 4), (9, 3)])
  func columnsLeaveFewEmptyCells(count: Int, columns: Int) {
    #expect(GridLayout.columns(for: count) == columns)
  }

  @Test func panelsTileTheAreaWithGaps() {
    let rects = GridLayout.panels(count: 4, columns: 2, in: Rect(x: 0, y: 0, width: 210, height: 110), gap: 10, rowGap: 10)
    #expect(rects[0] == Rect(x: 0, y: 0, width: 100, height: 50))
    #expect(rects[3] == Rect(x: 110, y: 60, width: 100, height: 50))
  }
}

@Suite struct NumberFormatTests {
  @Test func coordinatesAreFixedTrimmedAndLocaleFree() {
    #expect(NumberFormat.coordinate(12.5) == "12.5")
    // A tenth of a pixel by default; more on request.
    #expect(NumberFormat.coordinate(12.345) == "12.3")
    #expect(NumberFormat.coordinate(12.36) == "12.4")
    #expect(NumberFormat.coordinate(12.345, decimals: 2) == "12.35")
    #expect(NumberFormat.coordinate(-0.001) == "0")
    #expect(NumberFormat.coordinate(-0.04) == "0")
    #expect(NumberFormat.coordinate(-3.1) == "-3.1")
    #expect(NumberFormat.coordinate(100) == "100")
  }

  @Test func displayKeepsItsDecimals() {
    #expect(NumberFormat.display(0.5, decimals: 3) == "0.500")
    #expect(NumberFormat.display(-0.25, decimals: 2) == "\u{2212}0.25")
    #expect(NumberFormat.integer(12345) == "12\u{2009}345")
    #expect(NumberFormat.significant(0.003, 2) == "0.0030")
    #expect(NumberFormat.significant(2.5e-6) == "2.50 × 10⁻⁶")
  }
}
