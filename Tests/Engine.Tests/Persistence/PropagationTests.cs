using Reactor.MiniRedis.Engine.Tests.Support;

namespace Reactor.MiniRedis.Engine.Tests.Persistence;

/// <summary>
/// What reaches the AOF for each command: the forms redis-server 7.0.15 writes, as observed in its own AOF for the
/// same commands (relative times made absolute, random and floating-point results written out, expired keys
/// deleted, transactions wrapped, SELECT where the database changes). The clock is fixed at 1700000000000 ms.
/// </summary>
public sealed class PropagationTests
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

    private List<string> Commands => _aof.IncrCommands();

    private string Run(params string[] args) => _client.Execute(args);

    [Test]
    public void BLPop_WithData_IsWrittenAsLPop()
    {
        Run("rpush", "q", "a", "b");
        Run("blpop", "q", "0");
        Assert.That(Commands[^1], Is.EqualTo("LPOP q"));
    }

    [Test]
    public void BLPop_ServedByAPush_IsWrittenAsLPopAfterThePush()
    {
        TestClient consumer = _aof.Connect();
        consumer.Execute("blpop", "q", "0");
        Run("rpush", "q", "a");
        Assert.That(Commands.Skip(1), Is.EqualTo(new[] { "rpush q a", "LPOP q" }));
    }

    [TestCase("BLPOP missing l 0", "RPUSH l a b", "LPOP l")]
    [TestCase("BLMPOP 0 1 l RIGHT COUNT 10", "RPUSH l a b", "RPOP l 2")] // the count capped at the length
    [TestCase("BLMOVE l d RIGHT LEFT 0", "RPUSH l a", "LMOVE l d RIGHT LEFT")]
    [TestCase("BRPOPLPUSH l d 0", "RPUSH l a", "RPOPLPUSH l d")]
    [TestCase("BZPOPMAX z 0", "ZADD z 1 a", "ZPOPMAX z")]
    [TestCase("BZMPOP 0 1 z MIN COUNT 3", "ZADD z 1 a 2 b", "ZPOPMIN z 2")]
    public void BlockingCommand_WithData_IsWrittenAsItsNonBlockingForm(string command, string setup, string written)
    {
        Run(setup.Split(' '));
        Run(command.Split(' '));
        Assert.That(Commands, Is.EqualTo(new[] { "SELECT 0", setup, written }));
    }

    [Test]
    public void BlockingCommands_ServedByOnePush_AreWrittenAsTheirNonBlockingFormsInServingOrder()
    {
        _aof.Connect().Execute("BLMOVE", "s1", "s2", "RIGHT", "LEFT", "0");
        _aof.Connect().Execute("BRPOPLPUSH", "s2", "s3", "0");
        _aof.Connect().Execute("BLMPOP", "0", "1", "s3", "RIGHT", "COUNT", "5");
        Run("LPUSH", "s1", "job");
        Assert.That(Commands, Is.EqualTo(new[] { "SELECT 0", "LPUSH s1 job", "LMOVE s1 s2 RIGHT LEFT", "RPOPLPUSH s2 s3", "RPOP s3 1" }));
    }

    [Test]
    public void BZPopMin_ServedByAZAdd_IsWrittenAsZPopMin()
    {
        _aof.Connect().Execute("BZPOPMIN", "z", "0");
        Run("ZADD", "z", "1", "a");
        Assert.That(Commands, Is.EqualTo(new[] { "SELECT 0", "ZADD z 1 a", "ZPOPMIN z" }));
    }

    [Test]
    public void Set_Plain_IsWrittenAsSentAfterSelect()
    {
        Run("set", "k", "v");
        Assert.That(Commands, Is.EqualTo(new[] { "SELECT 0", "set k v" }));
    }

    [TestCase("EX", "10")]
    [TestCase("PX", "10000")]
    [TestCase("EXAT", "1700000010")]
    [TestCase("pxat", "1700000010000")]
    public void Set_WithExpire_IsWrittenWithAbsolutePxAt(string unit, string time)
    {
        Run("set", "k", "v", "NX", unit, time);
        Assert.That(Commands[^1], Is.EqualTo("SET k v PXAT 1700000010000"));
    }

    [Test]
    public void Set_WithGetAndNoExpire_IsWrittenWithoutGet()
    {
        Run("set", "k", "v");
        Run("set", "k", "w", "XX", "get");
        Assert.That(Commands[^1], Is.EqualTo("set k w XX"));
    }

    [Test]
    public void Set_NxThatDoesNothing_IsNotWritten()
    {
        Run("set", "k", "v");
        Run("set", "k", "w", "NX", "GET");
        Assert.That(Commands, Is.EqualTo(new[] { "SELECT 0", "set k v" }));
    }

    [TestCase("setex", "k", "10", "v")]
    [TestCase("psetex", "k", "10000", "v")]
    public void SetExAndPSetEx_AreWrittenAsSetPxAt(string command, string key, string time, string value)
    {
        Run(command, key, time, value);
        Assert.That(Commands[^1], Is.EqualTo("SET k v PXAT 1700000010000"));
    }

    [TestCase("expire", "10")]
    [TestCase("pexpire", "10000")]
    [TestCase("expireat", "1700000010")]
    public void Expire_IsWrittenAsPExpireAtWithItsOptions(string command, string time)
    {
        Run("set", "k", "v");
        Run(command, "k", time, "nx");
        Assert.That(Commands[^1], Is.EqualTo("PEXPIREAT k 1700000010000 nx"));
    }

    [Test]
    public void PExpireAt_IsWrittenAsSent()
    {
        Run("set", "k", "v");
        Run("pexpireat", "k", "1700000010000");
        Assert.That(Commands[^1], Is.EqualTo("pexpireat k 1700000010000"));
    }

    [Test]
    public void Expire_InThePast_IsWrittenAsDel()
    {
        Run("set", "k", "v");
        Run("expire", "k", "-1");
        Assert.That(Commands[^1], Is.EqualTo("DEL k"));
    }

    [Test]
    public void Expire_InThePastWithLazyfreeLazyExpire_IsWrittenAsUnlink()
    {
        Run("config", "set", "lazyfree-lazy-expire", "yes");
        Run("set", "k", "v");
        Run("expireat", "k", "1");
        Assert.That(Commands[^1], Is.EqualTo("UNLINK k"));
    }

    [Test]
    public void Expire_OnMissingKey_IsNotWritten()
    {
        Run("expire", "nokey", "10");
        Assert.That(Commands, Is.Empty);
    }

    [Test]
    public void GetEx_WithEx_IsWrittenAsPExpireAt()
    {
        Run("set", "k", "v");
        Run("getex", "k", "EX", "10");
        Assert.That(Commands[^1], Is.EqualTo("PEXPIREAT k 1700000010000"));
    }

    [Test]
    public void GetEx_WithPersist_IsWrittenAsPersist()
    {
        Run("set", "k", "v", "EX", "10");
        Run("getex", "k", "PERSIST");
        Assert.That(Commands[^1], Is.EqualTo("PERSIST k"));
    }

    [Test]
    public void GetEx_WithPxAtInThePast_IsWrittenAsDel()
    {
        Run("set", "k", "v");
        Run("getex", "k", "PXAT", "1");
        Assert.That(Commands[^1], Is.EqualTo("DEL k"));
    }

    [Test]
    public void GetEx_WithoutOption_IsNotWritten()
    {
        Run("set", "k", "v");
        Run("getex", "k");
        Assert.That(Commands, Is.EqualTo(new[] { "SELECT 0", "set k v" }));
    }

    [Test]
    public void GetDel_IsWrittenAsDel()
    {
        Run("set", "k", "v");
        Run("getdel", "k");
        Assert.That(Commands[^1], Is.EqualTo("DEL k"));
    }

    [Test]
    public void GetDel_WithLazyfreeLazyUserDel_IsWrittenAsUnlink()
    {
        Run("config", "set", "lazyfree-lazy-user-del", "yes");
        Run("set", "k", "v");
        Run("getdel", "k");
        Assert.That(Commands[^1], Is.EqualTo("UNLINK k"));
    }

    [Test]
    public void IncrByFloat_IsWrittenAsSetKeepTtlWithTheResult()
    {
        Run("set", "n", "3.0");
        Run("incrbyfloat", "n", "0.5");
        Assert.That(Commands[^1], Is.EqualTo("SET n 3.5 KEEPTTL"));
    }

    [Test]
    public void HIncrByFloat_IsWrittenAsHSetWithTheResult()
    {
        Run("hincrbyfloat", "h", "f", "1e3");
        Assert.That(Commands[^1], Is.EqualTo("HSET h f 1000"));
    }

    [Test]
    public void SPop_One_IsWrittenAsSRemOfThePoppedMember()
    {
        Run("sadd", "s", "a");
        Run("spop", "s");
        Assert.That(Commands[^1], Is.EqualTo("SREM s a"));
    }

    [Test]
    public void SPop_CountCoveringTheSet_IsWrittenAsDel()
    {
        Run("sadd", "s", "a", "b");
        Run("spop", "s", "5");
        Assert.That(Commands[^1], Is.EqualTo("DEL s"));
    }

    [Test]
    public void SPop_Count_IsWrittenAsOneSRemPerMemberInsideMulti()
    {
        Run("sadd", "s", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10");
        string reply = Run("spop", "s", "8");
        List<string> commands = Commands;
        List<string> popped = Members(reply);
        Assert.That(commands.Skip(2), Is.EqualTo(new[] { "MULTI" }.Concat(popped.Select(m => $"SREM s {m}")).Append("EXEC")));
    }

    [Test]
    public void SPop_CountFewOfMany_IsWrittenAsOneSRemPerMemberInsideMulti()
    {
        Run("sadd", "s", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10");
        string reply = Run("spop", "s", "2");
        Assert.That(Commands.Skip(2), Is.EqualTo(new[] { "MULTI" }.Concat(Members(reply).Select(m => $"SREM s {m}")).Append("EXEC")));
    }

    [Test]
    public void LMPop_IsWrittenAsPopWithTheCountPopped()
    {
        Run("rpush", "l", "a", "b");
        Run("lmpop", "2", "none", "l", "right", "count", "5");
        Assert.That(Commands[^1], Is.EqualTo("RPOP l 2"));
    }

    [Test]
    public void ZMPop_WithoutCount_IsWrittenAsZPopMinOne()
    {
        Run("zadd", "z", "1", "a", "2", "b");
        Run("zmpop", "1", "z", "min");
        Assert.That(Commands[^1], Is.EqualTo("ZPOPMIN z 1"));
    }

    [Test]
    public void LPop_WithCount_IsWrittenAsSent()
    {
        Run("rpush", "l", "a");
        Run("lpop", "l", "5");
        Assert.That(Commands[^1], Is.EqualTo("lpop l 5"));
    }

    [Test]
    public void Restore_WithRelativeTtl_IsWrittenWithAbsoluteTtl()
    {
        Run("set", "src", "hello");
        string payload = Bulk(Run("dump", "src"));
        Run("restore", "dst", "10000", payload, "REPLACE");
        Assert.That(Commands[^1], Is.EqualTo($"restore dst 1700000010000 {payload} REPLACE ABSTTL"));
    }

    [Test]
    public void Exec_OfTwoWrites_IsWrappedInMultiExec()
    {
        Run("multi");
        Run("set", "a", "1");
        Run("get", "a");
        Run("incr", "b");
        Run("exec");
        Assert.That(Commands, Is.EqualTo(new[] { "SELECT 0", "MULTI", "set a 1", "incr b", "EXEC" }));
    }

    [Test]
    public void Exec_OfOneWrite_IsWrittenAlone()
    {
        Run("multi");
        Run("set", "a", "1");
        Run("exec");
        Assert.That(Commands, Is.EqualTo(new[] { "SELECT 0", "set a 1" }));
    }

    [Test]
    public void Exec_OfReadsOnly_WritesNothing()
    {
        Run("multi");
        Run("get", "a");
        Run("exec");
        Assert.That(Commands, Is.Empty);
    }

    [Test]
    public void Exec_SwitchingDatabases_SelectsBeforeMultiAndInside()
    {
        Run("multi");
        Run("select", "1");
        Run("set", "x", "1");
        Run("select", "0");
        Run("set", "y", "1");
        Run("exec");
        Assert.That(Commands, Is.EqualTo(new[] { "SELECT 1", "MULTI", "set x 1", "SELECT 0", "set y 1", "EXEC" }));
    }

    [Test]
    public void Write_InAnotherDatabase_IsPrecededBySelect()
    {
        Run("set", "a", "1");
        Run("select", "3");
        Run("set", "b", "2");
        Run("set", "c", "3");
        Assert.That(Commands, Is.EqualTo(new[] { "SELECT 0", "set a 1", "SELECT 3", "set b 2", "set c 3" }));
    }

    [Test]
    public void LazyExpiry_InsideAWrite_IsWrittenAsDelBeforeItInsideMulti()
    {
        Run("set", "k", "v", "PX", "10");
        _aof.Harness.Time.Advance(TimeSpan.FromMilliseconds(20));
        Run("set", "k", "w");
        Assert.That(Commands.Skip(2), Is.EqualTo(new[] { "MULTI", "DEL k", "set k w", "EXEC" }));
    }

    [Test]
    public void LazyExpiry_InsideARead_IsWrittenAsDelAlone()
    {
        Run("set", "k", "v", "PX", "10");
        _aof.Harness.Time.Advance(TimeSpan.FromMilliseconds(20));
        Run("get", "k");
        Assert.That(Commands.Skip(2), Is.EqualTo(new[] { "DEL k" }));
    }

    [Test]
    public void ActiveExpiry_IsWrittenAsOneDelPerKey()
    {
        Run("set", "a", "1", "PX", "10");
        Run("set", "b", "1", "PX", "10");
        _aof.Harness.Time.Advance(TimeSpan.FromMilliseconds(20));
        _aof.Server.ActiveExpiry.RunSlowCycle(10, 1);
        Assert.That(Commands.Skip(3).Order(), Is.EqualTo(new[] { "DEL a", "DEL b" }));
    }

    [Test]
    public void FlushAll_OnAnEmptyServer_IsWrittenAnyway()
    {
        Run("flushall");
        Run("flushdb");
        Assert.That(Commands, Is.EqualTo(new[] { "SELECT 0", "flushall", "flushdb" }));
    }

    [Test]
    public void FailedWrite_IsNotWritten()
    {
        Run("set", "s", "v");
        Run("lpush", "s", "x");
        Run("del", "nokey");
        Assert.That(Commands, Is.EqualTo(new[] { "SELECT 0", "set s v" }));
    }

    [Test]
    public void Propagation_WithAofOff_RecordsNothing()
    {
        Run("config", "set", "appendonly", "no");
        Run("set", "k", "v", "EX", "10");
        Assert.Multiple(() =>
        {
            Assert.That(_aof.Server.Propagation.IsActive, Is.False);
            Assert.That(_aof.Server.Propagation.PendingCount, Is.Zero);
            Assert.That(_aof.Server.Aof.BufferLength, Is.Zero);
        });
    }

    // ---- evictions (performEvictions' propagateDeletion): on their own, before the command that made room ----

    // Stores "old" a second before "new", then sets maxmemory so the next command must evict one key.
    private void FillAndLimit()
    {
        Run("set", "old", new string('v', 1000));
        _aof.Harness.Time.Advance(TimeSpan.FromSeconds(1));
        Run("set", "new", new string('v', 1000));
        Run("config", "set", "maxmemory-policy", "allkeys-lru");
        Run("config", "set", "maxmemory", (_aof.Server.Memory.Total - 500).ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Test]
    public void Eviction_EvictedKey_IsWrittenAsDelBeforeTheCommand()
    {
        FillAndLimit();
        Run("set", "k", "v");
        Assert.That(Commands[^2..], Is.EqualTo(new[] { "DEL old", "set k v" }));
    }

    [Test]
    public void Eviction_WithLazyfreeLazyEviction_IsWrittenAsUnlink()
    {
        Run("config", "set", "lazyfree-lazy-eviction", "yes");
        FillAndLimit();
        Run("set", "k", "v");
        Assert.That(Commands[^2..], Is.EqualTo(new[] { "UNLINK old", "set k v" }));
    }

    // The members of an array reply of bulk strings.
    private static List<string> Members(string reply) =>
        [.. reply.Split("\r\n").Where((line, i) => i > 0 && !line.StartsWith('$') && line.Length > 0)];

    private static string Bulk(string reply) => reply[(reply.IndexOf("\r\n", StringComparison.Ordinal) + 2)..^2];
}
