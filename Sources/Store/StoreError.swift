/// A database problem a user can act on: the message says which file, what went wrong and what to do.
public struct StoreError: Error, CustomStringConvertible {
    /// What went wrong.
    public var description: String

    /// An error with this message.
    public init(_ description: String) { self.description = description }
}
