namespace Reactor.MiniRedis.Fuzz;

/// <summary>
/// The request decoder broke its contract on some input (a slice outside the buffer, unbounded memory, a result that
/// depends on how the bytes were split). Thrown by <see cref="DecoderCheck"/>, so the fuzzer reports it as a crash.
/// </summary>
public sealed class DecoderContractException(string message) : Exception(message);
