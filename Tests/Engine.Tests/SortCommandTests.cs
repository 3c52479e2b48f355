using Reactor.MiniRedis.Engine.Tests.Support;

namespace Reactor.MiniRedis.Engine.Tests;

/// <summary>
/// SORT and SORT_RO against Redis 7.0.15's exact replies (every expected reply here was checked against a real
/// redis-server 7.0.15).
/// </summary>
public sealed class SortCommandTests : CommandTestBase
{
    private const string NotDoubleReply = "-ERR One or more scores can't be converted into double\r\n";

    private void Weights()
    {
        Run("RPUSH", "l", "3", "1", "2", "10");
        Run("SET", "w_3", "30");
        Run("SET", "w_1", "10");
        Run("SET", "w_2", "-5");
    }

    [Test]
    public void Sort_List_SortsNumerically()
    {
        Run("RPUSH", "l", "3", "1", "2", "10");
        Assert.That(Run("SORT", "l"), Is.EqualTo(Resp.BulkArray("1", "2", "3", "10")));
    }

    [Test]
    public void Sort_Desc_ReversesTheOrder()
    {
        Run("RPUSH", "l", "3", "1", "2", "10");
        Assert.That(Run("SORT", "l", "DESC"), Is.EqualTo(Resp.BulkArray("10", "3", "2", "1")));
    }

    [Test]
    public void Sort_Alpha_SortsByBytes()
    {
        Run("RPUSH", "l", "3", "1", "2", "10");
        Assert.That(Run("SORT", "l", "ALPHA"), Is.EqualTo(Resp.BulkArray("1", "10", "2", "3")));
    }

    // Redis compares with strcoll, which stops at a NUL byte: "a\0b", "a" and "a\0" are equal and keep their order.
    [Test]
    public void Sort_AlphaElementsWithNulBytes_ComparesUpToTheNul()
    {
        Run("RPUSH", "l", "\0\u00ff", "", "-2", "a\0b", "a", "a\0");
        Assert.That(Run("SORT", "l", "ALPHA"), Is.EqualTo(Resp.BulkArray("\0\u00ff", "", "-2", "a\0b", "a", "a\0")));
    }

    // With STORE, Redis compares the whole bytes (compareStringObjects), so that replicas store the same list.
    [Test]
    public void Sort_AlphaStoreElementsWithNulBytes_ComparesAllBytes()
    {
        Run("RPUSH", "l", "\0\u00ff", "", "-2", "a\0b", "a", "a\0");
        Run("SORT", "l", "ALPHA", "STORE", "d");
        Assert.That(Run("LRANGE", "d", "0", "-1"), Is.EqualTo(Resp.BulkArray("", "\0\u00ff", "-2", "a", "a\0", "a\0b")));
    }

    [Test]
    public void Sort_Limit_ReturnsTheRange()
    {
        Run("RPUSH", "l", "3", "1", "2", "10");
        Assert.That(Run("SORT", "l", "LIMIT", "1", "2"), Is.EqualTo(Resp.BulkArray("2", "3")));
    }

    [TestCase("0", "0", "*0\r\n")]
    [TestCase("10", "10", "*0\r\n")]
    [TestCase("2", "-1", "*2\r\n$1\r\n3\r\n$2\r\n10\r\n")]
    [TestCase("-5", "-10", "*4\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$2\r\n10\r\n")]
    public void Sort_LimitEdges_ClampLikeRedis(string offset, string count, string expected)
    {
        Run("RPUSH", "l", "3", "1", "2", "10");
        Assert.That(Run("SORT", "l", "LIMIT", offset, count), Is.EqualTo(expected));
    }

    [Test]
    public void Sort_NonNumericElement_RepliesConversionError()
    {
        Run("RPUSH", "l", "a", "1");
        Assert.That(Run("SORT", "l"), Is.EqualTo(NotDoubleReply));
    }

    [Test]
    public void Sort_StrtodForms_AreAccepted()
    {
        Run("RPUSH", "l", "1.5", " 2", "", "0x10", "-inf");
        Assert.That(Run("SORT", "l"), Is.EqualTo(Resp.BulkArray("-inf", "", "1.5", " 2", "0x10")));
    }

    [TestCase("2 ")]
    [TestCase("nan")]
    [TestCase(" ")]
    [TestCase("1e400")]
    public void Sort_NotADouble_RepliesConversionError(string element)
    {
        Run("RPUSH", "l", element);
        Assert.That(Run("SORT", "l"), Is.EqualTo(NotDoubleReply));
    }

    [Test]
    public void Sort_EqualScores_BreakTiesByComparingElements()
    {
        Run("RPUSH", "l", "b", "a", "c");
        Assert.That(Run("SORT", "l", "BY", "nosuch_*"), Is.EqualTo(Resp.BulkArray("a", "b", "c")));
    }

