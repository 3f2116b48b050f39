using Microsoft.Extensions.Hosting;

namespace DicomNode.Service.Tests.Node;

/// <summary>A started in-process node; disposing stops it and releases its data folder.</summary>
internal sealed class RunningHost : IAsyncDisposable
{
    private readonly IHost _host;

    public RunningHost(IHost host) => _host = host;

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
