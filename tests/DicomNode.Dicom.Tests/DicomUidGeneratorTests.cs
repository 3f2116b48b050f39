using System.Globalization;
using System.Numerics;

namespace DicomNode.Dicom.Tests;

public class DicomUidGeneratorTests
{
    [Fact]
    public void Default_root_makes_uuid_derived_uids()
    {
        var uid = new DicomUidGenerator().Generate();

        Assert.StartsWith("2.25.", uid, StringComparison.Ordinal);
        Assert.True(DicomUidValidator.IsValid(uid), uid);
        var value = BigInteger.Parse(uid[5..], CultureInfo.InvariantCulture);
        Assert.True(value < BigInteger.One << 128);
        // PS3.5 §B.2 with an RFC 9562 version 4 UUID: bits 76–79 hold 4, bits 62–63 the variant 10.
        Assert.Equal(4, (int)((value >> 76) & 0xF));
        Assert.Equal(2, (int)((value >> 62) & 0x3));
    }

    [Fact]
    public void Uuid_is_written_as_its_128_bit_big_endian_integer()
    {
        Assert.Equal("0", DicomUidGenerator.ToDecimal(Guid.Empty));
        Assert.Equal(
            "340282366920938463463374607431768211455",
            DicomUidGenerator.ToDecimal(Guid.Parse("ffffffff-ffff-ffff-ffff-ffffffffffff")));
        // The example of PS3.5 §B.2.
        Assert.Equal(
            "329800735698586629295641978511506172918",
            DicomUidGenerator.ToDecimal(Guid.Parse("f81d4fae-7dec-11d0-a765-00a0c91e6bf6")));
    }

    [Theory]
    [InlineData("2.25")]
    [InlineData("1.2.826.0.1.3680043.10.543")]
    [InlineData("1.2.3")]
    [InlineData("1.2.826.0.1.3680043.10.543.123456789012")]
    public void Generated_uids_are_valid_unique_and_under_the_root(string root)
    {
        var generator = new DicomUidGenerator(root);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 10_000; i++)
        {
            var uid = generator.Generate();
            Assert.True(DicomUidValidator.IsValid(uid), uid);
            Assert.StartsWith(root + ".", uid, StringComparison.Ordinal);
            Assert.True(uid.Length <= 64, uid);
            Assert.True(seen.Add(uid), $"duplicate {uid}");
        }
    }

    [Fact]
    public void Suffix_uses_the_room_the_root_leaves()
    {
        var root = "1.2.826.0.1.3680043.10.543";
        var generator = new DicomUidGenerator(root);

        Assert.Equal(64 - root.Length - 1, generator.SuffixDigits);
        Assert.Contains(Enumerable.Range(0, 100).Select(_ => generator.Generate()), uid => uid.Length >= 62);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("1.2.", "ends with a dot")]
    [InlineData("1..2", "not a valid UID")]
    [InlineData(".1.2", "not a valid UID")]
    [InlineData("1.02.3", "not a valid UID")]
    [InlineData("1.2.a", "not a valid UID")]
    [InlineData("1.2 ", "not a valid UID")]
    [InlineData("1.2.826.0.1.3680043.10.543.12345678901234", "leave room")]
    public void Invalid_root_is_an_argument_error_naming_the_problem(string root, string problem)
    {
        var error = Assert.Throws<ArgumentException>(() => new DicomUidGenerator(root));

        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.Equal("root", error.ParamName);
    }

    [Theory]
    [InlineData("1.2.840.10008.1.2.1")]
    [InlineData("0")]
    [InlineData("1.0.2")]
    [InlineData("2.25.329800735698586629295641978511506172918")]
    [InlineData("1.2.345678901234567890123456789012345678901234567890123456789012")]
    public void Valid_uids_pass(string uid) => Assert.True(DicomUidValidator.IsValid(uid));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("1.")]
    [InlineData(".1")]
    [InlineData("1..2")]
    [InlineData("1.02")]
    [InlineData("00")]
    [InlineData("1.2.3\0")]
    [InlineData("1.2.3 ")]
    [InlineData("1.2.-3")]
    [InlineData("1.2.+3")]
    [InlineData("1.2.٣")]
    [InlineData("../etc/passwd")]
    [InlineData("1/2")]
    [InlineData("1.2.3456789012345678901234567890123456789012345678901234567890125")]
    public void Invalid_uids_fail(string? uid) => Assert.False(DicomUidValidator.IsValid(uid));
}
