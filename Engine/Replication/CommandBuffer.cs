using System.Runtime.CompilerServices;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Engine.Replication;

/// <summary>
/// A growable byte buffer of commands in the RESP request form Redis writes to the AOF and to replicas
/// (catAppendOnlyGenericCommand in redis/redis src/aof.c): <c>*argc\r\n</c>, then <c>$len\r\narg\r\n</c> per argument.
/// Arguments are copied straight from spans (request bytes, <c>u8</c> constants, formatted integers), so building a
/// command allocates nothing once the buffer has grown to its working size. Single-threaded.
/// </summary>
public sealed class CommandBuffer
{
    private byte[] _bytes;
    private int _length;

    /// <summary>An empty buffer with room for <paramref name="capacity"/> bytes.</summary>
    public CommandBuffer(int capacity = 256) => _bytes = new byte[Math.Max(capacity, 16)];

    /// <summary>Bytes written.</summary>
    public int Length => _length;

    /// <summary>The bytes written.</summary>
    public ReadOnlySpan<byte> Span => _bytes.AsSpan(0, _length);

    /// <summary>Bytes allocated (sdsalloc), for the buffer-reuse rule of flushAppendOnlyFile.</summary>
    public int Capacity => _bytes.Length;

    /// <summary>The bytes from <paramref name="start"/> on.</summary>
    public ReadOnlySpan<byte> Slice(int start, int length) => _bytes.AsSpan(start, length);

    /// <summary>Forgets the content, keeping the memory.</summary>
    public void Clear() => _length = 0;

    /// <summary>
    /// Forgets the content and, when more than <paramref name="maxKept"/> bytes were allocated, the memory too, so a
    /// burst does not pin a large array (flushAppendOnlyFile frees aof_buf past 4000 bytes).
    /// </summary>
    public void Reset(int maxKept)
    {
        _length = 0;
        if (_bytes.Length > maxKept)
        {
            _bytes = new byte[256];
        }
    }

    /// <summary>Drops the first <paramref name="count"/> bytes (sdsrange after a partial write).</summary>
    public void Consume(int count)
    {
        _bytes.AsSpan(count, _length - count).CopyTo(_bytes);
        _length -= count;
    }

    /// <summary>Writes the <c>*argc\r\n</c> header of a command of <paramref name="argc"/> arguments.</summary>
    public void AppendHeader(int argc) => AppendPrefixed((byte)'*', argc);

    /// <summary>Writes one argument as a bulk string.</summary>
    public void AppendBulk(ReadOnlySpan<byte> value)
    {
        AppendPrefixed((byte)'$', value.Length);
        Ensure(value.Length + 2);
        value.CopyTo(_bytes.AsSpan(_length));
        _length += value.Length;
        _bytes[_length++] = (byte)'\r';
        _bytes[_length++] = (byte)'\n';
    }

    /// <summary>Writes one argument, the decimal text of <paramref name="value"/> (rioWriteBulkLongLong).</summary>
    public void AppendBulk(long value)
    {
        Span<byte> digits = stackalloc byte[20];
        AppendBulk(digits[..NumericText.FormatInt64(value, digits)]);
    }

    /// <summary>Copies bytes already in the RESP form.</summary>
    public void AppendRaw(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_bytes.AsSpan(_length));
        _length += bytes.Length;
    }

    /// <summary>A whole command: the header, then <paramref name="argv"/>.</summary>
    public void AppendCommand(ReadOnlySpan<byte[]> argv)
    {
        AppendHeader(argv.Length);
        foreach (byte[] arg in argv)
        {
            AppendBulk(arg);
        }
    }

    // '*' or '$', the number, CRLF.
    private void AppendPrefixed(byte prefix, int number)
    {
        Ensure(13);
        _bytes[_length++] = prefix;
        _length += NumericText.FormatInt64(number, _bytes.AsSpan(_length));
        _bytes[_length++] = (byte)'\r';
        _bytes[_length++] = (byte)'\n';
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Ensure(int more)
    {
        if (_length + more > _bytes.Length)
        {
            Grow(more);
        }
    }

    private void Grow(int more)
    {
        long wanted = Math.Max((long)_bytes.Length * 2, (long)_length + more);
        Array.Resize(ref _bytes, (int)Math.Min(wanted, Array.MaxLength));
    }
}
