using System.Text;
using Reactor.MiniRedis.Storage.Rdb;

namespace Reactor.MiniRedis.Storage.Tests.Rdb;

public sealed class LzfTests
{
    [Test]
    public void Compress_HundredSameBytes_GivesRedisBytes()
    {
        // What redis-server 7.0 stores for SET k "a"*100 (DUMP: 00 c3 09 40 64 <these 9 bytes> ...).
        byte[] output = new byte[96];
        int length = Lzf.Compress(Encoding.ASCII.GetBytes(new string('a', 100)), output);
        Assert.That(Convert.ToHexStringLower(output, 0, length), Is.EqualTo("016161e05700016161"));
    }

    [Test]
    public void Compress_RandomBytes_DoesNotFitAndReturnsZero()
    {
        byte[] input = new byte[100];
        new Random(1).NextBytes(input);
        Assert.That(Lzf.Compress(input, new byte[96]), Is.Zero);
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    [TestCase(40)]
    [TestCase(1000)]
    [TestCase(100_000)]
    public void Decompress_OfCompressed_GivesInputBack(int size)
    {
        byte[] input = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, size).Select(i => (char)('a' + i % 7 * (i % 3)))))[..size];
        byte[] compressed = new byte[size + 64];
        int length = Lzf.Compress(input, compressed);
        Assume.That(length, Is.GreaterThan(0));
        byte[] output = new byte[size];
        Assert.That((Lzf.Decompress(compressed.AsSpan(0, length), output), output), Is.EqualTo((size, input)));
    }

    [Test]
    public void Decompress_ReferenceBeforeStart_ReturnsMinusOne() =>
        Assert.That(Lzf.Decompress([0x20, 0x05], new byte[10]), Is.EqualTo(-1));

    [Test]
    public void Decompress_LiteralRunPastInput_ReturnsMinusOne() =>
        Assert.That(Lzf.Decompress([0x05, 0x61], new byte[10]), Is.EqualTo(-1));

    [Test]
    public void Decompress_OutputTooSmall_ReturnsMinusOne() =>
        Assert.That(Lzf.Decompress([0x02, 0x61, 0x62, 0x63], new byte[2]), Is.EqualTo(-1));
}
