using System.ComponentModel;
using System.Runtime.InteropServices;

namespace DicomNode.Workflow.Storage;

/// <summary>The few libc calls the durable storage needs that .NET has no API for (Linux and macOS).</summary>
internal static class LibC
{
    // Linux x64 and arm64 (the generic fcntl numbers).
    public const int ORdOnly = 0;
    public const int ORdWr = 0x2;
    public const int OCloExec = 0x80000;

    /// <summary>The *at calls' "relative to the current folder".</summary>
    public const int AtFdCwd = -100;

    /// <summary>The message of an errno value, e.g. from <see cref="Marshal.GetLastPInvokeError"/>.</summary>
    public static string Describe(int error) => new Win32Exception(error).Message;

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    public static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    /// <summary>open with a mode, for flags that create a file.</summary>
    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    public static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, int mode);

    [DllImport("libc", EntryPoint = "pwrite64", SetLastError = true)]
    public static extern nint PWrite(int descriptor, ref byte buffer, nint count, long offset);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    public static extern int Fsync(int descriptor);

    [DllImport("libc", EntryPoint = "linkat", SetLastError = true)]
    public static extern int LinkAt(int oldDirectory, [MarshalAs(UnmanagedType.LPUTF8Str)] string oldPath, int newDirectory,
        [MarshalAs(UnmanagedType.LPUTF8Str)] string newPath, int flags);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    public static extern int Close(int descriptor);
}