    [Test]
    public void Sort_MissingKey_RepliesEmptyArray() => Assert.That(Run("SORT", "nosuch"), Is.EqualTo("*0\r\n"));

    [Test]
    public void Sort_KeyHoldsString_RepliesWrongType()
    {
        Run("SET", "k", "1");
        Assert.That(Run("SORT", "k"), Is.EqualTo(WrongTypeReply));
    }

    [Test]
    public void Sort_Set_SortsItsMembers()
    {
        Run("SADD", "s", "5", "-1", "3");
        Assert.That(Run("SORT", "s"), Is.EqualTo(Resp.BulkArray("-1", "3", "5")));
    }

    [Test]
    public void Sort_SortedSet_SortsMembersNotScores()
    {
        Run("ZADD", "z", "1", "30", "2", "10", "3", "20");
        Assert.That(Run("SORT", "z"), Is.EqualTo(Resp.BulkArray("10", "20", "30")));
    }

    [Test]
    public void Sort_ByPattern_SortsByWeights()
    {
        Weights();
        Assert.That(Run("SORT", "l", "BY", "w_*"), Is.EqualTo(Resp.BulkArray("2", "10", "1", "3")));
    }

    [Test]
    public void Sort_GetPatterns_ReplyValuesAndNil()
    {
        Weights();
        Assert.That(Run("SORT", "l", "BY", "w_*", "GET", "#", "GET", "w_*"),
            Is.EqualTo("*8\r\n$1\r\n2\r\n$2\r\n-5\r\n$2\r\n10\r\n$-1\r\n$1\r\n1\r\n$2\r\n10\r\n$1\r\n3\r\n$2\r\n30\r\n"));
    }

    [Test]
    public void Sort_HashFieldPatterns_DereferenceFields()
    {
        Run("RPUSH", "l", "3", "1", "2", "10");
        Run("HSET", "h_3", "f", "x");
        Run("HSET", "h_1", "f", "y");
        Assert.That(Run("SORT", "l", "BY", "h_*->f", "ALPHA", "GET", "h_*->f", "GET", "#"),
            Is.EqualTo("*8\r\n$-1\r\n$1\r\n2\r\n$-1\r\n$2\r\n10\r\n$1\r\nx\r\n$1\r\n3\r\n$1\r\ny\r\n$1\r\n1\r\n"));
    }

    [Test]
    public void Sort_GetPatternWithoutStar_RepliesNil()
    {
        Run("RPUSH", "l", "1");
        Run("SET", "fixed", "v");
        Assert.That(Run("SORT", "l", "GET", "fixed"), Is.EqualTo("*1\r\n$-1\r\n"));
    }

    [Test]
    public void Sort_GetPatternOnWrongType_RepliesNil()
    {
        Run("RPUSH", "l", "1");
        Run("RPUSH", "v_1", "x");
        Assert.That(Run("SORT", "l", "GET", "v_*", "GET", "v_*->f"), Is.EqualTo("*2\r\n$-1\r\n$-1\r\n"));
    }

    [Test]
    public void Sort_EmptyFieldAfterArrow_IsPartOfTheKeyName()
    {
        Run("RPUSH", "l", "1");
        Run("SET", "v_1->", "plain");
        Assert.That(Run("SORT", "l", "GET", "v_*->"), Is.EqualTo(Resp.BulkArray("plain")));
    }

    [Test]
    public void Sort_IntEncodedGetValue_IsReplied()
    {
        Run("RPUSH", "l", "1");
        Run("SET", "v_1", "42");
        Assert.That(Run("SORT", "l", "GET", "v_*"), Is.EqualTo(Resp.BulkArray("42")));
    }

    [Test]
    public void Sort_ByNonNumericWeight_RepliesConversionError()
    {
        Run("RPUSH", "l", "1");
        Run("SET", "w_1", "abc");
        Assert.That(Run("SORT", "l", "BY", "w_*"), Is.EqualTo(NotDoubleReply));
    }

    [Test]
    public void Sort_ByNosortOnList_KeepsListOrderWithDescAndLimit()
    {
        Run("RPUSH", "l", "3", "1", "2", "10");
        Assert.That(Run("SORT", "l", "BY", "nosort", "DESC", "LIMIT", "1", "2"), Is.EqualTo(Resp.BulkArray("2", "1")));
    }

    [Test]
    public void Sort_ByNosortOnSortedSet_KeepsScoreOrder()
    {
        Run("ZADD", "z", "3", "a", "1", "b", "2", "c");
        Assert.Multiple(() =>
        {
            Assert.That(Run("SORT", "z", "BY", "nosort"), Is.EqualTo(Resp.BulkArray("b", "c", "a")));
            Assert.That(Run("SORT", "z", "BY", "nosort", "DESC", "LIMIT", "0", "2"), Is.EqualTo(Resp.BulkArray("a", "c")));
        });
    }

