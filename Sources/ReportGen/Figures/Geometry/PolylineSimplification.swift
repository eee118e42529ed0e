/// Ramer–Douglas–Peucker simplification of a polyline in pixels: drops the points that lie
/// within `tolerance` of the line through their kept neighbours. At a quarter of a pixel the
/// drawn line moves less than anti-aliasing blurs it, while a 320-point curve in a 200 px panel
/// loses most of its points.
enum PolylineSimplification {
  static let tolerance = 0.25

  /// The kept points, first and last always among them, in order.
  static func simplified(_ points: [(x: Double, y: Double)], tolerance: Double = tolerance) -> [(x: Double, y: Double)] {
    guard points.count > 2 else { return points }
    var keep = [Bool](repeating: false, count: points.count)
    keep[0] = true
    keep[points.count - 1] = true
    // An explicit stack of spans instead of recursion: a long jagged curve cannot overflow it.
    var spans = [(0, points.count - 1)]
    while let (first, last) = spans.popLast() {
      guard last - first > 1 else { continue }
      var farthest = first, distance = -1.0
      for i in (first + 1)..<last {
        let d = segmentDistance(points[i], points[first], points[last])
        if d > distance { (farthest, distance) = (i, d) }
      }
      if distance > tolerance {
        keep[farthest] = true
        spans.append((first, farthest))
        spans.append((farthest, last))
      }
    }
    return points.indices.filter { keep[$0] }.map { points[$0] }
  }

  /// Distance from `p` to the segment from `a` to `b` (to `a` itself when they coincide).
  static func segmentDistance(_ p: (x: Double, y: Double), _ a: (x: Double, y: Double), _ b: (x: Double, y: Double)) -> Double {
    let dx = b.x - a.x, dy = b.y - a.y
    let length2 = dx * dx + dy * dy
    var t = length2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / length2 : 0
    t = min(max(t, 0), 1)
    let ex = p.x - (a.x + t * dx), ey = p.y - (a.y + t * dy)
    return (ex * ex + ey * ey).squareRoot()
  }
}
