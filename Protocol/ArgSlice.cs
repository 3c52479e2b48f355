namespace Reactor.MiniRedis.Protocol;

/// <summary>
/// One request argument as an (offset, length) slice of the span passed to the decoder.
/// Slices are never copies: the bytes stay in the connection's query buffer.
/// </summary>
public readonly record struct ArgSlice(int Offset, int Length);
