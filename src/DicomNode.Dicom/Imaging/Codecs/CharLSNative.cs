using System.Runtime.InteropServices;

namespace DicomNode.Dicom.Imaging.Codecs;

/// <summary>The part of CharLS 2's C API (charls/charls_jpegls_decoder.h) that decodes a JPEG-LS frame.</summary>
internal static partial class CharLSNative
{
    /// <summary>charls_frame_info.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct FrameInfo
    {
        public uint Width;
        public uint Height;
        public int BitsPerSample;
        public int ComponentCount;
    }

    /// <summary>charls_interleave_mode: how the components of a scan are interleaved (ISO/IEC 14495-1 §A.3).</summary>
    public enum InterleaveMode
    {
        None = 0,
        Line = 1,
        Sample = 2,
    }

    [LibraryImport(NativeCodecLibraries.CharLS, EntryPoint = "charls_jpegls_decoder_create")]
    public static partial nint DecoderCreate();

    [LibraryImport(NativeCodecLibraries.CharLS, EntryPoint = "charls_jpegls_decoder_destroy")]
    public static partial void DecoderDestroy(nint decoder);

    [LibraryImport(NativeCodecLibraries.CharLS, EntryPoint = "charls_jpegls_decoder_set_source_buffer")]
    public static unsafe partial int SetSourceBuffer(nint decoder, byte* source, nuint size);

    [LibraryImport(NativeCodecLibraries.CharLS, EntryPoint = "charls_jpegls_decoder_read_header")]
    public static partial int ReadHeader(nint decoder);

    [LibraryImport(NativeCodecLibraries.CharLS, EntryPoint = "charls_jpegls_decoder_get_frame_info")]
    public static partial int GetFrameInfo(nint decoder, out FrameInfo frameInfo);

    [LibraryImport(NativeCodecLibraries.CharLS, EntryPoint = "charls_jpegls_decoder_get_interleave_mode")]
    public static partial int GetInterleaveMode(nint decoder, out InterleaveMode mode);

    [LibraryImport(NativeCodecLibraries.CharLS, EntryPoint = "charls_jpegls_decoder_get_destination_size")]
    public static partial int GetDestinationSize(nint decoder, uint stride, out nuint size);

    [LibraryImport(NativeCodecLibraries.CharLS, EntryPoint = "charls_jpegls_decoder_decode_to_buffer")]
    public static unsafe partial int DecodeToBuffer(nint decoder, byte* destination, nuint size, uint stride);

    [LibraryImport(NativeCodecLibraries.CharLS, EntryPoint = "charls_get_error_message")]
    public static partial nint GetErrorMessage(int error);

    public static string Describe(int error) =>
        Marshal.PtrToStringUTF8(GetErrorMessage(error)) ?? $"CharLS error {error}";
}
