using Reactor.MiniRedis.Engine.Tests.Support;

namespace Reactor.MiniRedis.Engine.Tests;

/// <summary>
/// The bitmap family against Redis 7.0.15's exact replies (every expected reply here was checked against a real
/// redis-server 7.0.15).
/// </summary>
public sealed class BitmapCommandsTests : CommandTestBase
{
    private const string BitOffsetError = "-ERR bit offset is not an integer or out of range\r\n";
    private const string NotIntegerReply = "-ERR value is not an integer or out of range\r\n";
    private const string BitfieldTypeError =
        "-ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.\r\n";

    // ---- SETBIT / GETBIT ----

    [Test]
    public void SetBit_MissingKey_CreatesZeroPaddedStringAndRepliesZero()
    {
        Assert.That(Run("SETBIT", "k", "9", "1"), Is.EqualTo(":0\r\n"));
        Assert.That(Run("GET", "k"), Is.EqualTo("$2\r\n\0\x40\r\n"));
    }

    [Test]
    public void SetBit_SetBit_RepliesOldValue()
    {
        Run("SETBIT", "k", "3", "1");
        Assert.That(Run("SETBIT", "k", "3", "0"), Is.EqualTo(":1\r\n"));
    }

    [Test]
    public void SetBit_IntEncodedValue_EditsItsDigitsAndBecomesRaw()
    {
        Run("SET", "k", "123");
        Run("SETBIT", "k", "0", "1");
        Assert.Multiple(() =>
        {
            Assert.That(Run("GET", "k"), Is.EqualTo("$3\r\n\u00b123\r\n"));
            Assert.That(Run("OBJECT", "ENCODING", "k"), Is.EqualTo("$3\r\nraw\r\n"));
        });
    }

    [Test]
    public void SetBit_IntEncodedValueOfNineteenDigits_EditsAllItsDigits()
    {
        Run("SET", "k", "9223372036854775807");
        Assert.That(Run("SETBIT", "k", "3", "1"), Is.EqualTo(":1\r\n"));
        Assert.That(Run("SETBIT", "k", "151", "1"), Is.EqualTo(":1\r\n"));
        Assert.That(Run("GET", "k"), Is.EqualTo("$19\r\n9223372036854775807\r\n"));
    }

    [Test]
    public void SetBit_KeepsTimeToLive()
    {
        Run("SET", "k", "a", "EX", "100");
        Run("SETBIT", "k", "100", "1");
        Assert.That(Run("TTL", "k"), Is.EqualTo(":100\r\n"));
    }

    [Test]
    public void SetBit_UnchangedBit_CountsNoWrite()
    {
        Run("SETBIT", "k", "0", "0");
        long before = Dirty;
        Run("SETBIT", "k", "0", "0");
        Assert.That(Dirty, Is.EqualTo(before));
    }

    [TestCase("-1")]
    [TestCase("x")]
    [TestCase("4294967296")]
    public void SetBit_BadOffset_RepliesOffsetError(string offset) =>
        Assert.That(Run("SETBIT", "k", offset, "1"), Is.EqualTo(BitOffsetError));

    [TestCase("2")]
    [TestCase("-1")]
    [TestCase("x")]
    public void SetBit_BadBit_RepliesBitError(string bit) =>
        Assert.That(Run("SETBIT", "k", "0", bit), Is.EqualTo("-ERR bit is not an integer or out of range\r\n"));

    [Test]
    public void SetBit_OffsetPastProtoMaxBulkLen_RepliesOffsetError()
    {
        Run("CONFIG", "SET", "proto-max-bulk-len", "1048576");
        Assert.Multiple(() =>
        {
            Assert.That(Run("SETBIT", "k", "8388608", "1"), Is.EqualTo(BitOffsetError));
            Assert.That(Run("SETBIT", "k", "8388607", "1"), Is.EqualTo(":0\r\n"));
            Assert.That(Run("STRLEN", "k"), Is.EqualTo(":1048576\r\n"));
        });
    }

    [Test]
    public void SetBit_KeyHoldsList_RepliesWrongType()
    {
        Run("RPUSH", "l", "a");
        Assert.That(Run("SETBIT", "l", "0", "1"), Is.EqualTo(WrongTypeReply));
    }

    [Test]
    public void GetBit_MissingKey_RepliesZero() => Assert.That(Run("GETBIT", "k", "5"), Is.EqualTo(":0\r\n"));

