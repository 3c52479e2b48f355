using Reactor.MiniRedis.Protocol;

namespace Reactor.MiniRedis.Engine.Commands;

/// <summary>
/// The option block shared by SET and GETEX: NX, XX, GET, KEEPTTL, PERSIST, EX/PX/EXAT/PXAT.
/// Mirrors parseExtendedStringArgumentsOrReply and getExpireMillisecondsOrReply in redis/redis src/t_string.c,
/// including which options exclude each other (a clash is a syntax error).
/// </summary>
internal struct ExpireOptions
{
    public const int SetCommand = 0;
    public const int GetExCommand = 1;

    public bool Nx;
    public bool Xx;
    public bool Get;
    public bool KeepTtl;
    public bool Persist;
    public ExpireUnit Unit;
    public int ValueIndex; // the argument holding the time, parsed only after every option is accepted
    private string _commandName;

    public enum ExpireUnit
    {
        None,
        Ex,
        Px,
        ExAt,
        PxAt,
    }

    public readonly bool HasExpire => Unit != ExpireUnit.None;

    /// <summary>Parses options from argument <paramref name="first"/> on; replies with the error and returns false when invalid.</summary>
    public static bool TryParse(CommandContext ctx, int first, int commandType, out ExpireOptions options)
    {
        options = default;
        options._commandName = commandType == SetCommand ? "set" : "getex";
        bool isSet = commandType == SetCommand;
        for (int j = first; j < ctx.ArgCount; j++)
        {
            bool hasNext = j + 1 < ctx.ArgCount;
            bool anyExpire = options.Unit != ExpireUnit.None;
            if (isSet && ctx.ArgIs(j, "NX"u8) && !options.Xx)
            {
                options.Nx = true;
            }
            else if (isSet && ctx.ArgIs(j, "XX"u8) && !options.Nx)
            {
                options.Xx = true;
            }
            else if (isSet && ctx.ArgIs(j, "GET"u8))
            {
                options.Get = true;
            }
            else if (isSet && ctx.ArgIs(j, "KEEPTTL"u8) && !options.Persist && !anyExpire)
            {
                options.KeepTtl = true;
            }
            else if (!isSet && ctx.ArgIs(j, "PERSIST"u8) && !options.KeepTtl && !anyExpire)
            {
                options.Persist = true;
            }
            else if (hasNext && !options.KeepTtl && !options.Persist && !anyExpire && TryUnit(ctx, j, out ExpireUnit unit))
            {
                options.Unit = unit;
                options.ValueIndex = ++j;
            }
            else
            {
                ctx.SyntaxError();
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// The absolute expire time in Unix milliseconds. A non-integer gets <c>-ERR value is not an integer or out of
    /// range</c>; non-positive values and values that overflow once converted get
    /// <c>-ERR invalid expire time in 'set' command</c>.
    /// </summary>
    public readonly bool TryGetAbsoluteMilliseconds(CommandContext ctx, out long unixMilliseconds)
    {
        unixMilliseconds = 0;
        if (!ctx.TryGetInt64(ValueIndex, out long ms))
        {
            return false;
        }
        bool seconds = Unit is ExpireUnit.Ex or ExpireUnit.ExAt;
        if (ms <= 0 || (seconds && ms > long.MaxValue / 1000))
        {
            ctx.Error(ErrorText.InvalidExpireTime(_commandName));
            return false;
        }
        if (seconds)
        {
            ms *= 1000;
        }
        if (Unit is ExpireUnit.Ex or ExpireUnit.Px)
        {
            ms = unchecked(ms + ctx.Db.NowMilliseconds);
        }
        if (ms <= 0)
        {
            ctx.Error(ErrorText.InvalidExpireTime(_commandName));
            return false;
        }
        unixMilliseconds = ms;
        return true;
    }

    private static bool TryUnit(CommandContext ctx, int index, out ExpireUnit unit)
    {
        unit = ctx.ArgIs(index, "EX"u8) ? ExpireUnit.Ex
            : ctx.ArgIs(index, "PX"u8) ? ExpireUnit.Px
            : ctx.ArgIs(index, "EXAT"u8) ? ExpireUnit.ExAt
            : ctx.ArgIs(index, "PXAT"u8) ? ExpireUnit.PxAt
            : ExpireUnit.None;
        return unit != ExpireUnit.None;
    }
}
