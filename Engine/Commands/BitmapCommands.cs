using Reactor.MiniRedis.Engine.PubSub;
using Reactor.MiniRedis.Protocol;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Engine.Commands;

/// <summary>
/// The bitmap commands, which treat a string value as an array of bits (redis/redis src/bitops.c). The bit
/// algorithms live in <see cref="Bitmaps"/>; these handlers parse arguments with Redis's rules and order, look keys
/// up and reply. A write edits the string in place, turning it into raw bytes first, as Redis's
/// dbUnshareStringValue does, so OBJECT ENCODING reports <c>raw</c> afterwards.
/// </summary>
public static class BitmapCommands
{
    /// <summary>Bytes an int-encoded value can format to.</summary>
    private const int IntegerScratch = 20;

    private enum BitfieldOpcode
    {
        Get,
        Set,
        IncrBy,
    }

    private enum BitfieldStep
    {
        Operation,
        End,
        Failed,
    }

    /// <summary>SETBIT key offset value</summary>
    /// <remarks>
    /// Mirrors setbitCommand: the offset is checked (0 to proto-max-bulk-len × 8 − 1), then the bit, which must be 0
    /// or 1; the string is created or zero-padded up to the offset. Replies the bit's old value.
    /// </remarks>
    public static void SetBit(CommandContext ctx)
    {
        if (!TryGetBitOffset(ctx, 2, bits: 0, WriteLimit(ctx), out long offset))
        {
            return;
        }
        if (!NumericText.TryParseInt64(ctx.Arg(3), out long on) || (on & ~1L) != 0)
        {
            ctx.Error(ErrorText.BitValueOutOfRange);
            return;
        }
        if (!TryLookupStringForBitWrite(ctx, offset, out Span<byte> bytes, out bool dirty))
        {
            return;
        }
        bool previous = Bitmaps.SetBit(bytes, offset, on == 1);
        // Only a real change counts: a new or grown string, or a bit that flipped.
        if (dirty || previous != (on == 1))
        {
            ctx.SignalModifiedKey(ctx.Arg(1));
            ctx.Notify(NotifyFlags.String, "setbit"u8, ctx.Arg(1));
            ctx.MarkDirty();
        }
        ctx.Reply.WriteInteger(previous ? 1 : 0);
    }

    /// <summary>GETBIT key offset</summary>
    /// <remarks>Mirrors getbitCommand: the offset is checked before the lookup; bits past the end, or of a missing key, are 0.</remarks>
    public static void GetBit(CommandContext ctx)
    {
        if (!TryGetBitOffset(ctx, 2, bits: 0, ctx.Server.Config.Limits.MaxBulkLength, out long offset) ||
            !TryLookupReadString(ctx, 0, out RedisString? value))
        {
            return;
        }
        Span<byte> scratch = stackalloc byte[IntegerScratch];
        ctx.Reply.WriteInteger(Bitmaps.GetBit(value!.GetBytes(scratch), offset) ? 1 : 0);
    }

    /// <summary>BITCOUNT key [start end [BYTE | BIT]]</summary>
    /// <remarks>
    /// Mirrors bitcountCommand in Redis 7.0: the key is looked up first (a missing key replies 0 whatever the other
    /// arguments), then the range is parsed. Negative indexes count from the end and are clamped to the string; an
    /// empty range counts 0. A start without an end, or a unit other than BYTE or BIT, is a syntax error.
    /// </remarks>
    public static void BitCount(CommandContext ctx)
    {
        if (!TryLookupReadString(ctx, 0, out RedisString? value))
        {
            return;
        }
        Span<byte> scratch = stackalloc byte[IntegerScratch];
        ReadOnlySpan<byte> bytes = value!.GetBytes(scratch);
        long start = 0, end = bytes.Length - 1;
        bool bitUnit = false;
        if (ctx.ArgCount is 4 or 5)
        {
            if (!ctx.TryGetInt64(2, out start) || !ctx.TryGetInt64(3, out end))
            {
                return;
            }
            // Redis answers an empty negative range before it looks at the unit, so even a bad unit gets 0.
            if (start < 0 && end < 0 && start > end)
            {
                ctx.Reply.WriteInteger(0);
                return;
            }
            if (ctx.ArgCount == 5 && !TryGetIndexUnit(ctx, 4, out bitUnit))
            {
                return;
            }
            long total = bitUnit ? bytes.Length * 8L : bytes.Length;
            StringRange.Clamp(ref start, ref end, total);
        }
        else if (ctx.ArgCount != 2)
        {
            ctx.SyntaxError();
            return;
        }
        if (start > end)
        {
            ctx.Reply.WriteInteger(0);
            return;
        }
        ctx.Reply.WriteInteger(bitUnit ? Bitmaps.PopCount(bytes, start, end) : Bitmaps.PopCount(bytes[(int)start..(int)(end + 1)]));
    }