    [Test]
    public void GetBit_IntEncodedValue_ReadsItsDigits()
    {
        Run("SET", "k", "123"); // '1' is 0x31: bit 2 is set
        Assert.That(Run("GETBIT", "k", "2"), Is.EqualTo(":1\r\n"));
    }

    [Test]
    public void GetBit_PastTheEnd_RepliesZero()
    {
        Run("SET", "k", "\xff");
        Assert.That(Run("GETBIT", "k", "1000"), Is.EqualTo(":0\r\n"));
    }

    [Test]
    public void GetBit_BadOffset_IsCheckedBeforeTheType()
    {
        Run("RPUSH", "l", "a");
        Assert.That(Run("GETBIT", "l", "-1"), Is.EqualTo(BitOffsetError));
    }

    // ---- BITCOUNT ----

    [Test]
    public void BitCount_WholeString_CountsSetBits()
    {
        Run("SET", "k", "foobar");
        Assert.That(Run("BITCOUNT", "k"), Is.EqualTo(":26\r\n"));
    }

    [TestCase("0", "0", ":4\r\n")]
    [TestCase("1", "1", ":6\r\n")]
    [TestCase("-2", "-1", ":7\r\n")]
    [TestCase("-1", "-2", ":0\r\n")]
    [TestCase("5", "100", ":4\r\n")]
    [TestCase("-100", "0", ":4\r\n")]
    public void BitCount_ByteRange_CountsInsideIt(string start, string end, string expected)
    {
        Run("SET", "k", "foobar");
        Assert.That(Run("BITCOUNT", "k", start, end), Is.EqualTo(expected));
    }

    [TestCase("5", "30", ":17\r\n")]
    [TestCase("0", "1", ":1\r\n")]
    [TestCase("-8", "-1", ":4\r\n")]
    public void BitCount_BitRange_CountsInsideIt(string start, string end, string expected)
    {
        Run("SET", "k", "foobar");
        Assert.That(Run("BITCOUNT", "k", start, end, "BIT"), Is.EqualTo(expected));
    }

    [Test]
    public void BitCount_MissingKeyWithBadArguments_RepliesZero() =>
        Assert.That(Run("BITCOUNT", "nosuch", "a", "b", "c"), Is.EqualTo(":0\r\n"));

    [Test]
    public void BitCount_StartWithoutEnd_RepliesSyntaxError()
    {
        Run("SET", "k", "foobar");
        Assert.That(Run("BITCOUNT", "k", "0"), Is.EqualTo(SyntaxErrorReply));
    }

    [Test]
    public void BitCount_UnknownUnit_RepliesSyntaxError()
    {
        Run("SET", "k", "foobar");
        Assert.That(Run("BITCOUNT", "k", "0", "1", "WORD"), Is.EqualTo(SyntaxErrorReply));
    }

    [Test]
    public void BitCount_EmptyNegativeRangeWithUnknownUnit_RepliesZero()
    {
        Run("SET", "k", "foobar");
        Assert.That(Run("BITCOUNT", "k", "-1", "-3", "WORD"), Is.EqualTo(":0\r\n"));
    }

    [Test]
    public void BitCount_NonIntegerIndex_RepliesNotInteger()
    {
        Run("SET", "k", "foobar");
        Assert.That(Run("BITCOUNT", "k", "a", "1"), Is.EqualTo(NotIntegerReply));
    }

    [Test]
    public void BitCount_KeyHoldsList_RepliesWrongType()
    {
        Run("RPUSH", "l", "a");
        Assert.That(Run("BITCOUNT", "l"), Is.EqualTo(WrongTypeReply));
    }

    // ---- BITPOS ----

    [Test]
    public void BitPos_MissingKey_RepliesZeroForClearBit() => Assert.That(Run("BITPOS", "k", "0"), Is.EqualTo(":0\r\n"));

    [Test]
    public void BitPos_MissingKey_RepliesMinusOneForSetBit() => Assert.That(Run("BITPOS", "k", "1"), Is.EqualTo(":-1\r\n"));

    [Test]
    public void BitPos_BitNotZeroOrOne_RepliesError() =>
        Assert.That(Run("BITPOS", "k", "2"), Is.EqualTo("-ERR The bit argument must be 1 or 0.\r\n"));

    [Test]
    public void BitPos_FirstSetBit_IsFound()
    {
        Run("SET", "k", "\0\0\x0f");
        Assert.That(Run("BITPOS", "k", "1"), Is.EqualTo(":20\r\n"));
    }

    [Test]
    public void BitPos_AllOnesWithoutEnd_RepliesFirstBitPastTheString()
    {
        Run("SET", "k", "\xff\xff\xff");
        Assert.That(Run("BITPOS", "k", "0"), Is.EqualTo(":24\r\n"));
    }

