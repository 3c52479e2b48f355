using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using Reactor.MiniRedis.Engine.Reactor;

namespace Reactor.MiniRedis.Engine.Tests;

/// <summary>The loop stepped one iteration at a time over a substituted poller and a fake clock.</summary>
public sealed class EventLoopTests
{
    private IPoller _poller = null!;
    private FakeTimeProvider _time = null!;
    private EventLoop _loop = null!;
    private Socket _socketA = null!;
    private Socket _socketB = null!;

    [SetUp]
    public void SetUp()
    {
        _poller = Substitute.For<IPoller>();
        _time = new FakeTimeProvider();
        _loop = new EventLoop(_poller, _time);
        _socketA = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _socketB = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    }

    [TearDown]
    public void TearDown()
    {
        _loop.Dispose(); // disposes the poller too
        _poller.Dispose();
        _socketA.Dispose();
        _socketB.Dispose();
    }

    /// <summary>Makes the next Wait report <paramref name="ready"/>.</summary>
    private void NextWaitReturns(params ReadyEvent[] ready) =>
        _poller.Wait(Arg.Any<int>(), Arg.Any<ReadyEvent[]>()).Returns(call =>
        {
            ready.CopyTo((ReadyEvent[])call[1], 0);
            return ready.Length;
        });

    [Test]
    public void Register_AddsSocketToPollerWithInterest()
    {
        int token = _loop.Register(_socketA, Substitute.For<IFileEventHandler>(), Interest.Readable);
        _poller.Received(1).Add(_socketA, token, Interest.Readable);
    }

    [Test]
    public void ProcessEvents_ReadableAndWritable_ReadsBeforeWrites()
    {
        var order = new List<string>();
        var handler = Substitute.For<IFileEventHandler>();
        handler.When(h => h.OnReadable()).Do(_ => order.Add("read"));
        handler.When(h => h.OnWritable()).Do(_ => order.Add("write"));
        int token = _loop.Register(_socketA, handler, Interest.Readable | Interest.Writable);
        NextWaitReturns(new ReadyEvent(token, Interest.Readable | Interest.Writable));

        _loop.ProcessEvents();

        Assert.That(order, Is.EqualTo(new[] { "read", "write" }));
    }

    [Test]
    public void ProcessEvents_WritableWithoutWriteInterest_DoesNotCallOnWritable()
    {
        var handler = Substitute.For<IFileEventHandler>();
        int token = _loop.Register(_socketA, handler, Interest.Readable);
        NextWaitReturns(new ReadyEvent(token, Interest.Readable | Interest.Writable)); // e.g. EPOLLHUP

        _loop.ProcessEvents();

        handler.Received(1).OnReadable();
        handler.DidNotReceive().OnWritable();
    }

    [Test]
    public void ProcessEvents_HandlerUnregistersLaterSocket_LaterEventIsDropped()
    {
        var second = Substitute.For<IFileEventHandler>();
        int secondToken = _loop.Register(_socketB, second, Interest.Readable);
        var first = Substitute.For<IFileEventHandler>();
        first.When(h => h.OnReadable()).Do(_ => _loop.Unregister(secondToken));
        int firstToken = _loop.Register(_socketA, first, Interest.Readable);
        NextWaitReturns(new ReadyEvent(firstToken, Interest.Readable), new ReadyEvent(secondToken, Interest.Readable));

        _loop.ProcessEvents();

        second.DidNotReceive().OnReadable();
        _poller.Received(1).Remove(_socketB);
    }

    [Test]
    public void SetInterest_Unchanged_MakesNoPollerCall()
    {
        int token = _loop.Register(_socketA, Substitute.For<IFileEventHandler>(), Interest.Readable);
        _loop.SetInterest(token, Interest.Readable);
        _poller.DidNotReceiveWithAnyArgs().Modify(default!, default, default);
    }

    [Test]
    public void SetInterest_Changed_ModifiesPollerRegistration()
    {
        int token = _loop.Register(_socketA, Substitute.For<IFileEventHandler>(), Interest.Readable);
        _loop.SetInterest(token, Interest.Readable | Interest.Writable);
        _poller.Received(1).Modify(_socketA, token, Interest.Readable | Interest.Writable);
    }

    [Test]
    public void ProcessEvents_WaitTimeout_IsTimeUntilNearestTimer()
    {
        _loop.CreateTimeEvent(40, () => 40);
        _loop.ProcessEvents();
        _poller.Received(1).Wait(40, Arg.Any<ReadyEvent[]>());
    }

    [Test]
    public void TimeEvent_Due_RunsAndReschedulesWithReturnedDelay()
    {
        int runs = 0;
        _loop.CreateTimeEvent(100, () => { runs++; return 100; });

        _loop.ProcessEvents();               // not due yet
        _time.Advance(TimeSpan.FromMilliseconds(100));
        _loop.ProcessEvents();               // due: runs once
        _loop.ProcessEvents();               // rescheduled 100 ms later: not due
        _time.Advance(TimeSpan.FromMilliseconds(100));
        _loop.ProcessEvents();

        Assert.That(runs, Is.EqualTo(2));
    }

    [Test]
    public void TimeEvent_ReturnsNegative_IsRemoved()
    {
        int runs = 0;
        _loop.CreateTimeEvent(0, () => { runs++; return -1; });
        _loop.ProcessEvents();
        _time.Advance(TimeSpan.FromSeconds(1));
        _loop.ProcessEvents();
        Assert.That(runs, Is.EqualTo(1));
    }

    [Test]
    public void Post_FromAnotherThread_RunsOnNextIterationBeforeWaiting()
    {
        bool ran = false;
        var poster = new Thread(() => _loop.Post(() => ran = true));
        poster.Start();
        poster.Join();

        _loop.ProcessEvents();

        Assert.That(ran, Is.True);
    }

    [Test]
    public void ProcessEvents_BeforeSleep_RunsBeforeWait()
    {
        var order = new List<string>();
        _loop.BeforeSleep = () => order.Add("beforeSleep");
        _poller.Wait(Arg.Any<int>(), Arg.Any<ReadyEvent[]>()).Returns(_ => { order.Add("wait"); return 0; });

        _loop.ProcessEvents();

        Assert.That(order, Is.EqualTo(new[] { "beforeSleep", "wait" }));
    }

    [Test]
    public void Run_AfterStop_Returns()
    {
        _loop.Stop();
        Assert.That(() => _loop.Run(), Throws.Nothing);
    }
}
