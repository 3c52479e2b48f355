namespace Reactor.MiniRedis.Storage;

/// <summary>
/// A callback about one key of <paramref name="db"/>, given as the bytes it was named with (a span of the request,
/// valid only during the call).
/// </summary>
public delegate void KeyEventHandler(Database db, ReadOnlySpan<byte> key);