    [Test]
    public void BitPos_AllOnesWithStartOnly_RepliesFirstBitPastTheString()
    {
        Run("SET", "k", "\xff\xff\xff");
        Assert.That(Run("BITPOS", "k", "0", "1"), Is.EqualTo(":24\r\n"));
    }

    [Test]
    public void BitPos_AllOnesWithExplicitEnd_RepliesMinusOne()
    {
        Run("SET", "k", "\xff\xff\xff");
        Assert.That(Run("BITPOS", "k", "0", "0", "-1"), Is.EqualTo(":-1\r\n"));
    }

    [Test]
    public void BitPos_ByteRange_SearchesFromStartByte()
    {
        Run("SET", "k", "\xff\xf0\x00");
        Assert.That(Run("BITPOS", "k", "1", "2", "-1"), Is.EqualTo(":-1\r\n"));
    }

    [TestCase("1", "7", "15", ":7\r\n")]
    [TestCase("0", "3", "12", ":12\r\n")]
    [TestCase("0", "0", "11", ":-1\r\n")]
    [TestCase("1", "12", "15", ":-1\r\n")]
    public void BitPos_BitRange_SearchesInsideIt(string bit, string start, string end, string expected)
    {
        Run("SET", "k", "\xff\xf0");
        Assert.That(Run("BITPOS", "k", bit, start, end, "BIT"), Is.EqualTo(expected));
    }

    [Test]
    public void BitPos_EmptyString_RepliesMinusOneEvenForClearBit()
    {
        Run("SET", "k", "");
        Assert.That(Run("BITPOS", "k", "0"), Is.EqualTo(":-1\r\n"));
    }

    [Test]
    public void BitPos_StartPastEnd_RepliesMinusOne()
    {
        Run("SET", "k", "\0\0");
        Assert.That(Run("BITPOS", "k", "0", "1", "0"), Is.EqualTo(":-1\r\n"));
    }

    [Test]
    public void BitPos_UnitIsCheckedBeforeEnd()
    {
        Run("SET", "k", "a");
        Assert.That(Run("BITPOS", "k", "0", "1", "x", "WORD"), Is.EqualTo(SyntaxErrorReply));
    }

    [Test]
    public void BitPos_TooManyArguments_RepliesSyntaxError()
    {
        Run("SET", "k", "a");
        Assert.That(Run("BITPOS", "k", "0", "1", "2", "BIT", "x"), Is.EqualTo(SyntaxErrorReply));
    }

    [Test]
    public void BitPos_MissingKeyWithBadRange_RepliesZero() => Assert.That(Run("BITPOS", "k", "0", "a"), Is.EqualTo(":0\r\n"));

    // ---- BITOP ----

    [Test]
    public void BitOp_Or_StoresLongestLengthAndRepliesIt()
    {
        Run("SET", "a", "\x01\x02");
        Run("SET", "b", "\x10");
        Assert.Multiple(() =>
        {
            Assert.That(Run("BITOP", "OR", "d", "a", "b"), Is.EqualTo(":2\r\n"));
            Assert.That(Run("GET", "d"), Is.EqualTo("$2\r\n\x11\x02\r\n"));
        });
    }

    [Test]
    public void BitOp_AndWithShorterSource_ZeroPads()
    {
        Run("SET", "a", "\xff\xff");
        Run("SET", "b", "\x0f");
        Run("BITOP", "and", "d", "a", "b");
        Assert.That(Run("GET", "d"), Is.EqualTo("$2\r\n\x0f\0\r\n"));
    }

    [Test]
    public void BitOp_AndWithMissingSource_IsAllZeros()
    {
        Run("SET", "a", "\xff");
        Run("BITOP", "AND", "d", "a", "nosuch");
        Assert.That(Run("GET", "d"), Is.EqualTo("$1\r\n\0\r\n"));
    }

    [Test]
    public void BitOp_Xor_CombinesAllSources()
    {
        Run("SET", "a", "\x0f");
        Run("SET", "b", "\xff");
        Run("SET", "c", "\x01");
        Run("BITOP", "XOR", "d", "a", "b", "c");
        Assert.That(Run("GET", "d"), Is.EqualTo("$1\r\n\xf1\r\n"));
    }

    [Test]
    public void BitOp_NotOfIntEncodedValue_ComplementsItsDigits()
    {
        Run("SET", "n", "123");
        Assert.Multiple(() =>
        {
            Assert.That(Run("BITOP", "NOT", "d", "n"), Is.EqualTo(":3\r\n"));
            Assert.That(Run("GET", "d"), Is.EqualTo("$3\r\n\xce\xcd\xcc\r\n"));
        });
    }

