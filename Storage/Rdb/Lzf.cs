namespace Reactor.MiniRedis.Storage.Rdb;

/// <summary>
/// LZF, the compression Redis applies to strings in RDB files and DUMP payloads (redis/redis src/lzf_c.c and
/// src/lzf_d.c, Marc Lehmann's liblzf 3.6 configured as Redis builds it: HLOG 16, VERY_FAST). The compressor follows
/// lzf_compress step by step, so the same input gives the same bytes as Redis, which lets a DUMP payload made here
/// be byte-identical to redis-server's.
/// </summary>
/// <remarks>
/// The format: <c>000LLLLL</c> then L+1 literal bytes; <c>LLLooooo oooooooo</c> a back reference of L+2 bytes
/// at distance o+1; <c>111ooooo LLLLLLLL oooooooo</c> a back reference of L+9 bytes.
/// Redis leaves the hash table uninitialised (INIT_HTAB 0), so a stale slot can occasionally point at an earlier
/// equal sequence that a clean table would miss; the output is valid either way. Here a slot never written in this
/// call means "no candidate", the deterministic reading of the same algorithm.
/// </remarks>
public static class Lzf
{
    private const int HashLog = 16;
    private const int HashSize = 1 << HashLog;
    private const int MaxLiteral = 1 << 5;
    private const int MaxOffset = 1 << 13;
    private const int MaxReference = (1 << 8) + (1 << 3);

    // The hash table of lzf_compress (positions of earlier 3-byte sequences), one per thread so the loop and a
    // background save can compress at once. Each slot holds generation << 32 | position; a slot from an earlier
    // call is stale, so the table never needs clearing between calls.
    [ThreadStatic]
    private static long[]? t_table;

    [ThreadStatic]
    private static uint t_generation;

    /// <summary>
    /// lzf_compress: compresses <paramref name="input"/> into <paramref name="output"/> and returns the compressed
    /// length, or 0 when the result does not fit in <paramref name="output"/> (Redis passes a buffer four bytes
    /// shorter than the input, so 0 means "not worth it").
    /// </summary>
    public static int Compress(ReadOnlySpan<byte> input, Span<byte> output)
    {
        int inLength = input.Length;
        int outLength = output.Length;
        if (inLength == 0 || outLength == 0)
        {
            return 0;
        }
        long[] table = t_table ??= new long[HashSize];
        uint generation = unchecked(++t_generation);
        if (generation == 0)
        {
            Array.Clear(table);
            generation = t_generation = 1;
        }
        long stamp = (long)generation << 32;

        int ip = 0;
        int op = 1; // start run
        int literals = 0;
        uint hash = inLength >= 2 ? First(input, 0) : 0;
        while (ip < inLength - 2)
        {
            hash = Next(hash, input, ip);
            ref long slot = ref table[Index(hash)];
            long previous = slot;
            slot = stamp | (uint)ip;
            int reference = (previous & unchecked((long)0xFFFF_FFFF_0000_0000)) == stamp ? (int)(uint)previous : -1;
            uint offset = (uint)(ip - reference - 1);
            if (reference > 0 && offset < MaxOffset &&
                input[reference + 2] == input[ip + 2] && input[reference] == input[ip] && input[reference + 1] == input[ip + 1])
            {
                int length = 2;
                int maxLength = Math.Min(inLength - ip - length, MaxReference);
                if (op + 3 + 1 >= outLength && op - (literals == 0 ? 1 : 0) + 3 + 1 >= outLength)
                {
                    return 0;
                }
                output[op - literals - 1] = (byte)(literals - 1); // stop run
                op -= literals == 0 ? 1 : 0; // undo run if length is zero
                length = MatchLength(input, reference, ip, length, maxLength);
                length -= 2; // now the number of bytes - 1
                ip++;
                if (length < 7)
                {
                    output[op++] = (byte)((offset >> 8) + ((uint)length << 5));
                }
                else
                {
                    output[op++] = (byte)((offset >> 8) + (7 << 5));
                    output[op++] = (byte)(length - 7);
                }
                output[op++] = (byte)offset;
                literals = 0;
                op++; // start run
                ip += length + 1;
                if (ip >= inLength - 2)
                {
                    break;
                }
                // VERY_FAST: hash the last two positions of the match only.
                ip -= 2;
                hash = First(input, ip);
                hash = Next(hash, input, ip);
                table[Index(hash)] = stamp | (uint)ip;
                ip++;
                hash = Next(hash, input, ip);
                table[Index(hash)] = stamp | (uint)ip;
                ip++;
            }
            else
            {
                if (op >= outLength)
                {
                    return 0;
                }
                literals++;
                output[op++] = input[ip++];
                if (literals == MaxLiteral)
                {
                    output[op - literals - 1] = (byte)(literals - 1); // stop run
                    literals = 0;
                    op++; // start run
                }
            }
        }
        if (op + 3 > outLength) // at most 3 bytes can be missing here
        {
            return 0;
        }
        while (ip < inLength)
        {
            literals++;
            output[op++] = input[ip++];
            if (literals == MaxLiteral)
            {
                output[op - literals - 1] = (byte)(literals - 1);
                literals = 0;
                op++;
            }
        }
        output[op - literals - 1] = (byte)(literals - 1); // end run
        op -= literals == 0 ? 1 : 0;
        return op;
    }

