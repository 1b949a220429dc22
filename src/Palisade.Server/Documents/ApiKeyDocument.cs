namespace Palisade.Server.Documents;

/// <summary>
/// A CloudStack-style API key pair of a principal. CloudStack signs each request with HMAC-SHA1 of
/// the secret, so unlike a bearer token the secret itself must be kept; it is never shown again,
/// never listed and never written to the audit log.
/// </summary>
public sealed record ApiKeyDocument(string ApiKey, string PrincipalId, string SecretKey, DateTimeOffset CreatedAt);
