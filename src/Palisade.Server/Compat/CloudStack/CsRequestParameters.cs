using Microsoft.AspNetCore.Http.Features;

namespace Palisade.Server.Compat.CloudStack;

/// <summary>
/// A CloudStack call's parameters (query string, then form fields, a form field replacing a query
/// parameter of the same name), keyed without regard to case. The signature is computed over the
/// lowercased text (<see cref="CsSignature"/>), so <c>signatureVersion</c> and <c>signatureversion</c>
/// are the same signed parameter; CloudStack's ApiServer.verifyRequest reads <c>apiKey</c>,
/// <c>signature</c>, <c>signatureVersion</c> and <c>expires</c> with equalsIgnoreCase for that reason.
/// Reading them case-sensitively would let a renamed <c>signatureversion</c> skip the expiry check.
/// </summary>
internal static class CsRequestParameters
{
    /// <summary>
    /// The parameters, or null when two of them differ only by case: the signature cannot tell
    /// them apart, so which one the request means is unknown and it is refused as unverifiable.
    /// The form is read within <paramref name="formLimits"/>; a form past them throws as ASP.NET's reader does.
    /// </summary>
    public static async Task<Dictionary<string, string>?> ReadAsync(HttpRequest request, FormOptions formLimits, CancellationToken cancellationToken)
    {
        // Each name as the request spelled it, found without regard to case.
        var spelled = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in request.Query)
        {
            if (!spelled.TryAdd(name, name))
            {
                return null;
            }

            parameters[name] = value.ToString();
        }

        if (request.HasFormContentType)
        {
            foreach (var (name, value) in await request.ReadFormAsync(formLimits, cancellationToken))
            {
                // The same name in the query and the form is the form's, as before; the same name cased otherwise is ambiguous.
                if (spelled.TryGetValue(name, out var existing) && existing != name)
                {
                    return null;
                }

                spelled[name] = name;
                parameters[name] = value.ToString();
            }
        }

        return parameters;
    }
}
