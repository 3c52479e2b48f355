using Reactor.MiniRedis.Engine.Embedding;
using Reactor.MiniRedis.Integration.Tests.Support;
using StackExchange.Redis;

namespace Reactor.MiniRedis.Package.Tests;

/// <summary>The command log: what the application sent, in order, with the sender and its database.</summary>
public sealed class CommandLogTests
{
    [Test]
    public async Task GetCommandLogAsync_StackExchangeRedisSet_RecordsArgumentsAndSender()
    {
        await using MiniRedisServer server = await MiniRedisServer.StartAsync();
        await using ConnectionMultiplexer redis = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString + ",name=orders-app");

        await redis.GetDatabase(2).StringSetAsync("order:1", "paid");

        MiniRedisCommand set = (await server.GetCommandLogAsync()).Single(c => c.Name == "SET");
        Assert.Multiple(() =>
        {
            Assert.That(set.Arguments, Is.EqualTo(new[] { "SET", "order:1", "paid" }));
            Assert.That(set.Database, Is.EqualTo(2));
            Assert.That(set.ClientName, Is.EqualTo("orders-app"));
        });
    }

    [Test]
    public async Task GetCommandLogAsync_PipelineWithUnknownCommand_RecordsEveryRequestInOrder()
    {
        await using MiniRedisServer server = await MiniRedisServer.StartAsync();
        using RawClient client = RawClient.Connect("127.0.0.1", server.Port);
        client.Send([.. RawClient.Encode("SET", "a", "1"), .. RawClient.Encode("NOPE", "x"), .. RawClient.Encode("GET", "a")]);
        client.ReadReplies(3);

        IReadOnlyList<MiniRedisCommand> log = await server.GetCommandLogAsync();

        Assert.That(log.Select(c => c.ToString()), Is.EqualTo(new[] { "\"SET\" \"a\" \"1\"", "\"NOPE\" \"x\"", "\"GET\" \"a\"" }));
    }

    [Test]
    public async Task ToString_BinaryArgument_EscapesLikeMonitor()
    {
        await using MiniRedisServer server = await MiniRedisServer.StartAsync();
        using RawClient client = RawClient.Connect("127.0.0.1", server.Port);
        client.Execute("SET", "k\"\\", "a\r\n\u0001");

        MiniRedisCommand set = (await server.GetCommandLogAsync()).Single();

        Assert.Multiple(() =>
        {
            Assert.That(set.ToString(), Is.EqualTo("\"SET\" \"k\\\"\\\\\" \"a\\r\\n\\x01\""));
            Assert.That(set.RawArguments[2].ToArray(), Is.EqualTo(new byte[] { (byte)'a', 13, 10, 1 }));
        });
    }

    [Test]
    public async Task CommandLogCapacity_Three_KeepsTheLatestThree()
    {
        await using MiniRedisServer server = await MiniRedisServer.StartAsync(new MiniRedisServerOptions { CommandLogCapacity = 3 });
        using RawClient client = RawClient.Connect("127.0.0.1", server.Port);
        for (int i = 1; i <= 5; i++)
        {
            client.Execute("ECHO", i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        IReadOnlyList<MiniRedisCommand> log = await server.GetCommandLogAsync();

        Assert.That(log.Select(c => c.Arguments[1]), Is.EqualTo(new[] { "3", "4", "5" }));
    }

    [Test]
    public async Task CommandLogCapacity_Zero_RecordsNothing()
    {
        await using MiniRedisServer server = await MiniRedisServer.StartAsync(new MiniRedisServerOptions { CommandLogCapacity = 0 });
        using RawClient client = RawClient.Connect("127.0.0.1", server.Port);
        client.Execute("PING");

        Assert.That(await server.GetCommandLogAsync(), Is.Empty);
    }

    [Test]
    public async Task ClearCommandLogAsync_AfterCommands_LeavesOnlyLaterOnes()
    {
        await using MiniRedisServer server = await MiniRedisServer.StartAsync();
        using RawClient client = RawClient.Connect("127.0.0.1", server.Port);
        client.Execute("PING");

        await server.ClearCommandLogAsync();
        client.Execute("ECHO", "after");

        Assert.That((await server.GetCommandLogAsync()).Select(c => c.Name), Is.EqualTo(new[] { "ECHO" }));
    }

    [Test]
    public async Task FlushAllAsync_FromTheTest_IsNotLogged()
    {
        await using MiniRedisServer server = await MiniRedisServer.StartAsync();

        await server.FlushAllAsync();

        Assert.That(await server.GetCommandLogAsync(), Is.Empty);
    }
}
