using System.Text.Json;
using DicomNode.Analysis.Findings;
using DicomNode.Reporting.Coding;

namespace DicomNode.Reporting.Tests;

public sealed class BoneConceptsTests
{
    [Fact]
    public void Table_AgreesWithTheModelManifestLabelCodes()
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "models.json")));
        var bones = manifest.RootElement.GetProperty("models").EnumerateArray().Single(m => m.GetProperty("id").GetString() == "pelvic-bones");
        var labels = bones.GetProperty("labels").EnumerateArray().ToList();
        Assert.Equal(8, labels.Count);
        foreach (var label in labels)
        {
            var concept = BoneConcepts.For((Bone)label.GetProperty("value").GetInt32());
            var code = label.GetProperty("code");
            Assert.Equal(code.GetProperty("value").GetString(), concept.Code.Value);
            Assert.Equal(code.GetProperty("scheme").GetString(), concept.Code.Scheme);
            Assert.Equal(code.GetProperty("meaning").GetString(), concept.Code.Meaning);
        }

        var lesionCodes = manifest.RootElement.GetProperty("models").EnumerateArray()
            .Where(m => m.GetProperty("id").GetString() != "pelvic-bones")
            .Select(m => m.GetProperty("labels")[0].GetProperty("code").GetProperty("value").GetString())
            .ToList();
        // The two metastasis models (DWI, T1 in-phase), then the lymph-node model.
        Assert.Equal([Concepts.NeoplasmSecondary.Value, Concepts.NeoplasmSecondary.Value, Concepts.LymphNode.Value], lesionCodes);
    }

    [Theory]
    [InlineData(Bone.Ilium, Side.Left, "Left ilium")]
    [InlineData(Bone.FemoralHead, Side.Right, "Right femoral head")]
    [InlineData(Bone.Sacrococcyx, Side.Midline, "Sacrococcyx")]
    public void Label_NamesSideAndBone(Bone bone, Side side, string expected) => Assert.Equal(expected, BoneConcepts.Label(bone, side));

    [Fact]
    public void OnlyTheMidlineBones_AreUnpaired() =>
        Assert.Equal([Bone.LumbarVertebra, Bone.Sacrococcyx], BoneConcepts.All.Where(b => !b.Paired).Select(b => b.Bone));
}
