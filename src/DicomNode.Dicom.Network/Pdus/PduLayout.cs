namespace DicomNode.Dicom.Network.Pdus;

/// <summary>Fixed sizes and offsets of the PDU layouts (PS3.8 §9.3).</summary>
internal static class PduLayout
{
    /// <summary>PDU type (1), reserved (1), PDU length (4, big endian).</summary>
    public const int PduHeaderLength = 6;

    /// <summary>Item type (1), reserved (1), item length (2, big endian).</summary>
    public const int ItemHeaderLength = 4;

    /// <summary>Protocol version (2), reserved (2), called AE (16), calling AE (16), reserved (32): PS3.8 Table 9-11.</summary>
    public const int AssociateFixedFieldsLength = 68;

    public const int AeTitleLength = 16;

    /// <summary>A-ASSOCIATE-RJ, A-RELEASE-RQ/RP and A-ABORT bodies are four bytes (PS3.8 §9.3.4, 9.3.6–9.3.8).</summary>
    public const int ShortPduBodyLength = 4;

    /// <summary>PDV item length (4), then presentation context id (1) and message control header (1).</summary>
    public const int PdvHeaderLength = 6;

    /// <summary>PS3.8 Annex E.2 message control header bits.</summary>
    public const byte CommandBit = 0x01;
    public const byte LastFragmentBit = 0x02;

    /// <summary>Presentation context ids are odd numbers 1..255 (PS3.8 §9.3.2.2), so at most 128 contexts.</summary>
    public const int MaxPresentationContexts = 128;
}