    /// <summary>BITPOS key bit [start [end [BYTE | BIT]]]</summary>
    /// <remarks>
    /// Mirrors bitposCommand in Redis 7.0. The bit argument is checked first; a missing key is an endless run of
    /// zeros (0 for bit 0, -1 for bit 1); then the range is parsed (start, then the unit, then end). A string is
    /// zero-padded on the right, so looking for a 0 with no end given finds the first bit past the string when the
    /// range holds only ones; with an explicit end, or when looking for a 1, no match is -1, as is an empty range.
    /// </remarks>
    public static void BitPos(CommandContext ctx)
    {
        if (!ctx.TryGetInt64(2, out long bit))
        {
            return;
        }
        if (bit is not (0 or 1))
        {
            ctx.Error(ErrorText.BitPosBitArgument);
            return;
        }
        if (!TryLookupReadString(ctx, bit == 1 ? -1 : 0, out RedisString? value))
        {
            return;
        }
        Span<byte> scratch = stackalloc byte[IntegerScratch];
        ReadOnlySpan<byte> bytes = value!.GetBytes(scratch);
        long start = 0, end = bytes.Length - 1;
        bool bitUnit = false, endGiven = false;
        if (ctx.ArgCount is 4 or 5 or 6)
        {
            if (!ctx.TryGetInt64(3, out start) || (ctx.ArgCount == 6 && !TryGetIndexUnit(ctx, 5, out bitUnit)))
            {
                return;
            }
            if (ctx.ArgCount >= 5)
            {
                if (!ctx.TryGetInt64(4, out end))
                {
                    return;
                }
                endGiven = true;
            }
            StringRange.Clamp(ref start, ref end, bitUnit ? bytes.Length * 8L : bytes.Length);
        }
        else if (ctx.ArgCount != 3)
        {
            ctx.SyntaxError();
            return;
        }
        if (start > end)
        {
            ctx.Reply.WriteInteger(-1);
            return;
        }
        long startBit = bitUnit ? start : start * 8, endBit = bitUnit ? end : (end * 8) + 7;
        long position = Bitmaps.BitPos(bytes, startBit, endBit, bit == 1);
        if (position < 0 && bit == 0 && !endGiven)
        {
            position = ((endBit >> 3) + 1) * 8;
        }
        ctx.Reply.WriteInteger(position);
    }

