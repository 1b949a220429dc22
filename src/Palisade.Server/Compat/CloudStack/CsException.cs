namespace Palisade.Server.Compat.CloudStack;

/// <summary>A CloudStack refusal: its errorcode (the HTTP status too) and cserrorcode, and CloudStack's text.</summary>
internal sealed class CsException(int errorCode, string text, int csErrorCode = 4350) : Exception(text)
{
    public int ErrorCode { get; } = errorCode;

    public int CsErrorCode { get; } = csErrorCode;

    /// <summary>431, InvalidParameterValueException: the usual refusal of a parameter.</summary>
    public static CsException Invalid(string text) => new(431, text);

    // The three refusals of CloudStack's ParamProcessWorker, which reads every parameter before a
    // command runs; they are ServerApiExceptions, so their cserrorcode is 9999. Clients look for
    // "entity does not exist" to tell a deleted resource (cloudstack-go, the Terraform provider).

    /// <summary>A required parameter is absent.</summary>
    public static CsException Missing(string command, string parameter) =>
        new(431, $"Unable to execute API command {command.ToLowerInvariant()} due to missing parameter {parameter}", 9999);

    /// <summary>A number parameter that is not a number.</summary>
    public static CsException NotANumber(string command, string parameter, string value) =>
        new(431, $"Unable to execute API command {command.ToLowerInvariant()} due to invalid value {value} for parameter {parameter}", 9999);

    /// <summary>An id parameter naming nothing the caller can see.</summary>
    public static CsException UnknownId(string command, string parameter, string value) =>
        new(431, $"Unable to execute API command {command.ToLowerInvariant()} due to invalid value. Invalid parameter {parameter} value={value} due to incorrect long value format, or entity does not exist or due to incorrect parameter annotation for the field in api cmd class.", 9999);
}
