using System.Runtime.InteropServices;

namespace DicomNode.Dicom.Imaging.Codecs;

/// <summary>The part of OpenJPEG 2's C API (openjpeg.h) that decodes a JPEG 2000 codestream held in memory.</summary>
internal static unsafe partial class OpenJpegNative
{
    /// <summary>OPJ_CODEC_FORMAT: a raw codestream (ISO/IEC 15444-1 Annex A), or one inside a JP2 file (Annex I).</summary>
    public const int CodecJ2K = 0;
    public const int CodecJP2 = 2;

    /// <summary>
    /// Bytes set aside for opj_dparameters_t, which opj_set_default_decoder_parameters fills: two path
    /// buffers of 4096 bytes and a few integers, about 8.3 KB in OpenJPEG 2.5; 16 KB leaves room to grow.
    /// </summary>
    public const int DecoderParametersSize = 16 * 1024;

    /// <summary>opj_image_t.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Image
    {
        public uint X0;
        public uint Y0;
        public uint X1;
        public uint Y1;
        public uint ComponentCount;
        public int ColorSpace;
        public ImageComponent* Components;
        public byte* IccProfile;
        public uint IccProfileLength;
    }

    /// <summary>opj_image_comp_t, with the deprecated bpp member OpenJPEG 2.5 still carries.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct ImageComponent
    {
        public uint Dx;
        public uint Dy;
        public uint Width;
        public uint Height;
        public uint X0;
        public uint Y0;
        public uint Precision;
        public uint Bpp;
        public uint Signed;
        public uint ResolutionsDecoded;
        public uint Factor;
        public int* Data;
        public ushort Alpha;
    }

    [LibraryImport(NativeCodecLibraries.OpenJpeg, EntryPoint = "opj_create_decompress")]
    public static partial nint CreateDecompress(int format);

    [LibraryImport(NativeCodecLibraries.OpenJpeg, EntryPoint = "opj_destroy_codec")]
    public static partial void DestroyCodec(nint codec);

    [LibraryImport(NativeCodecLibraries.OpenJpeg, EntryPoint = "opj_set_default_decoder_parameters")]
    public static partial void SetDefaultDecoderParameters(byte* parameters);

    [LibraryImport(NativeCodecLibraries.OpenJpeg, EntryPoint = "opj_setup_decoder")]
    public static partial int SetupDecoder(nint codec, byte* parameters);

    [LibraryImport(NativeCodecLibraries.OpenJpeg, EntryPoint = "opj_stream_create")]
    public static partial nint StreamCreate(nuint bufferSize, int isInput);

    [LibraryImport(NativeCodecLibraries.OpenJpeg, EntryPoint = "opj_stream_destroy")]
    public static partial void StreamDestroy(nint stream);

    [LibraryImport(NativeCodecLibraries.OpenJpeg, EntryPoint = "opj_stream_set_read_function")]
    public static partial void StreamSetReadFunction(nint stream, delegate* unmanaged[Cdecl]<byte*, nuint, nint, nuint> read);

    [LibraryImport(NativeCodecLibraries.OpenJpeg, EntryPoint = "opj_stream_set_skip_function")]
    public static partial void StreamSetSkipFunction(nint stream, delegate* unmanaged[Cdecl]<long, nint, long> skip);

    [LibraryImport(NativeCodecLibraries.OpenJpeg, EntryPoint = "opj_stream_set_seek_function")]
    public static partial void StreamSetSeekFunction(nint stream, delegate* unmanaged[Cdecl]<long, nint, int> seek);

    [LibraryImport(NativeCodecLibraries.OpenJpeg, EntryPoint = "opj_stream_set_user_data")]
    public static partial void StreamSetUserData(nint stream, nint data, nint free);

    [LibraryImport(NativeCodecLibraries.OpenJpeg, EntryPoint = "opj_stream_set_user_data_length")]
    public static partial void StreamSetUserDataLength(nint stream, ulong length);

    [LibraryImport(NativeCodecLibraries.OpenJpeg, EntryPoint = "opj_read_header")]
    public static partial int ReadHeader(nint stream, nint codec, out Image* image);

    [LibraryImport(NativeCodecLibraries.OpenJpeg, EntryPoint = "opj_decode")]
    public static partial int DecodeImage(nint codec, nint stream, Image* image);

    [LibraryImport(NativeCodecLibraries.OpenJpeg, EntryPoint = "opj_end_decompress")]
    public static partial int EndDecompress(nint codec, nint stream);

    [LibraryImport(NativeCodecLibraries.OpenJpeg, EntryPoint = "opj_image_destroy")]
    public static partial void ImageDestroy(Image* image);
}
