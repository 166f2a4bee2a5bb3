import Foundation

/// The command line that resumes a stopped run: the same command, as typed, quoted for a POSIX shell.
public enum ResumeCommand {
    /// `arguments` (the program first) joined with spaces; an argument with anything but letters, digits and
    /// `-_./:=@%+,` is single-quoted.
    public static func text(_ arguments: [String]) -> String {
        arguments.map(quoted).joined(separator: " ")
    }

    /// One argument quoted for a POSIX shell when it needs to be.
    static func quoted(_ argument: String) -> String {
        let plain = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:=@%+,")
        if !argument.isEmpty && argument.allSatisfy(plain.contains) { return argument }
        return "'" + argument.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
