using System.Runtime.InteropServices;

namespace DicomNode.Dicom.Imaging.Codecs;

/// <summary>
/// The callbacks through which OpenJPEG reads a codestream from pinned memory: user data points at a
/// <see cref="Source"/> on the caller's stack, valid while the decode runs.
/// </summary>
internal static unsafe class OpenJpegMemoryStream
{
    /// <summary>What opj_stream_read_fn returns at the end of the data: (OPJ_SIZE_T)-1.</summary>
    private static readonly nuint EndOfStream = nuint.MaxValue;

    [StructLayout(LayoutKind.Sequential)]
    public struct Source
    {
        public byte* Data;
        public long Length;
        public long Position;
    }

    public static nint Create(Source* source)
    {
        // OPJ_J2K_STREAM_CHUNK_SIZE, OpenJPEG's own default.
        var stream = OpenJpegNative.StreamCreate(0x100000, 1);
        if (stream == 0)
        {
            return 0;
        }

        OpenJpegNative.StreamSetReadFunction(stream, &Read);
        OpenJpegNative.StreamSetSkipFunction(stream, &Skip);
        OpenJpegNative.StreamSetSeekFunction(stream, &Seek);
        OpenJpegNative.StreamSetUserData(stream, (nint)source, 0);
        OpenJpegNative.StreamSetUserDataLength(stream, (ulong)source->Length);
        return stream;
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(System.Runtime.CompilerServices.CallConvCdecl)])]
    private static nuint Read(byte* buffer, nuint count, nint user)
    {
        var source = (Source*)user;
        var left = source->Length - source->Position;
        if (left <= 0)
        {
            return EndOfStream;
        }

        var n = (long)Math.Min((ulong)left, (ulong)count);
        Buffer.MemoryCopy(source->Data + source->Position, buffer, (long)count, n);
        source->Position += n;
        return (nuint)n;
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(System.Runtime.CompilerServices.CallConvCdecl)])]
    private static long Skip(long count, nint user)
    {
        var source = (Source*)user;
        var target = Math.Clamp(source->Position + count, 0, source->Length);
        var skipped = target - source->Position;
        source->Position = target;
        return skipped;
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(System.Runtime.CompilerServices.CallConvCdecl)])]
    private static int Seek(long position, nint user)
    {
        var source = (Source*)user;
        if (position < 0 || position > source->Length)
        {
            return 0;
        }

        source->Position = position;
        return 1;
    }
}
