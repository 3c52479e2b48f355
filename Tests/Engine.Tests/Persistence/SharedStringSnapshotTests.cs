using Reactor.MiniRedis.Engine.Persistence;
using Reactor.MiniRedis.Engine.Tests.Support;

namespace Reactor.MiniRedis.Engine.Tests.Persistence;

/// <summary>
/// BGSAVE shares strings with its writer instead of copying them (copy-on-write): with the writer held until
/// everything is captured, every command that changes, moves or deletes a captured string runs before the writer
/// reads it, and the file must still hold the keyspace as it was at BGSAVE.
/// </summary>
public sealed class SharedStringSnapshotTests
{
    private AofHarness _server = null!;
    private TestClient _client = null!;

    [SetUp]
    public void Start()
    {
        _server = new AofHarness(appendOnly: false);
        _server.Server.Persistence.BackgroundSaveGate = new ManualResetEventSlim();
        _client = _server.Connect();
    }

    [TearDown]
    public void Stop()
    {
        _server.Server.Persistence.BackgroundSaveGate?.Set();
        _server.Dispose();
    }

    [Test]
    public void BgSave_CapturedStringsChangedBeforeTheWriterReadsThem_FileHoldsStartValues()
    {
        string[] keys = ["append", "setrange", "incr", "set", "move", "swap", "rename", "getdel", "expire", "setbit", "getset", "untouched"];
        foreach (string key in keys)
        {
            _client.Execute("SET", key, key == "incr" ? "10" : $"start-{key}");
        }
        _client.Execute("SELECT", "2");
        _client.Execute("SET", "in2", "start-in2");
        _client.Execute("SELECT", "0");
        Dictionary<string, string> atStart = keys.ToDictionary(k => k, k => _client.Execute("DUMP", k) + _client.Execute("PTTL", k));
        Assert.That(_client.Execute("BGSAVE"), Is.EqualTo("+Background saving started\r\n"));
        BackgroundSave child = _server.Server.Persistence.Child!;
        child.Snapshot.CaptureAll(); // every string is now shared with the (held) writer
        string[][] commands =
        [
            ["APPEND", "append", "x"], ["SETRANGE", "setrange", "0", "zz"], ["INCR", "incr"], ["SET", "set", "other-size-value"],
            ["MOVE", "move", "5"], ["SELECT", "5"], ["APPEND", "move", "x"], ["SELECT", "0"],
            ["SWAPDB", "0", "2"], ["SELECT", "2"], ["APPEND", "swap", "x"], ["SWAPDB", "0", "2"], ["SELECT", "0"],
            ["RENAME", "rename", "renamed"], ["APPEND", "renamed", "x"], ["GETDEL", "getdel"], ["EXPIRE", "expire", "100"],
            ["SETBIT", "setbit", "0", "1"], ["GETSET", "getset", "new"],
        ];
        foreach (string[] command in commands)
        {
            Assert.That(_client.Execute(command), Does.Not.StartWith("-"), string.Join(' ', command));
        }
        Assert.That(child.Snapshot.CopiesOnWrite, Is.GreaterThan(0), "the changed strings were copied for the loop");
        _server.Server.Persistence.BackgroundSaveGate!.Set();
        Assert.That(child.Wait(TimeSpan.FromSeconds(30)), Is.True);
        _server.Server.Persistence.CheckBackgroundSaveDone();
        Assert.That(_client.Execute("INFO", "persistence"), Does.Contain("rdb_last_bgsave_status:ok"));

        Assert.That(_server.Restart(), Is.True, _server.LogText);
        _client = _server.Connect();
        Assert.Multiple(() =>
        {
            foreach (string key in keys)
            {
                Assert.That(_client.Execute("DUMP", key) + _client.Execute("PTTL", key), Is.EqualTo(atStart[key]), key);
            }
            Assert.That(_client.Execute("DBSIZE"), Is.EqualTo($":{keys.Length}\r\n"));
            Assert.That(_client.Execute("SELECT", "2") + _client.Execute("GET", "in2"), Is.EqualTo("+OK\r\n$9\r\nstart-in2\r\n"));
        });
    }
}
