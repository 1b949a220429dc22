namespace Palisade.Store;

/// <summary>
/// A write the database refused because a unique index already holds the same key (a rule with the
/// same identity in its group). The server checks first and answers 409 itself; this is the backstop
/// for a write that slipped past that check, so it is a conflict, never a server error.
/// </summary>
public sealed class DuplicateRowException(string message, Exception inner) : Exception(message, inner);
