// swift-tools-version:6.0
import PackageDescription

// The numeric kernels are compiled for Haswell-class x86-64 (AVX2 + FMA), which CI and the
// developers' machines share.
// Without a target CPU, Swift lowers SIMD FMA (`addingProduct`) to a library call per lane.
// `ProductKernelsAVX512` is compiled for Skylake-AVX512 (x86-64-v4; Swift's clang does not
// know that name) and called only after a CPUID check; it computes the same bits as the
// portable kernels (see `fixedOrderProduct`).
#if arch(x86_64)
let cpuFlags: [SwiftSetting] = [.unsafeFlags(["-target-cpu", "haswell"])]
let wideCPUFlags: [SwiftSetting] = [.unsafeFlags(["-target-cpu", "skylake-avx512"])]
#elseif arch(arm64)
let cpuFlags: [SwiftSetting] = [.unsafeFlags(["-target-cpu", "neoverse-n1"])]
let wideCPUFlags = cpuFlags
#else
let cpuFlags: [SwiftSetting] = []
let wideCPUFlags = cpuFlags
#endif

let package = Package(
  name: "memstudy",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "memstudy", targets: ["memstudy"]),
    .library(name: "Analysis", targets: ["Analysis"]),
    .library(name: "ReportGen", targets: ["ReportGen"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
  ],
  targets: [
    .systemLibrary(
      name: "CCmark", pkgConfig: "libcmark",
      providers: [.apt(["libcmark-dev"])]),
    .systemLibrary(
      name: "CZlib", pkgConfig: "zlib",
      providers: [.apt(["zlib1g-dev"])]),
    .target(name: "CPUFeatures"),
    // Every a·b + c in the cells' kernels is written as the fused multiply-add it is meant to
    // be, or as two roundings: the compiler must not fuse on its own (`-ffp-contract=off`).
    .target(name: "CellKernels", cSettings: [.unsafeFlags(["-ffp-contract=off"])]),
    .target(name: "ProductKernels", swiftSettings: cpuFlags),
    .target(
      name: "ProductKernelsAVX512", dependencies: ["ProductKernels"],
      swiftSettings: wideCPUFlags),
    .target(
      name: "Analysis",
      dependencies: ["CPUFeatures", "CellKernels", "ProductKernels", "ProductKernelsAVX512"],
      swiftSettings: cpuFlags),
    .target(
      name: "ReportGen",
      dependencies: [
        "Analysis", "CCmark", "CZlib",
        .product(name: "Mustache", package: "swift-mustache"),
      ],
      resources: [.copy("Resources/Templates")]),
    .target(
      name: "StudyRunner",
      dependencies: [
        "Analysis", "ReportGen",
        .product(name: "Yams", package: "Yams"),
      ],
      plugins: ["BuildInfo"]),
    .plugin(name: "BuildInfo", capability: .buildTool()),
    .executableTarget(
      name: "memstudy",
      dependencies: [
        "Analysis", "ReportGen", "StudyRunner",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),
    .testTarget(
      name: "AnalysisTests",
      dependencies: ["Analysis"],
      resources: [.copy("Fixtures")],
      swiftSettings: cpuFlags),
    .testTarget(
      name: "StudyRunnerTests",
      dependencies: ["StudyRunner", "Analysis", "ReportGen", "memstudy"],
      resources: [.copy("Golden")]),
    .testTarget(
      name: "ReportGenTests",
      dependencies: ["ReportGen", "Analysis"],
      exclude: ["Snapshots"],
      resources: [.copy("Fixtures")]),
  ]
)
