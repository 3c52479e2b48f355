using System.Globalization;
using System.Text;
using Reactor.MiniRedis.Integration.Tests.Support;

namespace Reactor.MiniRedis.Integration.Tests;

/// <summary>
/// BGSAVE of the built program is point-in-time while clients keep writing: every key holds a value naming its
/// start state, a client overwrites, deletes and adds keys while the save runs, and the next start loads exactly
/// the contents at the moment of BGSAVE.
/// </summary>
public sealed class BackgroundSaveProcessTests
{
    private const int Keys = 200_000;
    private const int Batch = 1000;
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    private string _dir = null!;

    [SetUp]
    public void CreateDirectory() => _dir = Directory.CreateTempSubdirectory("mini-redis-bgsave-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void BgSave_ClientsWriteDuringSave_FileHoldsStartContents()
    {
        int writesDuringSave = 0;
        using (ServerProcess server = Start(out int port))
        {
            using RawClient client = RawClient.Connect("127.0.0.1", port);
            for (int start = 0; start < Keys; start += Batch)
            {
                var commands = new List<byte>();
                for (int i = start; i < start + Batch; i++)
                {
                    commands.AddRange(RawClient.Encode("SET", Key(i), $"start:{i}"));
                }
                client.Send(commands.ToArray());
                client.ReadReplies(Batch);
            }
            Assert.That(client.Execute("BGSAVE"), Is.EqualTo("+Background saving started\r\n"));
            // Writes until the save has finished: overwrite, delete and add keys, across the whole key range.
            for (int i = 0; client.Execute("INFO", "persistence").Contains("rdb_bgsave_in_progress:1", StringComparison.Ordinal); i++)
            {
                int key = (int)((long)i * 7919 % Keys);
                client.Execute("SET", Key(key), "after");
                client.Execute("DEL", Key((key + 1) % Keys));
                client.Execute("SET", $"new:{i}", "after");
                writesDuringSave++;
            }
            Assert.That(client.Execute("INFO", "persistence"), Does.Contain("rdb_last_bgsave_status:ok"));
        }

        using ServerProcess restarted = Start(out int port2);
        using RawClient reader = RawClient.Connect("127.0.0.1", port2);
        Assert.Multiple(() =>
        {
            Assert.That(writesDuringSave, Is.GreaterThan(0), "writes happened while the save ran");
            Assert.That(reader.Execute("DBSIZE"), Is.EqualTo($":{Keys}\r\n"));
            for (int start = 0; start < Keys; start += Batch)
            {
                var mget = new List<string> { "MGET" };
                var expected = new StringBuilder($"*{Batch}\r\n");
                for (int i = start; i < start + Batch; i++)
                {
                    mget.Add(Key(i));
                    expected.Append(RawClient.Bulk($"start:{i}"));
                }
                Assert.That(reader.Execute([.. mget]), Is.EqualTo(expected.ToString()), $"keys from {start}");
            }
        });
    }

    private ServerProcess Start(out int port)
    {
        port = ServerProcess.FreePort();
        ServerProcess server = ServerProcess.StartIn(_dir, "--port", port.ToString(CultureInfo.InvariantCulture), "--save", "");
        Assert.That(server.WaitForOutput("Ready to accept connections", s_timeout), Is.True, server.Output);
        return server;
    }

    private static string Key(int i) => string.Create(CultureInfo.InvariantCulture, $"key:{i:D12}");
}
