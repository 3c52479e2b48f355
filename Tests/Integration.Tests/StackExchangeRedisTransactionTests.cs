using Reactor.MiniRedis.Engine.Reactor;
using Reactor.MiniRedis.Integration.Tests.Support;
using StackExchange.Redis;

namespace Reactor.MiniRedis.Integration.Tests;

/// <summary>
/// StackExchange.Redis transactions (<see cref="ITransaction"/>): the library sends WATCH for each condition's key,
/// checks the conditions, then MULTI ... EXEC, and reports false when a condition failed or EXEC replied the null
/// array because a watched key changed.
/// </summary>
[TestFixture(IoBackend.Epoll)]
[TestFixture(IoBackend.Select)]
public sealed class StackExchangeRedisTransactionTests(IoBackend backend) : ServerTests(backend)
{
    private ConnectionMultiplexer _first = null!;
    private ConnectionMultiplexer _second = null!;

    [OneTimeSetUp]
    public void ConnectClients()
    {
        var options = ConfigurationOptions.Parse($"{Server.EndPoint},abortConnect=true,connectTimeout=10000,syncTimeout=10000");
        _first = ConnectionMultiplexer.Connect(options);
        _second = ConnectionMultiplexer.Connect(options);
    }

    [OneTimeTearDown]
    public void DisconnectClients()
    {
        _first?.Dispose();
        _second?.Dispose();
    }

    [Test]
    public void Transaction_ConditionHolds_CommitsEveryCommand()
    {
        IDatabase db = _first.GetDatabase();
        string key = UniqueKey(), other = UniqueKey("other");
        db.StringSet(key, "1");
        ITransaction transaction = db.CreateTransaction();
        transaction.AddCondition(Condition.StringEqual(key, "1"));
        Task<bool> set = transaction.StringSetAsync(key, "2");
        Task<long> push = transaction.ListRightPushAsync(other, "x");
        Assert.That(transaction.Execute(), Is.True);
        Assert.That((set.Result, push.Result, db.StringGet(key).ToString()), Is.EqualTo((true, 1L, "2")));
    }

    [Test]
    public void Transaction_KeyChangedByAnotherConnection_ConditionFailsAndNothingIsWritten()
    {
        IDatabase mine = _first.GetDatabase(), theirs = _second.GetDatabase();
        string key = UniqueKey(), other = UniqueKey("other");
        mine.StringSet(key, "1");
        string seen = mine.StringGet(key)!;
        theirs.StringSet(key, "changed");
        ITransaction transaction = mine.CreateTransaction();
        transaction.AddCondition(Condition.StringEqual(key, seen));
        _ = transaction.StringSetAsync(other, "written");
        Assert.That(transaction.Execute(), Is.False);
        Assert.That(mine.KeyExists(other), Is.False);
    }

    [Test]
    public void Transaction_KeyCreatedByAnotherConnection_KeyNotExistsConditionFails()
    {
        IDatabase mine = _first.GetDatabase(), theirs = _second.GetDatabase();
        string key = UniqueKey(), other = UniqueKey("other");
        theirs.StringSet(key, "theirs");
        ITransaction transaction = mine.CreateTransaction();
        transaction.AddCondition(Condition.KeyNotExists(key));
        _ = transaction.ListRightPushAsync(other, "mine");
        Assert.That(transaction.Execute(), Is.False);
        Assert.That(mine.KeyExists(other), Is.False);
    }

    [Test]
    public void Transaction_OptimisticIncrementsRacing_LoseNoUpdate()
    {
        // Check-and-set increments from two connections at once: a transaction whose watched key was changed by
        // the other connection between its WATCH and its EXEC fails (EXEC's null array) and is retried.
        string key = UniqueKey();
        _first.GetDatabase().StringSet(key, 0);
        const int perConnection = 100;
        int retries = 0;
        void Increment(IDatabase db)
        {
            for (int done = 0; done < perConnection;)
            {
                long value = (long)db.StringGet(key);
                ITransaction transaction = db.CreateTransaction();
                transaction.AddCondition(Condition.StringEqual(key, value));
                _ = transaction.StringSetAsync(key, value + 1);
                if (transaction.Execute())
                {
                    done++;
                }
                else
                {
                    Interlocked.Increment(ref retries);
                }
            }
        }
        Task first = Task.Run(() => Increment(_first.GetDatabase()));
        Task second = Task.Run(() => Increment(_second.GetDatabase()));
        Assert.That(Task.WaitAll([first, second], TimeSpan.FromSeconds(60)), Is.True);
        Assert.That((long)_first.GetDatabase().StringGet(key), Is.EqualTo(2 * perConnection), $"{retries} retries");
    }
}
