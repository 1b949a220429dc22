namespace Palisade.Core.Validation;

/// <summary>What is wrong with one field of a request. The API turns these into problem details.</summary>
public sealed record ValidationError(string Field, string Message);