    /// <summary>BITOP AND | OR | XOR | NOT destkey key [key ...]</summary>
    /// <remarks>
    /// Mirrors bitopCommand: missing sources are empty strings, shorter sources are zero-padded to the longest, and
    /// the result (as long as the longest source) replaces the destination as a raw string, dropping its time to
    /// live; when every source is empty the destination is deleted instead. Replies the result's length.
    /// </remarks>
    public static void BitOp(CommandContext ctx)
    {
        BitOperation operation;
        if (ctx.ArgIs(1, "and"u8))
        {
            operation = BitOperation.And;
        }
        else if (ctx.ArgIs(1, "or"u8))
        {
            operation = BitOperation.Or;
        }
        else if (ctx.ArgIs(1, "xor"u8))
        {
            operation = BitOperation.Xor;
        }
        else if (ctx.ArgIs(1, "not"u8))
        {
            operation = BitOperation.Not;
        }
        else
        {
            ctx.SyntaxError();
            return;
        }
        if (operation == BitOperation.Not && ctx.ArgCount != 4)
        {
            ctx.Error(ErrorText.BitOpNotSingleSource);
            return;
        }
        var sources = new RedisString?[ctx.ArgCount - 3];
        int length = 0;
        for (int j = 0; j < sources.Length; j++)
        {
            if (ctx.LookupRead(ctx.Arg(j + 3), out sources[j]) == LookupStatus.WrongType)
            {
                ctx.WrongType();
                return;
            }
            length = Math.Max(length, sources[j]?.Length ?? 0);
        }
        ReadOnlySpan<byte> destination = ctx.Arg(2);
        if (length > 0)
        {
            RedisString result = RedisString.FromZeroes(length);
            Span<byte> target = result.GrowZero(length);
            Span<byte> scratch = stackalloc byte[IntegerScratch];
            for (int j = 0; j < sources.Length; j++)
            {
                ReadOnlySpan<byte> source = sources[j] is { } s ? s.GetBytes(scratch) : default;
                if (j == 0)
                {
                    Bitmaps.Begin(operation, target, source);
                }
                else
                {
                    Bitmaps.Combine(operation, target, source);
                }
            }
            ctx.Db.Lookup(destination); // reclaims an expired destination first, as lookupKeyWrite in setKey does
            ctx.Db.Set(destination, result);
            ctx.SignalModifiedKey(destination);
            ctx.Notify(NotifyFlags.String, "set"u8, destination);
            ctx.MarkDirty();
        }
        else if (ctx.Db.Delete(destination))
        {
            ctx.SignalModifiedKey(destination);
            ctx.Notify(NotifyFlags.Generic, "del"u8, destination);
            ctx.MarkDirty();
        }
        ctx.Reply.WriteInteger(length);
    }

    /// <summary>
    /// BITFIELD key [GET encoding offset | [OVERFLOW WRAP | SAT | FAIL] SET encoding offset value | [OVERFLOW WRAP | SAT | FAIL] INCRBY encoding offset increment ...]
    /// </summary>
    public static void BitField(CommandContext ctx) => BitFieldGeneric(ctx, readOnlyCommand: false);

    /// <summary>BITFIELD_RO key [GET encoding offset [GET encoding offset ...]]</summary>
    public static void BitFieldRo(CommandContext ctx) => BitFieldGeneric(ctx, readOnlyCommand: true);

