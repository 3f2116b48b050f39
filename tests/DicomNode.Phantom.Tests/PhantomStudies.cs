using DicomNode.Phantom.Vendors;

namespace DicomNode.Phantom.Tests;

/// <summary>
/// One generated study per vendor profile, shared by the tests of a class (an xUnit class fixture, disposed with it).
/// Each profile gets the first seed whose subject has metastases and at least two lymph nodes, so every check has work.
/// </summary>
public sealed class PhantomStudies : IDisposable
{
    public PhantomStudies()
    {
        Root = Path.Combine(Path.GetTempPath(), "phantom-tests-" + Guid.NewGuid().ToString("N"));
        var studies = new List<PhantomStudy>();
        var seed = 1;
        foreach (var profile in VendorProfiles.All)
        {
            while (true)
            {
                var subject = PhantomSubject.Create(seed);
                seed++;
                if (subject.Metastases.Count > 0 && subject.Nodes.Count >= 2)
                {
                    studies.Add(PhantomGenerator.Create(subject.Seed, profile, Root));
                    break;
                }
            }
        }

        Studies = studies;
    }

    public string Root { get; }

    internal IReadOnlyList<PhantomStudy> Studies { get; }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
