using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Storage.Tests;

public sealed class BitmapsTests
{
    /// <summary>A naive reference: bit <paramref name="i"/> of the bitmap (bit 0 is the top bit of byte 0).</summary>
    private static bool Bit(byte[] bytes, long i) => (bytes[i >> 3] & (0x80 >> (int)(i & 7))) != 0;

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    // ---- popcount ----

    [Test]
    public void PopCount_Empty_IsZero() => Assert.That(Bitmaps.PopCount([]), Is.Zero);

    [Test]
    public void PopCount_FooBar_CountsEveryBit() => Assert.That(Bitmaps.PopCount("foobar"u8), Is.EqualTo(26));

    [TestCase(1)]
    [TestCase(7)]
    [TestCase(31)]
    [TestCase(32)]
    [TestCase(33)]
    [TestCase(1000)]
    public void PopCount_AnyLength_MatchesBitByBitCount(int length)
    {
        byte[] bytes = RandomBytes(new Random(length), length);
        long expected = Enumerable.Range(0, length * 8).Count(i => Bit(bytes, i));
        Assert.That(Bitmaps.PopCount(bytes), Is.EqualTo(expected));
    }

    [Test]
    public void PopCount_BitRange_CountsOnlyInsideTheRange()
    {
        byte[] bytes = RandomBytes(new Random(7), 40);
        var random = new Random(8);
        for (int i = 0; i < 500; i++)
        {
            long start = random.Next(0, 320), end = random.Next((int)start, 320);
            long expected = 0;
            for (long b = start; b <= end; b++)
            {
                expected += Bit(bytes, b) ? 1 : 0;
            }
            Assert.That(Bitmaps.PopCount(bytes, start, end), Is.EqualTo(expected), $"{start}..{end}");
        }
    }

    [Test]
    public void PopCount_BitRangeInsideOneByte_MasksBothEdges() =>
        Assert.That(Bitmaps.PopCount([0b1111_1111], 2, 4), Is.EqualTo(3));

    // ---- bitpos ----

    [Test]
    public void BitPos_RandomRanges_MatchBitByBitSearch()
    {
        var random = new Random(3);
        for (int i = 0; i < 2000; i++)
        {
            int length = random.Next(1, 40);
            // Runs of 0x00 and 0xFF exercise the skipping of whole bytes.
            byte[] bytes = Enumerable.Range(0, length).Select(_ => (byte)(random.Next(4) switch { 0 => 0x00, 1 => 0xFF, _ => random.Next(256) })).ToArray();
            long start = random.Next(0, length * 8), end = random.Next((int)start, length * 8);
            bool bit = random.Next(2) == 1;
            long expected = -1;
            for (long b = start; b <= end; b++)
            {
                if (Bit(bytes, b) == bit)
                {
                    expected = b;
                    break;
                }
            }
            Assert.That(Bitmaps.BitPos(bytes, start, end, bit), Is.EqualTo(expected));
        }
    }

    [Test]
    public void BitPos_OneInLongRunOfZeros_IsFound()
    {
        var bytes = new byte[1000];
        bytes[777] = 0x01;
        Assert.That(Bitmaps.BitPos(bytes, 0, 7999, bit: true), Is.EqualTo(777 * 8 + 7));
    }

    [Test]
    public void BitPos_NoZeroInRange_IsMinusOne() => Assert.That(Bitmaps.BitPos([0xFF, 0xFF], 0, 15, bit: false), Is.EqualTo(-1));

    [Test]
    public void BitPos_MatchOutsideRange_IsIgnored() => Assert.That(Bitmaps.BitPos([0b1000_0001], 1, 6, bit: true), Is.EqualTo(-1));

    // ---- getbit / setbit ----

    [Test]
    public void GetBit_PastTheEnd_IsZero() => Assert.That(Bitmaps.GetBit([0xFF], 8), Is.False);

    [Test]
    public void GetBit_BitZero_IsTheTopBitOfTheFirstByte() => Assert.That(Bitmaps.GetBit([0x80], 0), Is.True);

    [Test]
    public void SetBit_SetsTheBitAndReturnsTheOldValue()
    {
        byte[] bytes = [0x00, 0x00];
        Assert.Multiple(() =>
        {
            Assert.That(Bitmaps.SetBit(bytes, 9, on: true), Is.False);
            Assert.That(bytes, Is.EqualTo(new byte[] { 0x00, 0x40 }));
            Assert.That(Bitmaps.SetBit(bytes, 9, on: false), Is.True);
            Assert.That(bytes, Is.EqualTo(new byte[] { 0x00, 0x00 }));
        });
    }