    [Test]
    public void BitOp_Result_IsRawEncoded()
    {
        Run("SET", "a", "1");
        Run("BITOP", "OR", "d", "a");
        Assert.That(Run("OBJECT", "ENCODING", "d"), Is.EqualTo("$3\r\nraw\r\n"));
    }

    [Test]
    public void BitOp_AllSourcesMissing_DeletesDestination()
    {
        Run("SET", "d", "x");
        Assert.Multiple(() =>
        {
            Assert.That(Run("BITOP", "OR", "d", "nosuch"), Is.EqualTo(":0\r\n"));
            Assert.That(Run("EXISTS", "d"), Is.EqualTo(":0\r\n"));
        });
    }

    [Test]
    public void BitOp_Destination_LosesTimeToLiveAndType()
    {
        Run("RPUSH", "d", "x");
        Run("EXPIRE", "d", "100");
        Run("SET", "a", "x");
        Run("BITOP", "OR", "d", "a");
        Assert.Multiple(() =>
        {
            Assert.That(Run("TTL", "d"), Is.EqualTo(":-1\r\n"));
            Assert.That(Run("TYPE", "d"), Is.EqualTo("+string\r\n"));
        });
    }

    [Test]
    public void BitOp_UnknownOperation_RepliesSyntaxError() =>
        Assert.That(Run("BITOP", "NAND", "d", "a"), Is.EqualTo(SyntaxErrorReply));

    [Test]
    public void BitOp_NotWithTwoSources_RepliesError() =>
        Assert.That(Run("BITOP", "NOT", "d", "a", "b"), Is.EqualTo("-ERR BITOP NOT must be called with a single source key.\r\n"));

    [Test]
    public void BitOp_SourceHoldsList_RepliesWrongTypeAndWritesNothing()
    {
        Run("RPUSH", "l", "a");
        Run("SET", "a", "x");
        Assert.Multiple(() =>
        {
            Assert.That(Run("BITOP", "OR", "d", "a", "l"), Is.EqualTo(WrongTypeReply));
            Assert.That(Run("EXISTS", "d"), Is.EqualTo(":0\r\n"));
        });
    }

    // ---- BITFIELD ----

    [Test]
    public void BitField_NoOperations_RepliesEmptyArray() => Assert.That(Run("BITFIELD", "k"), Is.EqualTo("*0\r\n"));

