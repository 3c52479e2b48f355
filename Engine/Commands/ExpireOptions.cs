using Reactor.MiniRedis.Protocol;

namespace Reactor.MiniRedis.Engine.Commands;

/// <summary>
/// The option block shared by SET and GETEX (NX, XX, GET, KEEPTTL, PERSIST, EX/PX/EXAT/PXAT), also built directly
/// by SETEX and PSETEX. Mirrors parseExtendedStringArgumentsOrReply and getExpireMillisecondsOrReply in
/// redis/redis src/t_string.c, including which options exclude each other (a clash is a syntax error) and which
/// may repeat (NX NX, GET GET, and the same expire unit twice, the last value winning).
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

    public enum ExpireUnit
    {
        None,
        Ex,
        Px,
        ExAt,
        PxAt,
    }

    public readonly bool HasExpire => Unit != ExpireUnit.None;

    /// <summary>A relative expire taken from argument <paramref name="valueIndex"/>, as SETEX (seconds) and PSETEX build it.</summary>
    public static ExpireOptions Relative(ExpireUnit unit, int valueIndex) => new() { Unit = unit, ValueIndex = valueIndex };

    /// <summary>
    /// Parses options from argument <paramref name="first"/> on for SET (<see cref="SetCommand"/>) or GETEX
    /// (<see cref="GetExCommand"/>); replies <c>-ERR syntax error</c> and returns false on an unknown option,
    /// a clash, or a unit without a value. The time itself is not parsed here.
    /// </summary>
    public static bool TryParse(CommandContext ctx, int first, int commandType, out ExpireOptions options)
    {
        options = default;
        bool isSet = commandType == SetCommand;
        for (int j = first; j < ctx.ArgCount; j++)
        {
            bool hasNext = j + 1 < ctx.ArgCount;
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
            else if (isSet && ctx.ArgIs(j, "KEEPTTL"u8) && !options.Persist && !options.HasExpire)
            {
                options.KeepTtl = true;
            }
            else if (!isSet && ctx.ArgIs(j, "PERSIST"u8) && !options.KeepTtl && !options.HasExpire)
            {
                options.Persist = true;
            }
            else if (hasNext && !options.KeepTtl && !options.Persist && TryUnit(ctx, j, out ExpireUnit unit)
                && (options.Unit == ExpireUnit.None || options.Unit == unit))
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
    /// getExpireMillisecondsOrReply: the absolute expire time in Unix milliseconds. A non-integer gets
    /// <c>-ERR value is not an integer or out of range</c>; a value that is not positive, or overflows once
    /// converted to milliseconds and made absolute, gets <c>-ERR invalid expire time in 'set' command</c> with the
    /// running command's name.
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
            ctx.Error(ErrorText.InvalidExpireTime(ctx.Command.Name));
            return false;
        }
        if (seconds)
        {
            ms *= 1000;
        }
        if (Unit is ExpireUnit.Ex or ExpireUnit.Px)
        {
            ms = unchecked(ms + ctx.Db.LiveMilliseconds); // mstime(), not the command's fixed time
        }
        if (ms <= 0)
        {
            ctx.Error(ErrorText.InvalidExpireTime(ctx.Command.Name));
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
