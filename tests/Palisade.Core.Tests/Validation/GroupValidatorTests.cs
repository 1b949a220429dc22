using Palisade.Core.Validation;

namespace Palisade.Core.Tests.Validation;

public sealed class GroupValidatorTests
{
    [Fact]
    public void A_named_group_is_valid() =>
        Assert.Empty(GroupValidator.Validate(new GroupDraft("web", "HTTP and HTTPS", "enabled")));

    [Theory]
    [InlineData(null, "required")]
    [InlineData("  ", "required")]
    [InlineData("default", "reserved")]
    [InlineData("DEFAULT", "reserved")]
    [InlineData("bad\u0007name", "control")]
    public void Bad_names_are_refused(string? name, string message) =>
        Assert.Contains(GroupValidator.Validate(new GroupDraft(name)), e => e.Field == "name" && e.Message.Contains(message));

    [Fact]
    public void A_name_longer_than_255_characters_is_refused() =>
        Assert.Contains(GroupValidator.Validate(new GroupDraft(new string('n', 256))), e => e.Field == "name");

    [Fact]
    public void A_description_longer_than_255_characters_is_refused() =>
        Assert.Contains(GroupValidator.Validate(new GroupDraft("web", new string('d', 256))), e => e.Field == "description");

    [Theory]
    [InlineData("on")]
    [InlineData("")]
    public void Status_is_enabled_or_disabled(string status) =>
        Assert.Contains(GroupValidator.Validate(new GroupDraft("web", Status: status)), e => e.Field == "status");

    [Fact]
    public void The_default_group_keeps_its_name_but_may_be_updated() =>
        Assert.Empty(GroupValidator.Validate(new GroupDraft("default", "edited"), isDefaultGroup: true));

    [Fact]
    public void The_default_group_cannot_be_renamed() =>
        Assert.Contains(GroupValidator.Validate(new GroupDraft("other"), isDefaultGroup: true), e => e.Field == "name" && e.Message.Contains("renamed"));
}
