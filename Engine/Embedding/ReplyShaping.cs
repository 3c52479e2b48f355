namespace Reactor.MiniRedis.Engine.Embedding;

/// <summary>How an embedded server's fault injection currently shapes one client's replies.</summary>
internal sealed class ReplyShaping
{
    /// <summary>No byte goes out before this <see cref="System.Diagnostics.Stopwatch"/> timestamp.</summary>
    public long NotBefore { get; set; }

    /// <summary>The largest piece one write sends (0: no splitting).</summary>
    public int ChunkSize { get; set; }

    /// <summary>The pause between two pieces, in Stopwatch ticks.</summary>
    public long PauseTicks { get; set; }

    /// <summary>True while a timer will write the held bytes, so holding again schedules nothing more.</summary>
    public bool WriteScheduled { get; set; }
}
