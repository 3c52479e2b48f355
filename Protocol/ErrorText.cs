namespace Reactor.MiniRedis.Protocol;

/// <summary>
/// Redis's error replies, byte for byte (without the leading '-' and the CRLF, which the writer adds).
/// Taken from redis/redis src/server.c (shared.* objects), src/networking.c and src/object.c.
/// Retyped text drifts, so every handler takes its errors from here.
/// </summary>
public static class ErrorText
{
    public static ReadOnlySpan<byte> Syntax => "ERR syntax error"u8;
    public static ReadOnlySpan<byte> WrongType => "WRONGTYPE Operation against a key holding the wrong kind of value"u8;
    public static ReadOnlySpan<byte> NotInteger => "ERR value is not an integer or out of range"u8;
    public static ReadOnlySpan<byte> NotFloat => "ERR value is not a valid float"u8;
    public static ReadOnlySpan<byte> Overflow => "ERR increment or decrement would overflow"u8;
    public static ReadOnlySpan<byte> IncrFloatNaNOrInfinity => "ERR increment would produce NaN or Infinity"u8;
    public static ReadOnlySpan<byte> NoSuchKey => "ERR no such key"u8;
    public static ReadOnlySpan<byte> OutOfRange => "ERR index out of range"u8;
    public static ReadOnlySpan<byte> DbIndexOutOfRange => "ERR DB index is out of range"u8;
    public static ReadOnlySpan<byte> InvalidDbIndex => "ERR invalid DB index"u8;
    public static ReadOnlySpan<byte> StringTooLong => "ERR string exceeds maximum allowed size (proto-max-bulk-len)"u8;
    public static ReadOnlySpan<byte> OffsetOutOfRange => "ERR offset is out of range"u8;
    public static ReadOnlySpan<byte> NoProto => "NOPROTO unsupported protocol version"u8;
    public static ReadOnlySpan<byte> ProtocolVersionNotInteger => "ERR Protocol version is not an integer or out of range"u8;
    public static ReadOnlySpan<byte> MustBePositive => "ERR value is out of range, must be positive"u8;
    public static ReadOnlySpan<byte> TimeoutNegative => "ERR timeout is negative"u8;

    // ---- strings and keys ----
    public static ReadOnlySpan<byte> DecrementOverflow => "ERR decrement would overflow"u8;
    public static ReadOnlySpan<byte> ExpireNxConflict => "ERR NX and XX, GT or LT options at the same time are not compatible"u8;
    public static ReadOnlySpan<byte> ExpireGtLtConflict => "ERR GT and LT options at the same time are not compatible"u8;

    /// <summary>
    /// <c>ERR Unsupported option x</c> from parseExtendedExpireArgumentsOrReply; the option is printed as a C string,
    /// so it stops at the first NUL byte.
    /// </summary>
    public static byte[] UnsupportedOption(ReadOnlySpan<byte> option)
    {
        int nul = option.IndexOf((byte)0);
        ReadOnlySpan<byte> shown = nul < 0 ? option : option[..nul];
        return [.. "ERR Unsupported option "u8, .. shown];
    }

    // ---- lists, sets, hashes, sorted sets ----
    public static ReadOnlySpan<byte> ZAddXxAndNx => "ERR XX and NX options at the same time are not compatible"u8;
    public static ReadOnlySpan<byte> ZAddGtLtNx => "ERR GT, LT, and/or NX options at the same time are not compatible"u8;
    public static ReadOnlySpan<byte> ZAddIncrSinglePair => "ERR INCR option supports a single increment-element pair"u8;
    public static ReadOnlySpan<byte> ScoreNaN => "ERR resulting score is not a number (NaN)"u8;

    // ---- server, connection, client, config ----

    /// <summary>The <c>-ERR Protocol error: ...</c> text for a decoder failure (the unexpected byte is used by ExpectedDollar).</summary>
    public static string ForProtocolError(ProtocolErrorKind kind, byte unexpected) => kind switch
    {
        ProtocolErrorKind.InvalidMultibulkLength => "ERR Protocol error: invalid multibulk length",
        ProtocolErrorKind.InvalidBulkLength => "ERR Protocol error: invalid bulk length",
        ProtocolErrorKind.ExpectedDollar => "ERR Protocol error: expected '$', got '" + (char)unexpected + "'",
        ProtocolErrorKind.TooBigMultibulkCount => "ERR Protocol error: too big mbulk count string",
        ProtocolErrorKind.TooBigBulkCount => "ERR Protocol error: too big bulk count string",
        ProtocolErrorKind.TooBigInlineRequest => "ERR Protocol error: too big inline request",
        ProtocolErrorKind.UnbalancedQuotes => "ERR Protocol error: unbalanced quotes in request",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary><c>ERR wrong number of arguments for 'get' command</c>; <paramref name="fullName"/> is lower case, e.g. <c>config|get</c>.</summary>
    public static string WrongArity(string fullName) => $"ERR wrong number of arguments for '{fullName}' command";

    /// <summary><c>ERR invalid expire time in 'set' command</c>.</summary>
    public static string InvalidExpireTime(string command) => $"ERR invalid expire time in '{command}' command";

    /// <summary>
    /// The unknown-command error of processCommand in redis/redis src/server.c: the name cut at 128 bytes, then each
    /// argument quoted and followed by a space, stopping once the preview reaches 128 bytes.
    /// </summary>
    public static byte[] UnknownCommand(ReadOnlySpan<byte> name, ReadOnlySpan<ArgSlice> args, ReadOnlySpan<byte> buffer)
    {
        var text = new List<byte>(64 + name.Length);
        text.AddRange("ERR unknown command '"u8);
        text.AddRange(name[..Math.Min(name.Length, 128)]);
        text.AddRange("', with args beginning with: "u8);
        int previewLength = 0;
        for (int i = 1; i < args.Length && previewLength < 128; i++)
        {
            var arg = buffer.Slice(args[i].Offset, args[i].Length);
            arg = arg[..Math.Min(arg.Length, 128 - previewLength)];
            text.Add((byte)'\'');
            text.AddRange(arg);
            text.AddRange("' "u8);
            previewLength += arg.Length + 3;
        }
        return [.. text];
    }

    /// <summary><c>ERR unknown subcommand 'x'. Try CONFIG HELP.</c></summary>
    public static byte[] UnknownSubcommand(ReadOnlySpan<byte> subcommand, string containerUpper)
    {
        var text = new List<byte>(64);
        text.AddRange("ERR unknown subcommand '"u8);
        text.AddRange(subcommand[..Math.Min(subcommand.Length, 128)]);
        text.AddRange(System.Text.Encoding.ASCII.GetBytes($"'. Try {containerUpper} HELP."));
        return [.. text];
    }
}