    /// <summary>
    /// bitfieldGeneric: every operation is parsed and checked before anything runs, so an error changes nothing. Only
    /// GETs: the key is read (missing reads as zeros). Any SET or INCRBY: BITFIELD_RO refuses; otherwise the string
    /// is created or zero-padded up to the highest bit written, even if OVERFLOW FAIL then refuses every write.
    /// Replies one element per operation, nil for a write FAIL refused; a SET or INCRBY counts as a change when
    /// it wrote (not refused by FAIL) and the string is new or grew or the field changed, as in Redis 7.0.
    /// Parsing runs twice (check, then execute) so no list of operations is allocated.
    /// </summary>
    private static void BitFieldGeneric(CommandContext ctx, bool readOnlyCommand)
    {
        int operations = 0;
        bool readOnly = true;
        long highestWrite = 0;
        int j = 2;
        BitfieldOverflow overflow = BitfieldOverflow.Wrap;
        while (true)
        {
            BitfieldStep step = ReadBitfieldOp(ctx, ref j, ref overflow, out BitfieldOpcode opcode, out BitfieldType type, out long offset, out _);
            if (step == BitfieldStep.Failed)
            {
                return;
            }
            if (step == BitfieldStep.End)
            {
                break;
            }
            operations++;
            if (opcode != BitfieldOpcode.Get)
            {
                readOnly = false;
                highestWrite = Math.Max(highestWrite, offset + type.Bits - 1);
            }
        }

        Span<byte> scratch = stackalloc byte[IntegerScratch];
        Span<byte> writable = default;
        ReadOnlySpan<byte> readable = scratch[..0];
        bool dirty = false;
        if (readOnly)
        {
            if (ctx.LookupRead(ctx.Arg(1), out RedisString? value) == LookupStatus.WrongType)
            {
                ctx.WrongType();
                return;
            }
            readable = value is null ? default : value.GetBytes(scratch);
        }
        else
        {
            if (readOnlyCommand)
            {
                ctx.Error(ErrorText.BitfieldReadOnlyGetOnly);
                return;
            }
            if (!TryLookupStringForBitWrite(ctx, highestWrite, out writable, out dirty))
            {
                return;
            }
            readable = writable;
        }

        ctx.Reply.WriteArrayHeader(operations);
        int changes = 0;
        j = 2;
        overflow = BitfieldOverflow.Wrap;
        while (ReadBitfieldOp(ctx, ref j, ref overflow, out BitfieldOpcode opcode, out BitfieldType type, out long offset, out long argument) == BitfieldStep.Operation)
        {
            bool done;
            long result;
            long before = 0;
            switch (opcode)
            {
                case BitfieldOpcode.Get:
                    ctx.Reply.WriteInteger(Bitmaps.GetField(readable, offset, type));
                    continue;
                case BitfieldOpcode.Set:
                    before = Bitmaps.GetField(writable, offset, type);
                    done = Bitmaps.TrySetField(writable, offset, type, argument, overflow, out result);
                    break;
                default:
                    before = Bitmaps.GetField(writable, offset, type);
                    done = Bitmaps.TryIncrementField(writable, offset, type, argument, overflow, out result);
                    break;
            }
            if (done)
            {
                ctx.Reply.WriteInteger(result);
                // A write counts when the string is new or grew, or the field's value changed.
                if (dirty || Bitmaps.GetField(writable, offset, type) != before)
                {
                    changes++;
                }
            }
            else
            {
                ctx.Reply.WriteNullBulk();
            }
        }
        if (changes > 0)
        {
            ctx.SignalModifiedKey(ctx.Arg(1));
            ctx.Notify(NotifyFlags.String, "setbit"u8, ctx.Arg(1));
            ctx.MarkDirty(changes);
        }
    }

    /// <summary>
    /// Reads BITFIELD's next operation from argument <paramref name="j"/> (advanced past it), applying any OVERFLOW
    /// options on the way to <paramref name="overflow"/>, in bitfieldGeneric's order: the subcommand and its argument
    /// count (syntax error), the type, the offset (<c>#n</c> means n × width), then the value of SET or INCRBY.
    /// Returns End after the last argument, or Failed having replied the error.
    /// </summary>
    private static BitfieldStep ReadBitfieldOp(
        CommandContext ctx, ref int j, ref BitfieldOverflow overflow,
        out BitfieldOpcode opcode, out BitfieldType type, out long offset, out long argument)
    {
        opcode = BitfieldOpcode.Get;
        type = default;
        offset = 0;
        argument = 0;
        for (; j < ctx.ArgCount; j++)
        {
            int remaining = ctx.ArgCount - j - 1;
            if (ctx.ArgIs(j, "get"u8) && remaining >= 2)
            {
                opcode = BitfieldOpcode.Get;
            }
            else if (ctx.ArgIs(j, "set"u8) && remaining >= 3)
            {
                opcode = BitfieldOpcode.Set;
            }
            else if (ctx.ArgIs(j, "incrby"u8) && remaining >= 3)
            {
                opcode = BitfieldOpcode.IncrBy;
            }
            else if (ctx.ArgIs(j, "overflow"u8) && remaining >= 1)
            {
                j++;
                if (ctx.ArgIs(j, "wrap"u8))
                {
                    overflow = BitfieldOverflow.Wrap;
                }
                else if (ctx.ArgIs(j, "sat"u8))
                {
                    overflow = BitfieldOverflow.Sat;
                }
                else if (ctx.ArgIs(j, "fail"u8))
                {
                    overflow = BitfieldOverflow.Fail;
                }
                else
                {
                    ctx.Error(ErrorText.BitfieldInvalidOverflow);
                    return BitfieldStep.Failed;
                }
                continue;
            }
            else
            {
                ctx.SyntaxError();
                return BitfieldStep.Failed;
            }

            if (!BitfieldType.TryParse(ctx.Arg(j + 1), out type))
            {
                ctx.Error(ErrorText.BitfieldInvalidType);
                return BitfieldStep.Failed;
            }
            long limit = opcode == BitfieldOpcode.Get ? ctx.Server.Config.Limits.MaxBulkLength : WriteLimit(ctx);
            if (!TryGetBitOffset(ctx, j + 2, type.Bits, limit, out offset) ||
                (opcode != BitfieldOpcode.Get && !ctx.TryGetInt64(j + 3, out argument)))
            {
                return BitfieldStep.Failed;
            }
            j += opcode == BitfieldOpcode.Get ? 3 : 4;
            return BitfieldStep.Operation;
        }
        return BitfieldStep.End;
    }

