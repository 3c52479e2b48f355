using Microsoft.Extensions.Time.Testing;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Storage.Tests;

/// <summary>SWAPDB's <see cref="Database.SwapWith"/>: contents move, identities stay.</summary>
public sealed class DatabaseSwapTests
{
    private static readonly byte[] s_key = "k"u8.ToArray();

    private FakeTimeProvider _time = null!;
    private Database _zero = null!;
    private Database _one = null!;

    [SetUp]
    public void SetUp()
    {
        _time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));
        _zero = new Database(0, _time);
        _one = new Database(1, _time);
    }

    [Test]
    public void SwapWith_KeyWithTtl_MovesKeyAndTtlToTheOtherDatabase()
    {
        _zero.Set(s_key, RedisString.FromInt64(1));
        _zero.SetExpireTime(s_key, 1_700_000_005_000);
        _zero.SwapWith(_one);
        Assert.Multiple(() =>
        {
            Assert.That(_zero.Count, Is.Zero);
            Assert.That(_one.Exists(s_key), Is.True);
            Assert.That(_one.GetExpireTime(s_key), Is.EqualTo(1_700_000_005_000));
        });
    }

    [Test]
    public void SwapWith_AnyContents_KeepsEachDatabaseNumber()
    {
        _zero.SwapWith(_one);
        Assert.That((_zero.Id, _one.Id), Is.EqualTo((0, 1)));
    }

    [Test]
    public void SwapWith_ExpiresCursor_IsExchanged()
    {
        _zero.ExpiresCursor = 7;
        _zero.SwapWith(_one);
        Assert.That((_zero.ExpiresCursor, _one.ExpiresCursor), Is.EqualTo((0UL, 7UL)));
    }
}