    // ---- bitfield ----

    [Test]
    public void GetField_UnalignedUnsigned_ReadsBigEndianBits() =>
        Assert.That(Bitmaps.GetField([0x01, 0x70], 7, new BitfieldType(false, 5)), Is.EqualTo(23));

    [Test]
    public void GetField_Signed_PropagatesTheSignBit() =>
        Assert.That(Bitmaps.GetField([0xF0], 0, new BitfieldType(true, 4)), Is.EqualTo(-1));

    [Test]
    public void GetField_PastTheEnd_ReadsZeros() =>
        Assert.That(Bitmaps.GetField([0xFF], 4, new BitfieldType(false, 8)), Is.EqualTo(0xF0));

    [Test]
    public void GetField_I64AtOddOffset_ReadsAllNineBytes()
    {
        byte[] bytes = [0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x80];
        Assert.That(Bitmaps.GetField(bytes, 1, new BitfieldType(true, 64)), Is.EqualTo(-1));
    }

    [Test]
    public void TrySetField_Unaligned_WritesOnlyTheFieldBits()
    {
        byte[] bytes = [0xFF, 0xFF, 0xFF];
        Assert.Multiple(() =>
        {
            Assert.That(Bitmaps.TrySetField(bytes, 7, new BitfieldType(false, 5), 0, BitfieldOverflow.Wrap, out long previous), Is.True);
            Assert.That(previous, Is.EqualTo(31));
            Assert.That(bytes, Is.EqualTo(new byte[] { 0xFE, 0x0F, 0xFF }));
        });
    }

    [Test]
    public void TrySetField_WrapTooLargeUnsigned_KeepsTheLowBits()
    {
        var bytes = new byte[1];
        Bitmaps.TrySetField(bytes, 0, new BitfieldType(false, 8), 300, BitfieldOverflow.Wrap, out _);
        Assert.That(bytes[0], Is.EqualTo(44));
    }

    [Test]
    public void TrySetField_SatTooLargeUnsigned_StoresTheMaximum()
    {
        var bytes = new byte[1];
        Bitmaps.TrySetField(bytes, 0, new BitfieldType(false, 8), 300, BitfieldOverflow.Sat, out _);
        Assert.That(bytes[0], Is.EqualTo(255));
    }

    [Test]
    public void TrySetField_SatNegativeUnsigned_StoresTheMaximum()
    {
        // A negative value read as unsigned 64-bit is huge, so it overflows upwards, as in Redis.
        var bytes = new byte[1];
        Bitmaps.TrySetField(bytes, 0, new BitfieldType(false, 8), -1, BitfieldOverflow.Sat, out _);
        Assert.That(bytes[0], Is.EqualTo(255));
    }

    [Test]
    public void TrySetField_FailTooLarge_ChangesNothing()
    {
        byte[] bytes = [7];
        Assert.Multiple(() =>
        {
            Assert.That(Bitmaps.TrySetField(bytes, 0, new BitfieldType(true, 8), 128, BitfieldOverflow.Fail, out _), Is.False);
            Assert.That(bytes[0], Is.EqualTo(7));
        });
    }

    [TestCase(BitfieldOverflow.Wrap, 127, 10, -119)]
    [TestCase(BitfieldOverflow.Sat, 127, 10, 127)]
    [TestCase(BitfieldOverflow.Sat, -128, -10, -128)]
    [TestCase(BitfieldOverflow.Wrap, -128, -1, 127)]
    [TestCase(BitfieldOverflow.Wrap, 0, 1000, -24)]
    public void TryIncrementField_SignedByte_HandlesOverflow(BitfieldOverflow overflow, long start, long increment, long expected)
    {
        var type = new BitfieldType(true, 8);
        var bytes = new byte[1];
        Bitmaps.TrySetField(bytes, 0, type, start, BitfieldOverflow.Wrap, out _);
        Assert.Multiple(() =>
        {
            Assert.That(Bitmaps.TryIncrementField(bytes, 0, type, increment, overflow, out long result), Is.True);
            Assert.That(result, Is.EqualTo(expected));
            Assert.That(Bitmaps.GetField(bytes, 0, type), Is.EqualTo(expected));
        });
    }

