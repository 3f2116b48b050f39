namespace DicomNode.Phantom.Vendors;

/// <summary>The three scanner profiles: GE-like and Philips-like 3 T, Siemens-like 1.5 T.</summary>
internal static class VendorProfiles
{
    public static readonly VendorProfile GE = new(
        "ge", "GE MEDICAL SYSTEMS", "DISCOVERY MR750", "DV26.0_R03", 3.0, 127.7716, BValueConvention.GE, 800,
        new AcquisitionProtocol(256, 256, 1.5625, 25, 7, 8, Descending: true, Oblique: false,
            ["SE", "EP"], ["SS"], ["FS", "EPI_GEMS"], "2D", 4500, 62.4, 1, 90, "epi2", 1953, 11),
        new AcquisitionProtocol(256, 256, 1.5625, 120, 2, 2, Descending: true, Oblique: false,
            ["GR"], ["SS", "SK"], ["FAST_GEMS", "EDR_GEMS"], "3D", 4.2, 2.2, 1, 12, "lava_flex", 651, 14),
        [
            new SeriesProtocol(4, "Ax DWI b800", SeriesContent.Diffusion, [0, 800], ["ORIGINAL", "PRIMARY", "OTHER"]),
            new SeriesProtocol(400, "ADC (10^-6 mm2/s)", SeriesContent.Adc, [0, 800], ["DERIVED", "PRIMARY", "DIFFUSION", "ADC"]),
            new SeriesProtocol(6, "Ax LAVA-Flex InPhase", SeriesContent.T1InPhase, [], ["ORIGINAL", "PRIMARY", "OTHER", "IN_PHASE"]),
        ]);

    public static readonly VendorProfile Philips = new(
        "philips", "Philips Medical Systems", "Ingenia", "5.6.1", 3.0, 127.7619, BValueConvention.Philips, 1000,
        new AcquisitionProtocol(240, 240, 1.6667, 28, 7, 7, Descending: false, Oblique: true,
            ["SE"], ["SK"], ["FS"], "2D", 5200, 72, 47, 90, "DwiSE", 2100, 10),
        new AcquisitionProtocol(240, 240, 1.6667, 112, 2, 2, Descending: false, Oblique: true,
            ["GR"], ["SP"], [], "3D", 5.6, 2.3, 2, 10, "T1FFE", 994, 13),
        [
            new SeriesProtocol(501, "DWI_b0", SeriesContent.Diffusion, [0], ["ORIGINAL", "PRIMARY", "M_SE", "M", "SE"], 1.25, 0),
            new SeriesProtocol(502, "DWI_b1000", SeriesContent.Diffusion, [1000], ["ORIGINAL", "PRIMARY", "M_SE", "M", "SE"], 1.25, 0),
            new SeriesProtocol(503, "dADC", SeriesContent.Adc, [0, 1000], ["DERIVED", "PRIMARY", "DIFFUSION", "ADC"], 1, 0),
            new SeriesProtocol(701, "mDIXON_T1_tra_IP", SeriesContent.T1InPhase, [], ["ORIGINAL", "PRIMARY", "M_IP", "M", "IP"], 1.5, 10),
        ]);

    public static readonly VendorProfile Siemens = new(
        "siemens", "SIEMENS", "Avanto_fit", "syngo MR E11", 1.5, 63.6598, BValueConvention.Siemens, 800,
        new AcquisitionProtocol(180, 156, 2.2, 24, 7, 8.4, Descending: false, Oblique: false,
            ["EP"], ["SK", "SP"], ["PFP", "FS"], "2D", 6800, 70, 1, 90, "*ep_b800t", 1002, 9),
        new AcquisitionProtocol(256, 192, 1.5625, 116, 2, 2, Descending: false, Oblique: false,
            ["GR"], ["SP"], ["PFP"], "3D", 6.8, 4.77, 1, 10, "*fl3d2", 420, 12),
        [
            new SeriesProtocol(7, "ep2d_diff_b0_800_tra_TRACEW", SeriesContent.Diffusion, [0, 800], ["ORIGINAL", "PRIMARY", "DIFFUSION", "TRACEW", "ND", "NORM"]),
            new SeriesProtocol(8, "ep2d_diff_b0_800_tra_ADC", SeriesContent.Adc, [0, 800], ["DERIVED", "PRIMARY", "DIFFUSION", "ADC", "ND", "NORM"]),
            new SeriesProtocol(10, "t1_vibe_dixon_tra_in", SeriesContent.T1InPhase, [], ["DERIVED", "PRIMARY", "DIXON", "IN_PHASE"]),
        ]);

    public static IReadOnlyList<VendorProfile> All { get; } = [GE, Philips, Siemens];

    public static VendorProfile Find(string key) =>
        All.FirstOrDefault(p => string.Equals(p.Key, key, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"Unknown profile '{key}'; choose one of {string.Join(", ", All.Select(p => p.Key))}.", nameof(key));
}