    /// <summary>
    /// getBitOffsetFromArgument: a bit offset from 0 up to (but not including) <paramref name="limitBytes"/> × 8.
    /// When <paramref name="bits"/> is positive (BITFIELD) a leading '#' multiplies the number by the field width;
    /// the product wraps on overflow as Redis's 64-bit arithmetic does. Replies the error and returns false otherwise.
    /// </summary>
    private static bool TryGetBitOffset(CommandContext ctx, int index, int bits, long limitBytes, out long offset)
    {
        ReadOnlySpan<byte> text = ctx.Arg(index);
        bool useHash = bits > 0 && !text.IsEmpty && text[0] == (byte)'#';
        if (NumericText.TryParseInt64(useHash ? text[1..] : text, out offset))
        {
            if (useHash)
            {
                offset = unchecked(offset * bits);
            }
            if (offset >= 0 && (offset >> 3) < limitBytes)
            {
                return true;
            }
        }
        ctx.Error(ErrorText.BitOffsetOutOfRange);
        return false;
    }

    /// <summary>
    /// The bytes a write may address: proto-max-bulk-len, capped (with room for a 64-bit field past the last
    /// offset) by the largest array .NET can allocate.
    /// </summary>
    private static long WriteLimit(CommandContext ctx) => Math.Min(ctx.Server.Config.Limits.MaxBulkLength, Array.MaxLength - 8);

    /// <summary>Reads BYTE or BIT at <paramref name="index"/>; anything else replies a syntax error.</summary>
    private static bool TryGetIndexUnit(CommandContext ctx, int index, out bool bitUnit)
    {
        bitUnit = ctx.ArgIs(index, "bit"u8);
        if (bitUnit || ctx.ArgIs(index, "byte"u8))
        {
            return true;
        }
        ctx.SyntaxError();
        return false;
    }

    /// <summary>
    /// lookupKeyReadOrReply plus checkType for the read commands: replies <paramref name="missingReply"/> for a
    /// missing key and WRONGTYPE for another type, returning false; true when the string is there to read.
    /// </summary>
    private static bool TryLookupReadString(CommandContext ctx, long missingReply, out RedisString? value)
    {
        switch (ctx.LookupRead(ctx.Arg(1), out value))
        {
            case LookupStatus.NotFound:
                ctx.Reply.WriteInteger(missingReply);
                return false;
            case LookupStatus.WrongType:
                ctx.WrongType();
                return false;
            default:
                return true;
        }
    }

    /// <summary>
    /// lookupStringForBitCommand: finds the string at key 1 for a write (WRONGTYPE for another type), creating it
    /// or zero-padding it so bit <paramref name="maxBit"/> exists, and hands back its bytes, writable.
    /// <paramref name="dirty"/> tells whether the string was created or grew.
    /// </summary>
    private static bool TryLookupStringForBitWrite(CommandContext ctx, long maxBit, out Span<byte> bytes, out bool dirty)
    {
        dirty = false;
        ReadOnlySpan<byte> key = ctx.Arg(1);
        int length = (int)(maxBit >> 3) + 1;
        switch (ctx.Db.Lookup(key, out RedisString? value))
        {
            case LookupStatus.WrongType:
                ctx.WrongType();
                bytes = default;
                return false;
            case LookupStatus.NotFound:
                value = RedisString.FromZeroes(length);
                ctx.Db.Set(key, value);
                dirty = true;
                break;
        }
        int oldLength = value!.Length;
        bytes = value.GrowZero(length);
        dirty |= value.Length != oldLength;
        return true;
    }
}
