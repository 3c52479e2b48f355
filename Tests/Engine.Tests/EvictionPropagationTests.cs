using System.Globalization;
using Reactor.MiniRedis.Engine.Tests.Support;

namespace Reactor.MiniRedis.Engine.Tests;

/// <summary>
/// propagateDeletion from performEvictions: an evicted key reaches the AOF as <c>DEL key</c> (<c>UNLINK key</c>
/// under lazyfree-lazy-eviction), on its own, before the command whose arrival made room for it.
/// </summary>
public sealed class EvictionPropagationTests
{
    private AofHarness _aof = null!;
    private TestClient _client = null!;

    [SetUp]
    public void Start()
    {
        _aof = new AofHarness();
        _client = _aof.Connect();
    }

    [TearDown]
    public void Stop() => _aof.Dispose();

    // Stores "old" a second before "new", then sets maxmemory so the next command must evict one key.
    private void FillAndLimit()
    {
        _client.Execute("set", "old", new string('v', 1000));
        _aof.Harness.Time.Advance(TimeSpan.FromSeconds(1));
        _client.Execute("set", "new", new string('v', 1000));
        _client.Execute("config", "set", "maxmemory-policy", "allkeys-lru");
        _client.Execute("config", "set", "maxmemory", (_aof.Server.Memory.Total - 500).ToString(CultureInfo.InvariantCulture));
    }

    [Test]
    public void Eviction_EvictedKey_IsWrittenAsDelBeforeTheCommand()
    {
        FillAndLimit();
        _client.Execute("set", "k", "v");
        Assert.That(_aof.IncrCommands()[^2..], Is.EqualTo(new[] { "DEL old", "set k v" }));
    }

    [Test]
    public void Eviction_WithLazyfreeLazyEviction_IsWrittenAsUnlink()
    {
        _client.Execute("config", "set", "lazyfree-lazy-eviction", "yes");
        FillAndLimit();
        _client.Execute("set", "k", "v");
        Assert.That(_aof.IncrCommands()[^2..], Is.EqualTo(new[] { "UNLINK old", "set k v" }));
    }
}
