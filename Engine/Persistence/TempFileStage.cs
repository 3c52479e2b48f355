namespace Reactor.MiniRedis.Engine.Persistence;

/// <summary>Where <see cref="TempFileWrite.Run"/> failed: each caller logs its own Redis line for each.</summary>
internal enum TempFileStage
{
    Open,
    Write,
    Sync,
    Rename,
}
