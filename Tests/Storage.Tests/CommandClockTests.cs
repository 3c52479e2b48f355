using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;

namespace Reactor.MiniRedis.Storage.Tests;

/// <summary>
/// The keyspace's clock: live between commands, one reading for the whole of a command (Redis's fixed_time_expire),
/// and the outermost command's reading for the commands nested in it (EXEC). Under the system clock the reading is
/// derived from the timestamp the command starts at, resynchronised with the wall clock every
/// <see cref="CommandClock.ResyncMilliseconds"/>.
/// </summary>
public sealed class CommandClockTests
{
    private const long Start = 1_700_000_000_000;

    private FakeTimeProvider _time = null!;
    private CommandClock _clock = null!;
    private SteppableTime _steppable = null!;
    private CommandClock _derived = null!; // derives the fixed time from the start timestamp, as under the system clock

    [SetUp]
    public void CreateClock()
    {
        _time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(Start));
        _clock = new CommandClock(_time);
        _steppable = new SteppableTime(Start);
        _derived = new CommandClock(_steppable, deriveFromTimestamps: true);
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
        _clock.EnterCommand(_time.GetTimestamp());
        long first = _clock.NowMilliseconds;
        _time.Advance(TimeSpan.FromMilliseconds(5));
        Assert.That((first, _clock.NowMilliseconds, _clock.LiveMilliseconds), Is.EqualTo((Start, Start, Start + 5)));
    }

    [Test]
    public void NowMilliseconds_ReadingIsTakenAtFirstUse_NotAtEnter()
    {
        _clock.EnterCommand(_time.GetTimestamp());
        _time.Advance(TimeSpan.FromMilliseconds(3));
        Assert.That(_clock.NowMilliseconds, Is.EqualTo(Start + 3));
    }

    [Test]
    public void NowMilliseconds_NestedCommand_KeepsTheOutermostReading()
    {
        _clock.EnterCommand(_time.GetTimestamp());
        _ = _clock.NowMilliseconds;
        _time.Advance(TimeSpan.FromMilliseconds(5));
        _clock.EnterCommand(_time.GetTimestamp());
        long inner = _clock.NowMilliseconds;
        _clock.ExitCommand();
        Assert.That((inner, _clock.NowMilliseconds), Is.EqualTo((Start, Start)));
    }

    [Test]
    public void NowMilliseconds_NextCommand_TakesANewReading()
    {
        _clock.EnterCommand(_time.GetTimestamp());
        _ = _clock.NowMilliseconds;
        _clock.ExitCommand();
        _time.Advance(TimeSpan.FromMilliseconds(5));
        _clock.EnterCommand(_time.GetTimestamp());
        Assert.That((_clock.NowMilliseconds, _clock.InCommand), Is.EqualTo((Start + 5, true)));
    }

    [Test]
    public void Lookup_KeyExpiringDuringCommand_StaysVisibleUntilTheCommandEnds()
    {
        var db = new Database(0, _clock);
        db.Set("k"u8, RedisString.FromBytes("v"u8));
        db.SetExpireTime("k"u8, Start + 1);
        _clock.EnterCommand(_time.GetTimestamp());
        bool first = db.Lookup("k"u8) is not null;
        _time.Advance(TimeSpan.FromMilliseconds(2));
        bool second = db.Lookup("k"u8) is not null;
        _clock.ExitCommand();
        bool after = db.Lookup("k"u8) is not null;
        Assert.That((first, second, after), Is.EqualTo((true, true, false)));
    }

    [Test]
    public void NowMilliseconds_FakeTimeProvider_ComesFromTheProviderNotTheStartTimestamp()
    {
        _clock.EnterCommand(Stopwatch.GetTimestamp()); // what call() passes; only the system clock derives from it
        Assert.That(_clock.NowMilliseconds, Is.EqualTo(Start));
    }

    [Test]
    public void NowMilliseconds_SystemClock_IsTheWallClockAtTheCommandStart()
    {
        var clock = new CommandClock(TimeProvider.System);
        long before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        clock.EnterCommand(Stopwatch.GetTimestamp());
        long after = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        // Within a tick of the wall clock: a millisecond either side covers truncation at a millisecond boundary.
        Assert.That(clock.NowMilliseconds, Is.InRange(before - 1, after + 1));
    }

    [Test]
    public void NowMilliseconds_Derived_IsTheCommandStartNotTheFirstUse()
    {
        _steppable.Advance(TimeSpan.FromMilliseconds(7));
        EnterDerived();
        _steppable.Advance(TimeSpan.FromMilliseconds(3));
        Assert.That((_derived.NowMilliseconds, _derived.LiveMilliseconds), Is.EqualTo((Start + 7, Start + 10)));
    }

    [Test]
    public void NowMilliseconds_Derived_ReadsNoWallClockBetweenResyncs()
    {
        _steppable.StepWallClock(TimeSpan.FromHours(1));
        _steppable.Advance(TimeSpan.FromMilliseconds(CommandClock.ResyncMilliseconds));
        EnterDerived();
        Assert.That(_derived.NowMilliseconds, Is.EqualTo(Start + CommandClock.ResyncMilliseconds));
    }

    [Test]
    public void NowMilliseconds_Derived_PicksUpAWallClockStepAtTheNextResync()
    {
        _steppable.StepWallClock(TimeSpan.FromHours(1));
        _steppable.Advance(TimeSpan.FromMilliseconds(CommandClock.ResyncMilliseconds + 1));
        EnterDerived();
        Assert.That(_derived.NowMilliseconds, Is.EqualTo(Start + 3_600_000 + CommandClock.ResyncMilliseconds + 1));
    }

    [Test]
    public void NowMilliseconds_DerivedAfterResync_FollowsTheNewBase()
    {
        _steppable.Advance(TimeSpan.FromSeconds(1));
        EnterDerived(); // resynchronises
        _derived.ExitCommand();
        _steppable.StepWallClock(TimeSpan.FromMilliseconds(-500));
        _steppable.Advance(TimeSpan.FromMilliseconds(40));
        EnterDerived();
        Assert.That(_derived.NowMilliseconds, Is.EqualTo(Start + 1_040));
    }

    [Test]
    public void NowMilliseconds_DerivedNestedCommand_KeepsTheOutermostStart()
    {
        EnterDerived();
        _steppable.Advance(TimeSpan.FromMilliseconds(5));
        EnterDerived();
        long inner = _derived.NowMilliseconds;
        _derived.ExitCommand();
        Assert.That((inner, _derived.NowMilliseconds), Is.EqualTo((Start, Start)));
    }

    [Test]
    public void NowMilliseconds_DerivedNextCommand_TakesItsOwnStart()
    {
        EnterDerived();
        _ = _derived.NowMilliseconds;
        _derived.ExitCommand();
        _steppable.Advance(TimeSpan.FromMilliseconds(5));
        EnterDerived();
        Assert.That(_derived.NowMilliseconds, Is.EqualTo(Start + 5));
    }

    [Test]
    public void NowMilliseconds_DerivedOutsideCommand_ReadsTheWallClock()
    {
        _steppable.StepWallClock(TimeSpan.FromMilliseconds(9));
        Assert.That(_derived.NowMilliseconds, Is.EqualTo(Start + 9));
    }

    // call() entering a command on the derived clock at the steppable clock's current timestamp.
    private void EnterDerived() => _derived.EnterCommand(_steppable.GetTimestamp());

    // A wall clock and a monotonic timestamp (in nanoseconds, as Stopwatch counts on Linux) that advance together,
    // except that the wall clock can be stepped alone, as settimeofday or an NTP step moves CLOCK_REALTIME only.
    private sealed class SteppableTime(long unixMilliseconds) : TimeProvider
    {
        private DateTimeOffset _wall = DateTimeOffset.FromUnixTimeMilliseconds(unixMilliseconds);
        private long _timestamp = 1_000_000_000;

        public override long TimestampFrequency => 1_000_000_000;

        public override DateTimeOffset GetUtcNow() => _wall;

        public override long GetTimestamp() => _timestamp;

        public void Advance(TimeSpan delta)
        {
            _wall += delta;
            _timestamp += delta.Ticks * 100;
        }

        public void StepWallClock(TimeSpan delta) => _wall += delta;
    }
}
