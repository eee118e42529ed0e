// swift-tools-version:6.0
import PackageDescription

// The product kernels against OpenBLAS's sgemm, shape by shape (BENCHMARKS.md, "Product
// kernels"). Only this benchmark links OpenBLAS (`apt-get install libopenblas-dev`); memstudy
// does not. The kernels' sources are the package's own, through symlinks.
let package = Package(
  name: "kernelbench",
  targets: [
    .systemLibrary(name: "COpenBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
    .target(name: "CPUFeatures"),
    .target(name: "ProductKernels", swiftSettings: [.unsafeFlags(["-target-cpu", "haswell"])]),
    .target(
      name: "ProductKernelsAVX512", dependencies: ["ProductKernels"],
      swiftSettings: [.unsafeFlags(["-target-cpu", "skylake-avx512"])]),
    .executableTarget(
      name: "kernelbench", dependencies: ["COpenBLAS", "CPUFeatures", "ProductKernels", "ProductKernelsAVX512"],
      swiftSettings: [.unsafeFlags(["-target-cpu", "haswell"])]),
  ])
