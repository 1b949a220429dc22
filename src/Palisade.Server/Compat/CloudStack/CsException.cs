namespace Palisade.Server.Compat.CloudStack;

/// <summary>A CloudStack refusal: its errorcode (the HTTP status too) and cserrorcode, and CloudStack's text.</summary>
internal sealed class CsException(int errorCode, string text, int csErrorCode = 4350) : Exception(text)
{
    public int ErrorCode { get; } = errorCode;

    public int CsErrorCode { get; } = csErrorCode;

    /// <summary>431, InvalidParameterValueException: the usual refusal of a parameter.</summary>
    public static CsException Invalid(string text) => new(431, text);
}
