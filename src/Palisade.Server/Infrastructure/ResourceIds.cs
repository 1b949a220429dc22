namespace Palisade.Server.Infrastructure;

/// <summary>
/// Which strings can be a resource id. Every id Palisade makes is printable text; a client can send
/// anything in a path, a query or a body, and U+0000 breaks the store instead of naming nothing:
/// PostgreSQL's text type refuses it (SQLSTATE 22021, "invalid byte sequence for encoding UTF8:
/// 0x00") while SQLite keeps it. Other control characters and unpaired surrogates (not text at all,
/// RFC 3629 §3; Npgsql's encoder throws on them) are no id either, so the two stores answer alike.
/// </summary>
internal static class ResourceIds
{
    public static bool IsStorable(string id)
    {
        for (var i = 0; i < id.Length; i++)
        {
            var c = id[i];
            if (char.IsControl(c))
            {
                return false;
            }

            if (char.IsHighSurrogate(c) && i + 1 < id.Length && char.IsLowSurrogate(id[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The refusal of a write under an id that cannot be stored: a 400 in every API's own shape.</summary>
    public static ApiException Refusal() =>
        ApiException.Invalid("id", "An id must be printable text.");
}
