namespace Palisade.Server.Infrastructure;

/// <summary>
/// A refusal the client caused (404, 409, 400 …). Thrown inside a store transaction it also rolls
/// the transaction back, so a refused request changes nothing. Turned into RFC 9457 problem details,
/// or into a compatible dialect's own error body, which uses <see cref="Code"/> (Neutron's exception
/// names, such as SecurityGroupInUse) when one is set. A refusal a dialect words itself derives from
/// it with what the dialect needs (<see cref="Operations.GroupInUse"/>).
/// </summary>
public class ApiException(int status, string title, string detail, IReadOnlyDictionary<string, string[]>? errors = null, string? code = null)
    : Exception(detail)
{
    public int Status { get; } = status;

    public string Title { get; } = title;

    public IReadOnlyDictionary<string, string[]>? Errors { get; } = errors;

    public string? Code { get; } = code;

    public static ApiException NotFound(string what, string id) => new(404, "Not found", $"{what} {id} does not exist.", code: what switch
    {
        "security group" => "SecurityGroupNotFound",
        "rule" => "SecurityGroupRuleNotFound",
        "port" => "PortNotFound",
        "network" => "NetworkNotFound",
        "project" => "ProjectNotFound",
        _ => "NotFound",
    });

    public static ApiException Conflict(string detail) => new(409, "Conflict", detail);

    public static ApiException Invalid(IEnumerable<Core.Validation.ValidationError> errors) =>
        Invalid(errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()));

    public static ApiException Invalid(string field, string message) => Invalid(new Dictionary<string, string[]> { [field] = [message] });

    private static ApiException Invalid(Dictionary<string, string[]> errors) =>
        new(400, "Invalid request", string.Join(" ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")), errors);
}