    [Test]
    public void BitField_GetOnMissingKey_RepliesZeroAndCreatesNothing()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Run("BITFIELD", "k", "GET", "u8", "0"), Is.EqualTo("*1\r\n:0\r\n"));
            Assert.That(KeyCount, Is.Zero);
        });
    }

    [Test]
    public void BitField_SetThenGet_RepliesOldThenWrappedValue() =>
        Assert.That(Run("BITFIELD", "k", "SET", "u8", "0", "300", "GET", "u8", "0"), Is.EqualTo("*2\r\n:0\r\n:44\r\n"));

    [Test]
    public void BitField_OverflowModes_ApplyToLaterOperations()
    {
        Run("BITFIELD", "k", "SET", "u8", "0", "44");
        Assert.That(
            Run("BITFIELD", "k", "OVERFLOW", "SAT", "SET", "u8", "0", "300", "GET", "u8", "0", "OVERFLOW", "FAIL", "INCRBY", "u8", "0", "10",
                "INCRBY", "i8", "0", "1", "OVERFLOW", "WRAP", "INCRBY", "u8", "0", "10"),
            Is.EqualTo("*5\r\n:44\r\n:255\r\n$-1\r\n:0\r\n:10\r\n"));
    }

    [Test]
    public void BitField_HashOffset_MultipliesByWidth()
    {
        Run("BITFIELD", "k", "SET", "u8", "#1", "65");
        Assert.That(Run("GET", "k"), Is.EqualTo("$2\r\n\0A\r\n"));
    }

    [Test]
    public void BitField_I64OnDigits_ReadsPastTheEndAsZero()
    {
        Run("SET", "s", "1");
        Assert.That(Run("BITFIELD", "s", "GET", "u8", "#0", "GET", "i64", "#1", "GET", "i5", "3"), Is.EqualTo("*3\r\n:49\r\n:0\r\n:-15\r\n"));
    }

    [Test]
    public void BitField_SetI64_RepliesOldValueReadAcrossDigits()
    {
        Run("SET", "s", "1");
        Assert.Multiple(() =>
        {
            Assert.That(Run("BITFIELD", "s", "SET", "i64", "0", "-1"), Is.EqualTo("*1\r\n:3530822107858468864\r\n"));
            Assert.That(Run("OBJECT", "ENCODING", "s"), Is.EqualTo("$3\r\nraw\r\n"));
        });
    }

    [Test]
    public void BitField_FailedWrite_StillCreatesTheKey()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Run("BITFIELD", "k", "OVERFLOW", "FAIL", "INCRBY", "u2", "0", "100"), Is.EqualTo("*1\r\n$-1\r\n"));
            Assert.That(Run("GET", "k"), Is.EqualTo("$1\r\n\0\r\n"));
        });
    }

    [Test]
    public void BitField_WritesThatHappened_CountAsChanges()
    {
        long before = Dirty;
        Run("BITFIELD", "k", "SET", "u8", "0", "1", "GET", "u8", "0", "OVERFLOW", "FAIL", "INCRBY", "u8", "0", "1000");
        Assert.That(Dirty, Is.EqualTo(before + 1));
    }

    [Test]
    public void BitField_SetToTheSameValue_CountsNoChange()
    {
        Run("BITFIELD", "k", "SET", "u8", "0", "1");
        long before = Dirty;
        Run("BITFIELD", "k", "SET", "u8", "0", "1");
        Assert.That(Dirty, Is.EqualTo(before));
    }

    [TestCase("u64")]
    [TestCase("i65")]
    [TestCase("i0")]
    [TestCase("x8")]
    public void BitField_BadType_RepliesTypeError(string type) =>
        Assert.That(Run("BITFIELD", "k", "GET", type, "0"), Is.EqualTo(BitfieldTypeError));

    [TestCase("-1")]
    [TestCase("#-1")]
    [TestCase("##1")]
    [TestCase("#536870912")]
    [TestCase("#9223372036854775807")]
    public void BitField_BadOffset_RepliesOffsetError(string offset) =>
        Assert.That(Run("BITFIELD", "k", "GET", "u8", offset), Is.EqualTo(BitOffsetError));

    [Test]
    public void BitField_LargestOffset_IsAccepted() =>
        Assert.That(Run("BITFIELD", "k", "GET", "u8", "#536870911"), Is.EqualTo("*1\r\n:0\r\n"));

    [Test]
    public void BitField_BadOverflowType_RepliesError() =>
        Assert.That(Run("BITFIELD", "k", "OVERFLOW", "CLAMP"), Is.EqualTo("-ERR Invalid OVERFLOW type specified\r\n"));

    [TestCase("GET")]
    [TestCase("GET", "u8")]
    [TestCase("OVERFLOW")]
    [TestCase("INCR", "u8", "0", "1")]
    public void BitField_IncompleteOrUnknownOperation_RepliesSyntaxError(params string[] operation) =>
        Assert.That(Run(["BITFIELD", "k", .. operation]), Is.EqualTo(SyntaxErrorReply));

    [Test]
    public void BitField_NonIntegerValue_RepliesNotIntegerAndWritesNothing()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Run("BITFIELD", "k", "SET", "u8", "0", "1", "SET", "u8", "0", "a"), Is.EqualTo(NotIntegerReply));
            Assert.That(KeyCount, Is.Zero);
        });
    }

    [Test]
    public void BitField_KeyHoldsList_RepliesWrongType()
    {
        Run("RPUSH", "l", "a");
        Assert.That(Run("BITFIELD", "l", "GET", "u8", "0"), Is.EqualTo(WrongTypeReply));
    }

    [Test]
    public void BitFieldRo_Get_ReadsTheField()
    {
        Run("SET", "k", "A");
        Assert.That(Run("BITFIELD_RO", "k", "OVERFLOW", "FAIL", "GET", "u8", "0"), Is.EqualTo("*1\r\n:65\r\n"));
    }

    [Test]
    public void BitFieldRo_Set_RepliesGetOnlyError() =>
        Assert.That(Run("BITFIELD_RO", "k", "GET", "u8", "0", "SET", "u8", "0", "1"),
            Is.EqualTo("-ERR BITFIELD_RO only supports the GET subcommand\r\n"));

    [Test]
    public void BitFieldRo_SyntaxError_IsReportedBeforeTheGetOnlyError() =>
        Assert.That(Run("BITFIELD_RO", "k", "SET", "u8", "0", "1", "FOO"), Is.EqualTo(SyntaxErrorReply));
}
