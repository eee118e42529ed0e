import Testing
@testable import ReportGen
