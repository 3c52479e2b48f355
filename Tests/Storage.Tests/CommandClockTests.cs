using Microsoft.Extensions.Time.Testing;

namespace Reactor.MiniRedis.Storage.Tests;

/// <summary>
/// The keyspace's clock: live between commands, one reading for the whole of a command (Redis's fixed_time_expire),
/// and the outermost command's reading for the commands nested in it (EXEC).
/// </summary>
public sealed class CommandClockTests
{
    private const long Start = 1_700_000_000_000;

    private FakeTimeProvider _time = null!;
    private CommandClock _clock = null!;

    [SetUp]
    public void CreateClock()
    {
        _time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(Start));
        _clock = new CommandClock(_time);
    }

    [Test]
    public void NowMilliseconds_OutsideCommand_FollowsTheClock()
    {
        _time.Advance(TimeSpan.FromMilliseconds(5));
        Assert.That(_clock.NowMilliseconds, Is.EqualTo(Start + 5));
    }

    [Test]
    public void NowMilliseconds_InsideCommand_KeepsTheFirstReading()
    {
        _clock.EnterCommand();
        long first = _clock.NowMilliseconds;
        _time.Advance(TimeSpan.FromMilliseconds(5));
        Assert.That((first, _clock.NowMilliseconds, _clock.LiveMilliseconds), Is.EqualTo((Start, Start, Start + 5)));
    }

    [Test]
    public void NowMilliseconds_ReadingIsTakenAtFirstUse_NotAtEnter()
    {
        _clock.EnterCommand();
        _time.Advance(TimeSpan.FromMilliseconds(3));
        Assert.That(_clock.NowMilliseconds, Is.EqualTo(Start + 3));
    }

    [Test]
    public void NowMilliseconds_NestedCommand_KeepsTheOutermostReading()
    {
        _clock.EnterCommand();
        _ = _clock.NowMilliseconds;
        _time.Advance(TimeSpan.FromMilliseconds(5));
        _clock.EnterCommand();
        long inner = _clock.NowMilliseconds;
        _clock.ExitCommand();
        Assert.That((inner, _clock.NowMilliseconds), Is.EqualTo((Start, Start)));
    }

    [Test]
    public void NowMilliseconds_NextCommand_TakesANewReading()
    {
        _clock.EnterCommand();
        _ = _clock.NowMilliseconds;
        _clock.ExitCommand();
        _time.Advance(TimeSpan.FromMilliseconds(5));
        _clock.EnterCommand();
        Assert.That((_clock.NowMilliseconds, _clock.InCommand), Is.EqualTo((Start + 5, true)));
    }

    [Test]
    public void Lookup_KeyExpiringDuringCommand_StaysVisibleUntilTheCommandEnds()
    {
        var db = new Database(0, _clock);
        db.Set("k"u8, RedisString.FromBytes("v"u8));
        db.SetExpireTime("k"u8, Start + 1);
        _clock.EnterCommand();
        bool first = db.Lookup("k"u8) is not null;
        _time.Advance(TimeSpan.FromMilliseconds(2));
        bool second = db.Lookup("k"u8) is not null;
        _clock.ExitCommand();
        bool after = db.Lookup("k"u8) is not null;
        Assert.That((first, second, after), Is.EqualTo((true, true, false)));
    }
}