    [Test]
    public void Sort_SortedSet_IsConvertedToSkiplist()
    {
        Run("ZADD", "z", "1", "a");
        Run("SORT", "z", "BY", "nosort");
        Assert.That(Run("OBJECT", "ENCODING", "z"), Is.EqualTo("$8\r\nskiplist\r\n"));
    }

    [Test]
    public void Sort_ByNosortThenPattern_StillDoesNotSort()
    {
        Weights();
        Assert.That(Run("SORT", "l", "BY", "nosort", "BY", "w_*"), Is.EqualTo(Resp.BulkArray("3", "1", "2", "10")));
    }

    [Test]
    public void Sort_StoreSetByNosort_SortsAlpha()
    {
        Run("SADD", "s", "b", "c", "a");
        Assert.Multiple(() =>
        {
            Assert.That(Run("SORT", "s", "BY", "nosort", "STORE", "d"), Is.EqualTo(":3\r\n"));
            Assert.That(Run("LRANGE", "d", "0", "-1"), Is.EqualTo(Resp.BulkArray("a", "b", "c")));
        });
    }

    [Test]
    public void Sort_Store_WritesListAndRepliesCount()
    {
        Run("RPUSH", "l", "3", "1", "2", "10");
        Run("SET", "d", "old", "EX", "100");
        Assert.Multiple(() =>
        {
            Assert.That(Run("SORT", "l", "STORE", "d"), Is.EqualTo(":4\r\n"));
            Assert.That(Run("LRANGE", "d", "0", "-1"), Is.EqualTo(Resp.BulkArray("1", "2", "3", "10")));
            Assert.That(Run("TTL", "d"), Is.EqualTo(":-1\r\n"));
        });
    }

    [Test]
    public void Sort_StoreWithGet_StoresEmptyStringForMissingValues()
    {
        Run("RPUSH", "l", "1", "2");
        Run("SET", "v_2", "two");
        Assert.Multiple(() =>
        {
            Assert.That(Run("SORT", "l", "GET", "#", "GET", "v_*", "STORE", "d"), Is.EqualTo(":4\r\n"));
            Assert.That(Run("LRANGE", "d", "0", "-1"), Is.EqualTo(Resp.BulkArray("1", "", "2", "two")));
        });
    }

    [Test]
    public void Sort_StoreEmptyResult_DeletesDestination()
    {
        Run("RPUSH", "l", "1");
        Run("SET", "d", "x");
        Assert.Multiple(() =>
        {
            Assert.That(Run("SORT", "l", "LIMIT", "0", "0", "STORE", "d"), Is.EqualTo(":0\r\n"));
            Assert.That(Run("EXISTS", "d"), Is.EqualTo(":0\r\n"));
        });
    }

    [Test]
    public void Sort_StoreOfMissingKey_RepliesZero() => Assert.That(Run("SORT", "nosuch", "STORE", "d"), Is.EqualTo(":0\r\n"));

    [Test]
    public void Sort_Store_CountsEveryStoredElementAsAChange()
    {
        Run("RPUSH", "l", "1", "2", "3");
        long before = Dirty;
        Run("SORT", "l", "STORE", "d");
        Assert.That(Dirty, Is.EqualTo(before + 3));
    }

    [TestCase("LIMIT", "1")]
    [TestCase("FOO")]
    [TestCase("STORE")]
    [TestCase("BY")]
    [TestCase("GET")]
    public void Sort_BadOption_RepliesSyntaxError(params string[] options)
    {
        Run("RPUSH", "l", "1");
        Assert.That(Run(["SORT", "l", .. options]), Is.EqualTo(SyntaxErrorReply));
    }

    [Test]
    public void Sort_NonIntegerLimit_RepliesNotInteger() =>
        Assert.That(Run("SORT", "l", "LIMIT", "a", "2"), Is.EqualTo("-ERR value is not an integer or out of range\r\n"));

    [Test]
    public void Sort_OptionsAreCheckedBeforeTheType()
    {
        Run("SET", "k", "1");
        Assert.That(Run("SORT", "k", "FOO"), Is.EqualTo(SyntaxErrorReply));
    }

    [Test]
    public void SortRo_Store_RepliesSyntaxError()
    {
        Run("RPUSH", "l", "1");
        Assert.That(Run("SORT_RO", "l", "STORE", "d"), Is.EqualTo(SyntaxErrorReply));
    }

    [Test]
    public void SortRo_List_SortsLikeSort()
    {
        Run("RPUSH", "l", "b", "a");
        Assert.That(Run("SORT_RO", "l", "ALPHA", "DESC"), Is.EqualTo(Resp.BulkArray("b", "a")));
    }
}
