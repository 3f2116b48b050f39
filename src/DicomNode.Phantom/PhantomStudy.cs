using DicomNode.Phantom.Imaging;
using DicomNode.Phantom.Truth;
using DicomNode.Phantom.Vendors;

namespace DicomNode.Phantom;

/// <summary>What <see cref="PhantomGenerator"/> made for one subject: where it went, its truth, and the volumes (for the montage).</summary>
internal sealed record PhantomStudy(
    PhantomSubject Subject,
    VendorProfile Profile,
    string Folder,
    TruthDocument Truth,
    SynthesisedVolume Diffusion,
    SynthesisedVolume T1,
    int Instances);
