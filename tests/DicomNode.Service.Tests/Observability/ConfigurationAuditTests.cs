using DicomNode.Service.Configuration;
using DicomNode.Service.Observability;

namespace DicomNode.Service.Tests.Observability;

public sealed class ConfigurationAuditTests
{
    [Fact]
    public void Describe_NamesEveryChangeAnOperatorMakes_AndNothingElse()
    {
        var before = new NodeSettings();
        before.AcceptedCallers.Add(new CallerSettings { AeTitle = "MODALITY" });
        before.Destinations.Add(new DestinationSettings { Name = "pacs", AeTitle = "PACS", Host = "10.0.0.9", Port = 104 });
        var after = new NodeSettings();
        after.Node.AeTitle = "PELVIS_AI";
        after.AcceptedCallers.Add(new CallerSettings { AeTitle = "MODALITY" });
        after.AcceptedCallers.Add(new CallerSettings { AeTitle = "WORKSTATION", Host = "10.0.0.7" });
        after.Destinations.Add(new DestinationSettings { Name = "pacs", AeTitle = "PACS", Host = "10.0.0.10", Port = 104 });
        after.Routing.DefaultDestination = "pacs";
        after.Console.AdminPasswordHash = AdminPassword.Hash("a long enough password");

        var changes = ConfigurationAudit.Describe(before, after);

        Assert.Equal(
        [
            "AE title DICOMNODE -> PELVIS_AI",
            "caller added: WORKSTATION from 10.0.0.7",
            "destination removed: pacs (PACS@10.0.0.9:104)",
            "destination added: pacs (PACS@10.0.0.10:104)",
            "default destination none -> pacs",
            "console administrator password changed",
        ], changes);
        Assert.Empty(ConfigurationAudit.Describe(after, after));
    }

    [Fact]
    public void AdminPassword_VerifiesOnlyTheSamePassword_AndRefusesShortOnes()
    {
        var hash = AdminPassword.Hash("correct horse battery staple");

        Assert.True(AdminPassword.Verify("correct horse battery staple", hash));
        Assert.False(AdminPassword.Verify("correct horse battery stapler", hash));
        Assert.False(AdminPassword.Verify("correct horse battery staple", "pbkdf2-sha256$1$AAAA$AAAA"));
        Assert.NotEqual(hash, AdminPassword.Hash("correct horse battery staple"));
        Assert.Throws<InvalidOperationException>(() => AdminPassword.Hash("short"));
    }
}
