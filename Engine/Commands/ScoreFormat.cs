using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Engine.Commands;

/// <summary>
/// Sorted-set scores as Redis 7.0 replies with them (addReplyDouble in redis/redis src/networking.c): C's
/// <c>printf("%.17g")</c>, with infinities written <c>inf</c> and <c>-inf</c>. So 1 is <c>1</c>, 1.5 is <c>1.5</c>,
/// 0.1 is <c>0.10000000000000001</c>, 1e20 is <c>1e+20</c>, 1e-5 is <c>1.0000000000000001e-05</c> and -0 is
/// <c>-0</c>. (Redis 7.2 switched to the shortest round-trip form; 7.0 is the behaviour we match.)
/// </summary>
internal static class ScoreFormat
{
    /// <summary>The longest text a score formats to (e.g. <c>-2.2250738585072014e-308</c>), rounded up.</summary>
    public const int MaxLength = ScoreText.MaxLength;

    /// <summary>
    /// addReplyDouble: replies with <paramref name="score"/>, a bulk string in RESP2 and a double (<c>,1.5</c>) in
    /// RESP3, formatted without allocating.
    /// </summary>
    public static void WriteScore(CommandContext ctx, double score)
    {
        Span<byte> text = stackalloc byte[MaxLength];
        ctx.Reply.WriteDouble(text[..Format(score, text)]);
    }

    /// <summary>
    /// Formats <paramref name="value"/> like <c>%.17g</c> into <paramref name="destination"/> (at least
    /// <see cref="MaxLength"/> bytes) and returns the length (<see cref="ScoreText.Format"/>).
    /// </summary>
    public static int Format(double value, Span<byte> destination) => ScoreText.Format(value, destination);
}
