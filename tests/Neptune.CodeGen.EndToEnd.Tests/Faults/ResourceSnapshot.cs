using System;
using System.IO;
using System.Linq;
using System.Net.NetworkInformation;
using System.Threading;

namespace Neptune.CodeGen.EndToEnd.Tests.Faults;

/// <summary>
/// What the process holds at one moment, measured rather than assumed: open sockets (file descriptors), TCP connections
/// to or from one port (the emulator's: both the client's and the server's ends), timers (each timeout is one) and
/// queued thread-pool work.
/// </summary>
internal sealed record ResourceSnapshot(int SocketDescriptors, int ConnectionsOnPort, long ActiveTimers, long PendingWorkItems)
{
    public static ResourceSnapshot Take(int port) => new(
        CountSocketDescriptors(),
        CountConnections(port),
        Timer.ActiveCount,
        ThreadPool.PendingWorkItemCount);

    /// <summary>Sockets this process has open, from <c>/proc/self/fd</c> (Linux); -1 where there is no such directory.</summary>
    private static int CountSocketDescriptors()
    {
        if (!Directory.Exists("/proc/self/fd"))
        {
            return -1;
        }

        var count = 0;
        foreach (var path in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
        {
            try
            {
                if (new FileInfo(path).LinkTarget?.StartsWith("socket:", StringComparison.Ordinal) == true)
                {
                    count++;
                }
            }
            catch (IOException)
            {
                // Closed while it was looked at.
            }
        }

        return count;
    }

    /// <summary>TCP connections with <paramref name="port"/> at either end, except those in TIME_WAIT (closed, held by the kernel only).</summary>
    private static int CountConnections(int port) =>
        IPGlobalProperties.GetIPGlobalProperties().GetActiveTcpConnections()
            .Count(c => (c.LocalEndPoint.Port == port || c.RemoteEndPoint.Port == port) && c.State != TcpState.TimeWait);

    public override string ToString() =>
        $"sockets {SocketDescriptors}, connections on the port {ConnectionsOnPort}, timers {ActiveTimers}, queued work items {PendingWorkItems}";
}
