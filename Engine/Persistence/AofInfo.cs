namespace Reactor.MiniRedis.Engine.Persistence;

/// <summary>One line of the AOF manifest (aofInfo in redis/redis src/aof.c): a file in <c>appenddirname</c>, its sequence number and its type.</summary>
public sealed record AofInfo(string FileName, long Seq, AofFileType Type);
