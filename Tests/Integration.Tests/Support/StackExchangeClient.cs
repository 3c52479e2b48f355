using StackExchange.Redis;

namespace Reactor.MiniRedis.Integration.Tests.Support;

/// <summary>Connects StackExchange.Redis to the server under test the way the client-library suites need it.</summary>
public static class StackExchangeClient
{
    /// <summary>
    /// Connects with <c>abortConnect=true</c> (so the whole handshake must succeed) and ten-second timeouts, plus
    /// <paramref name="extraOptions"/> (e.g. <c>protocol=resp3</c>); on failure the test fails with the library's log.
    /// </summary>
    public static ConnectionMultiplexer Connect(TestServer server, string extraOptions = "")
    {
        var options = ConfigurationOptions.Parse($"{server.EndPoint},abortConnect=true,connectTimeout=10000,syncTimeout=10000{extraOptions}");
        var log = new StringWriter();
        try
        {
            return ConnectionMultiplexer.Connect(options, log);
        }
        catch (RedisConnectionException e)
        {
            Assert.Fail($"{e.Message}\n{log}");
            throw;
        }
    }
}