    /// <summary>
    /// lzf_decompress: expands <paramref name="input"/> into <paramref name="output"/>. Returns the number of bytes
    /// written, or -1 when the data is corrupt or would not fit (the checks of CHECK_INPUT, which Redis enables).
    /// </summary>
    public static int Decompress(ReadOnlySpan<byte> input, Span<byte> output)
    {
        int ip = 0, op = 0;
        while (ip < input.Length)
        {
            int control = input[ip++];
            if (control < 1 << 5)
            {
                int run = control + 1;
                if (op + run > output.Length || ip + run > input.Length)
                {
                    return -1;
                }
                input.Slice(ip, run).CopyTo(output[op..]);
                ip += run;
                op += run;
                continue;
            }
            int length = control >> 5;
            int reference = op - ((control & 0x1f) << 8) - 1;
            if (ip >= input.Length)
            {
                return -1;
            }
            if (length == 7)
            {
                length += input[ip++];
                if (ip >= input.Length)
                {
                    return -1;
                }
            }
            reference -= input[ip++];
            if (op + length + 2 > output.Length || reference < 0)
            {
                return -1;
            }
            length += 2;
            // Byte by byte: the reference may overlap the bytes being written (a run).
            for (int i = 0; i < length; i++)
            {
                output[op++] = output[reference++];
            }
        }
        return op;
    }

    // The matching loop of lzf_compress: from 'length' bytes known equal, extends the match up to maxLength. As in C,
    // the result can exceed maxLength near the end of the input (the three bytes compared first always count, and
    // the 16-step unrolled part runs whole), but never the input.
    private static int MatchLength(ReadOnlySpan<byte> input, int reference, int ip, int length, int maxLength)
    {
        if (maxLength > 16)
        {
            for (int i = 0; i < 16; i++)
            {
                length++;
                if (input[reference + length] != input[ip + length])
                {
                    return length;
                }
            }
        }
        do
        {
            length++;
        }
        while (length < maxLength && input[reference + length] == input[ip + length]);
        return length;
    }

    private static uint First(ReadOnlySpan<byte> input, int p) => (uint)(input[p] << 8 | input[p + 1]);

    private static uint Next(uint hash, ReadOnlySpan<byte> input, int p) => hash << 8 | input[p + 2];

    // IDX for VERY_FAST: ((h >> (3*8 - HLOG)) - h*5) & (HSIZE - 1), in unsigned 32-bit arithmetic.
    private static int Index(uint hash) => (int)(unchecked((hash >> (3 * 8 - HashLog)) - hash * 5) & (HashSize - 1));
}
