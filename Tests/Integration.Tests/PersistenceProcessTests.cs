using System.Globalization;
using Reactor.MiniRedis.Integration.Tests.Support;

namespace Reactor.MiniRedis.Integration.Tests;

/// <summary>
/// The built program's persistence as a user sees it: with Redis's default save points SIGTERM writes the RDB file
/// and the next start loads it (with Redis's log lines); a truncated or corrupt file stops the server from starting,
/// with a clear error and exit code 1, never a partial load.
/// </summary>
public sealed class PersistenceProcessTests
{
    private const string ReadyLine = "Ready to accept connections";

    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    private string _dir = null!;

    [SetUp]
    public void CreateDirectory() => _dir = Directory.CreateTempSubdirectory("mini-redis-persist-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void Sigterm_DefaultSavePoints_SavesAndNextStartLoads()
    {
        SaveOneKeyAndStop();
        int port = ServerProcess.FreePort();
        using ServerProcess second = ServerProcess.StartIn(_dir, "--port", Text(port));
        Assert.That(second.WaitForOutput(ReadyLine, s_timeout), Is.True, second.Output);
        using RawClient client = RawClient.Connect("127.0.0.1", port);
        Assert.Multiple(() =>
        {
            Assert.That(client.Execute("GET", "k"), Is.EqualTo("$5\r\nvalue\r\n"));
            Assert.That(second.Output, Does.Contain("Loading RDB produced by version 7.0.15"));
            Assert.That(second.Output, Does.Contain("Done loading RDB, keys loaded: 1, keys expired: 0."));
            Assert.That(second.Output, Does.Contain("DB loaded from disk:"));
        });
    }

    [Test]
    public void Start_TruncatedRdbFile_ExitsOneWithoutServing()
    {
        SaveOneKeyAndStop();
        string path = Path.Combine(_dir, "dump.rdb");
        byte[] file = File.ReadAllBytes(path);
        File.WriteAllBytes(path, file[..(file.Length - 15)]);

        using ServerProcess server = ServerProcess.StartIn(_dir, "--port", Text(ServerProcess.FreePort()));
        Assert.Multiple(() =>
        {
            Assert.That(server.WaitForExit(s_timeout), Is.EqualTo(1), server.Output);
            Assert.That(server.Output, Does.Contain("Short read or OOM loading DB. Unrecoverable error, aborting now."));
            Assert.That(server.Output, Does.Contain("Terminating server after rdb file reading failure."));
            Assert.That(server.Output, Does.Not.Contain(ReadyLine));
        });
    }

    [Test]
    public void Start_CorruptRdbFile_ExitsOneOnChecksum()
    {
        SaveOneKeyAndStop();
        string path = Path.Combine(_dir, "dump.rdb");
        byte[] file = File.ReadAllBytes(path);
        file[^12] ^= 0x20; // a byte of the value: still parses, but the CRC-64 no longer matches
        File.WriteAllBytes(path, file);

        using ServerProcess server = ServerProcess.StartIn(_dir, "--port", Text(ServerProcess.FreePort()));
        Assert.Multiple(() =>
        {
            Assert.That(server.WaitForExit(s_timeout), Is.EqualTo(1), server.Output);
            Assert.That(server.Output, Does.Contain("Wrong RDB checksum expected"));
            Assert.That(server.Output, Does.Not.Contain(ReadyLine));
        });
    }

    // A server in _dir with the default save points: one SET, then SIGTERM, which must save before exiting.
    private void SaveOneKeyAndStop()
    {
        int port = ServerProcess.FreePort();
        using ServerProcess first = ServerProcess.StartIn(_dir, "--port", Text(port));
        Assert.That(first.WaitForOutput(ReadyLine, s_timeout), Is.True, first.Output);
        using (RawClient client = RawClient.Connect("127.0.0.1", port))
        {
            Assert.That(client.Execute("SET", "k", "value"), Is.EqualTo("+OK\r\n"));
        }
        first.Terminate();
        Assert.Multiple(() =>
        {
            Assert.That(first.WaitForExit(s_timeout), Is.Zero, first.Output);
            Assert.That(first.Output, Does.Contain("Saving the final RDB snapshot before exiting."));
            Assert.That(first.Output, Does.Contain("DB saved on disk"));
            Assert.That(File.Exists(Path.Combine(_dir, "dump.rdb")), Is.True);
        });
    }

    private static string Text(int port) => port.ToString(CultureInfo.InvariantCulture);
}
