using Reactor.MiniRedis.Engine.Embedding;
using StackExchange.Redis;

namespace Reactor.MiniRedis.Package.Tests;

// The README's NUnit sample, verbatim below this line: keep the two the same.
[TestFixture]
public class CartTests
{
    private MiniRedisServer _server = null!;
    private ConnectionMultiplexer _redis = null!;

    [OneTimeSetUp]
    public async Task StartRedis()
    {
        _server = await MiniRedisServer.StartAsync();
        _redis = await ConnectionMultiplexer.ConnectAsync(_server.ConnectionString);
    }

    [OneTimeTearDown]
    public async Task StopRedis()
    {
        await _redis.DisposeAsync();
        await _server.DisposeAsync();
    }

    [SetUp]
    public Task ResetRedis() => _server.ResetAsync();

    [Test]
    public async Task Cart_AfterThirtyMinutes_HasExpired()
    {
        IDatabase db = _redis.GetDatabase();
        await db.StringSetAsync("cart:42", "3 items", TimeSpan.FromMinutes(30));

        await _server.Clock.AdvanceAsync(TimeSpan.FromMinutes(31));

        Assert.That(await db.KeyExistsAsync("cart:42"), Is.False);
    }

    [Test]
    public async Task Cart_Save_SendsOneSetexWithTheTtl()
    {
        await _redis.GetDatabase().StringSetAsync("cart:7", "1 item", TimeSpan.FromMinutes(30));

        var writes = (await _server.GetCommandLogAsync()).Where(c => c.Name.StartsWith("SET")).ToList();

        Assert.That(writes.Single().Arguments, Is.EqualTo(new[] { "SETEX", "cart:7", "1800", "1 item" }));
    }

    [Test]
    public async Task Cart_WhileRedisIsLoading_Throws()
    {
        await _server.Faults.ReplyLoadingAsync(count: 1, "GET");

        Assert.That(async () => await _redis.GetDatabase().StringGetAsync("cart:42"),
            Throws.TypeOf<RedisServerException>().With.Message.StartsWith("LOADING"));
    }
}