    [TestCase(BitfieldOverflow.Wrap, 250, 10, 4)]
    [TestCase(BitfieldOverflow.Sat, 250, 10, 255)]
    [TestCase(BitfieldOverflow.Sat, 5, -10, 0)]
    [TestCase(BitfieldOverflow.Wrap, 5, -10, 251)]
    public void TryIncrementField_UnsignedByte_HandlesOverflow(BitfieldOverflow overflow, long start, long increment, long expected)
    {
        var type = new BitfieldType(false, 8);
        byte[] bytes = [(byte)start];
        Assert.Multiple(() =>
        {
            Assert.That(Bitmaps.TryIncrementField(bytes, 0, type, increment, overflow, out long result), Is.True);
            Assert.That(result, Is.EqualTo(expected));
        });
    }

    [Test]
    public void TryIncrementField_I64Overflow_Wraps()
    {
        var type = new BitfieldType(true, 64);
        var bytes = new byte[8];
        Bitmaps.TrySetField(bytes, 0, type, long.MaxValue, BitfieldOverflow.Wrap, out _);
        Bitmaps.TryIncrementField(bytes, 0, type, 1, BitfieldOverflow.Wrap, out long result);
        Assert.That(result, Is.EqualTo(long.MinValue));
    }

    [Test]
    public void TryIncrementField_I64OverflowSat_StaysAtMaximum()
    {
        var type = new BitfieldType(true, 64);
        var bytes = new byte[8];
        Bitmaps.TrySetField(bytes, 0, type, long.MaxValue, BitfieldOverflow.Wrap, out _);
        Bitmaps.TryIncrementField(bytes, 0, type, long.MaxValue, BitfieldOverflow.Sat, out long result);
        Assert.That(result, Is.EqualTo(long.MaxValue));
    }

    [Test]
    public void TryIncrementField_Fail_ChangesNothing()
    {
        byte[] bytes = [255];
        Assert.Multiple(() =>
        {
            Assert.That(Bitmaps.TryIncrementField(bytes, 0, new BitfieldType(false, 8), 1, BitfieldOverflow.Fail, out _), Is.False);
            Assert.That(bytes[0], Is.EqualTo(255));
        });
    }

    // ---- bitfield types ----

    [TestCase("i1", true, 1)]
    [TestCase("i64", true, 64)]
    [TestCase("u63", false, 63)]
    [TestCase("u8\0x", false, 8)]
    public void BitfieldType_Valid_Parses(string text, bool signed, int bits)
    {
        Assert.That(BitfieldType.TryParse(System.Text.Encoding.Latin1.GetBytes(text), out BitfieldType type), Is.True);
        Assert.That(type, Is.EqualTo(new BitfieldType(signed, bits)));
    }

    [TestCase("u64")]
    [TestCase("i65")]
    [TestCase("i0")]
    [TestCase("u")]
    [TestCase("U8")]
    [TestCase("u08")]
    [TestCase("x8")]
    [TestCase("")]
    public void BitfieldType_Invalid_IsRefused(string text) =>
        Assert.That(BitfieldType.TryParse(System.Text.Encoding.Latin1.GetBytes(text), out _), Is.False);

    // ---- bitop ----

    [TestCase(BitOperation.And, new byte[] { 0x0F, 0x00, 0x00 })]
    [TestCase(BitOperation.Or, new byte[] { 0xFF, 0xFF, 0xAA })]
    [TestCase(BitOperation.Xor, new byte[] { 0xF0, 0xFF, 0xAA })]
    public void Combine_ShorterSource_IsZeroPadded(BitOperation operation, byte[] expected)
    {
        var result = new byte[3];
        Bitmaps.Begin(operation, result, [0xFF, 0xFF, 0xAA]);
        Bitmaps.Combine(operation, result, [0x0F]);
        Assert.That(result, Is.EqualTo(expected));
    }

    [Test]
    public void Begin_Not_WritesTheComplement()
    {
        byte[] source = RandomBytes(new Random(5), 100);
        var result = new byte[100];
        Bitmaps.Begin(BitOperation.Not, result, source);
        Assert.That(result, Is.EqualTo(source.Select(b => (byte)~b).ToArray()));
    }

    [Test]
    public void Combine_LongSources_MatchBytewiseResult()
    {
        var random = new Random(11);
        byte[] a = RandomBytes(random, 100), b = RandomBytes(random, 77);
        var result = new byte[100];
        Bitmaps.Begin(BitOperation.Xor, result, a);
        Bitmaps.Combine(BitOperation.Xor, result, b);
        Assert.That(result, Is.EqualTo(a.Select((x, i) => (byte)(x ^ (i < b.Length ? b[i] : 0))).ToArray()));
    }

    [Test]
    public void Combine_Not_Throws() =>
        Assert.That(() => Bitmaps.Combine(BitOperation.Not, new byte[1], [1]), Throws.InstanceOf<ArgumentOutOfRangeException>());
}
