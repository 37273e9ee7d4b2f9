using System.Net;
using System.Net.Sockets;

namespace Barge.EndToEnd.Tests;

/// <summary>
/// A loopback port that refuses connections (nothing listens on it) until <see cref="Listen"/>, and from then on
/// forwards each connection to a target, bytes both ways: to its clients, a server that is still starting.
/// </summary>
public sealed class TcpForwarder(string targetHost, int targetPort) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _tasks = [];
    private TcpListener? _listener;

    /// <summary>
    /// Free a moment ago and left unbound until <see cref="Listen"/>, so that connecting is refused; another process
    /// could take it in between, which loopback ports picked by the kernel make unlikely within a test.
    /// </summary>
    public int Port { get; } = FreePort();

    public void Listen()
    {
        _listener = new TcpListener(IPAddress.Loopback, Port);
        _listener.Start();
        Track(AcceptAsync(_listener));
    }

    private async Task AcceptAsync(TcpListener listener)
    {
        try
        {
            while (true) Track(ForwardAsync(await listener.AcceptTcpClientAsync(_stop.Token)));
        }
        catch (OperationCanceledException) { /* disposed */ }
    }

    private async Task ForwardAsync(TcpClient client)
    {
        using var target = new TcpClient();
        using (client)
        {
            try
            {
                await target.ConnectAsync(targetHost, targetPort, _stop.Token);
                using var connection = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                Task[] copies = [client.GetStream().CopyToAsync(target.GetStream(), connection.Token), target.GetStream().CopyToAsync(client.GetStream(), connection.Token)];
                // One side closing ends the connection for both, as a plain TCP proxy would.
                await Task.WhenAny(copies);
                await connection.CancelAsync();
                await Task.WhenAll(copies);
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException) { /* the connection ended */ }
        }
    }

    private void Track(Task task)
    {
        lock (_tasks) _tasks.Add(task);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener?.Stop();
        Task[] tasks;
        lock (_tasks) tasks = [.. _tasks];
        await Task.WhenAll(tasks);
        _stop.Dispose();
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
