namespace Reactor.MiniRedis.Engine.Embedding;

/// <summary>A snapshot of one client connection of an embedded server (a few of CLIENT LIST's fields).</summary>
/// <param name="Id">The client id (CLIENT ID).</param>
/// <param name="Name">The name set with CLIENT SETNAME, or null.</param>
/// <param name="RemoteAddress">The client's <c>ip:port</c>.</param>
/// <param name="Database">The selected database.</param>
/// <param name="LibraryName">CLIENT SETINFO lib-name (StackExchange.Redis sends <c>SE.Redis</c>), or null.</param>
/// <param name="LastCommand">The last command it ran, in lower case (<c>NULL</c> before the first).</param>
public sealed record MiniRedisClient(long Id, string? Name, string RemoteAddress, int Database, string? LibraryName, string LastCommand);
