import Foundation
import PackagePlugin

/// Stamps the commit memstudy is built from into its provenance: before each build,
/// `scripts/build-info` writes `BuildInfo.swift` (the package's own commit, `-dirty` when its
/// tracked files differ from it, `nil` when it is not built from a git checkout of its own).
/// The file is rewritten only when its contents change, so an unchanged tree rebuilds nothing.
@main
struct BuildInfo: BuildToolPlugin {
  func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
    let output = context.pluginWorkDirectoryURL.appending(path: "generated")
    let package = context.package.directoryURL
    return [
      .prebuildCommand(
        displayName: "Stamping memstudy's git commit",
        executable: URL(fileURLWithPath: "/bin/sh"),
        arguments: [
          package.appending(path: "scripts/build-info").path, package.path,
          output.appending(path: "BuildInfo.swift").path,
        ],
        outputFilesDirectory: output)
    ]
  }
}
