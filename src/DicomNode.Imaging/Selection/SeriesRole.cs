using System.Text.Json.Serialization;

namespace DicomNode.Imaging.Selection;

/// <summary>The inputs the clinical method needs from a pelvic MR study (DESIGN.md: DWI high b, ADC map, T1 Dixon in-phase).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SeriesRole>))]
public enum SeriesRole
{
    /// <summary>Diffusion-weighted images at the highest b-value of at least the configured minimum (800/1000 in practice).</summary>
    DwiHighB,

    /// <summary>The apparent diffusion coefficient map.</summary>
    Adc,

    /// <summary>The T1-weighted Dixon in-phase reconstruction.</summary>
    T1InPhase,
}
