import Foundation
import PackagePlugin

/// Writes `BuildInfo.swift` before every build: the git commit the sources were built from (with `-dirty` when
/// tracked files have uncommitted changes), or `LYAPSWEEP_GIT_COMMIT` when the sources are not a git checkout
/// (a container build), else "unknown". The file is rewritten only when the commit changes, so it costs no rebuild.
@main
struct BuildInfoPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let output = context.pluginWorkDirectoryURL.appending(path: "BuildInfo.swift")
        let script = """
            commit=$(git -C "$1" rev-parse HEAD 2>/dev/null) || commit="${LYAPSWEEP_GIT_COMMIT:-unknown}"
            if [ "$commit" != unknown ] && [ -n "$(git -C "$1" status --porcelain --untracked-files=no 2>/dev/null)" ]; then commit="$commit-dirty"; fi
            text="/// Where this build came from (generated before every build).
            public enum BuildInfo {
                /// The git commit the sources were built from (\\"-dirty\\" with uncommitted changes), or \\"unknown\\".
                public static let commit = \\"$commit\\"
            }"
            [ "$(cat "$2" 2>/dev/null)" = "$text" ] || printf '%s\\n' "$text" > "$2"
            """
        return [
            .prebuildCommand(
                displayName: "Recording the git commit of this build",
                executable: URL(fileURLWithPath: "/bin/sh"),
                arguments: ["-c", script, "build-info", context.package.directoryURL.path, output.path],
                outputFilesDirectory: context.pluginWorkDirectoryURL),
        ]
    }
}
