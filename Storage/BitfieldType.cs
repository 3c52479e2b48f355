namespace Reactor.MiniRedis.Storage;

/// <summary>
/// A BITFIELD integer type: signed (<c>i1</c> to <c>i64</c>) or unsigned (<c>u1</c> to <c>u63</c>). Unsigned 64-bit
/// fields are refused, as in Redis, because RESP integers are signed 64-bit.
/// </summary>
public readonly record struct BitfieldType(bool Signed, int Bits)
{
    /// <summary>
    /// getBitfieldTypeFromArgument: 'i' or 'u' followed by the width as string2ll reads it. The width is read as a C
    /// string, so it ends at the first NUL byte (<c>"u8\0x"</c> is <c>u8</c>, as in Redis).
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> text, out BitfieldType type)
    {
        type = default;
        if (text.IsEmpty || text[0] is not ((byte)'i' or (byte)'u'))
        {
            return false;
        }
        bool signed = text[0] == (byte)'i';
        ReadOnlySpan<byte> width = text[1..];
        int nul = width.IndexOf((byte)0);
        if (nul >= 0)
        {
            width = width[..nul];
        }
        if (!NumericText.TryParseInt64(width, out long bits) || bits < 1 || bits > (signed ? 64 : 63))
        {
            return false;
        }
        type = new BitfieldType(signed, (int)bits);
        return true;
    }
}
