using System.Text.Json;
using Palisade.Server.Documents;
using Palisade.Server.Infrastructure;

namespace Palisade.Server.Tests.Documents;

public sealed class ProjectDocumentTests
{
    /// <summary>A project's document as the store held it before default_rules: it keeps Neutron's defaults, its behaviour then.</summary>
    [Fact]
    public void A_project_stored_before_default_rules_existed_follows_neutron()
    {
        const string stored = """{"id":"p1","name":"old","groups_managed_by":"project","revision_number":7}""";

        var project = JsonSerializer.Deserialize<ProjectDocument>(stored, JsonDefaults.Options)!;

        Assert.Equal("neutron", project.DefaultRules);
    }
}
