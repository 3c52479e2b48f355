using Reactor.MiniRedis.Engine.Tests.Support;

namespace Reactor.MiniRedis.Engine.Tests;

public sealed class SetCommandsTests : CommandTestBase
{
    [Test]
    public void SAdd_NewMembersWithRepeat_RepliesNumberAdded() =>
        Assert.That(Client.Execute("SADD", "s", "1", "2", "3", "2"), Is.EqualTo(":3\r\n"));

    [Test]
    public void SAdd_ExistingMembers_RepliesOnlyNewOnes()
    {
        Client.Execute("SADD", "s", "a", "b");
        Assert.That(Client.Execute("SADD", "s", "b", "c"), Is.EqualTo(":1\r\n"));
    }

    [Test]
    public void SAdd_NothingNew_AddsNothingToDirty()
    {
        Client.Execute("SADD", "s", "a");
        long before = Dirty;
        Client.Execute("SADD", "s", "a");
        Assert.That(Dirty, Is.EqualTo(before));
    }

    [Test]
    public void SAdd_KeyHoldsString_RepliesWrongType()
    {
        Client.Execute("SET", "k", "x");
        Assert.That(Client.Execute("SADD", "k", "a"), Is.EqualTo(WrongTypeReply));
    }

    [Test]
    public void SAdd_NoMember_RepliesWrongArity() =>
        Assert.That(Client.Execute("SADD", "s"), Is.EqualTo("-ERR wrong number of arguments for 'sadd' command\r\n"));

    [Test]
    public void SCard_Set_RepliesCount()
    {
        Client.Execute("SADD", "s", "1", "a", "2");
        Assert.That(Client.Execute("SCARD", "s"), Is.EqualTo(":3\r\n"));
    }

    [Test]
    public void SCard_MissingKey_RepliesZero() => Assert.That(Client.Execute("SCARD", "s"), Is.EqualTo(":0\r\n"));

    [Test]
    public void SCard_KeyHoldsList_RepliesWrongType()
    {
        Client.Execute("RPUSH", "l", "a");
        Assert.That(Client.Execute("SCARD", "l"), Is.EqualTo(WrongTypeReply));
    }

    [Test]
    public void SPop_MissingKey_RepliesNullBulk() => Assert.That(Client.Execute("SPOP", "s"), Is.EqualTo("$-1\r\n"));

    [Test]
    public void SPop_MissingKeyWithCount_RepliesEmptyArray() => Assert.That(Client.Execute("SPOP", "s", "3"), Is.EqualTo("*0\r\n"));

    [Test]
    public void SPop_OneMember_RepliesItAndDeletesKey()
    {
        Client.Execute("SADD", "s", "a");
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("SPOP", "s"), Is.EqualTo("$1\r\na\r\n"));
            Assert.That(KeyCount, Is.Zero);
        });
    }

    [Test]
    public void SPop_IntsetMember_RepliesDecimalBulk()
    {
        Client.Execute("SADD", "s", "-42");
        Assert.That(Client.Execute("SPOP", "s"), Is.EqualTo("$3\r\n-42\r\n"));
    }

    [Test]
    public void SPop_CountZero_RepliesEmptyArrayAndKeepsSet()
    {
        Client.Execute("SADD", "s", "a");
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("SPOP", "s", "0"), Is.EqualTo("*0\r\n"));
            Assert.That(Client.Execute("SCARD", "s"), Is.EqualTo(":1\r\n"));
        });
    }

    [Test]
    public void SPop_CountCoversIntset_RepliesAscendingAndDeletesKey()
    {
        Client.Execute("SADD", "s", "3", "1", "2");
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("SPOP", "s", "5"), Is.EqualTo(Resp.BulkArray("1", "2", "3")));
            Assert.That(KeyCount, Is.Zero);
        });
    }

    [Test]
    public void SPop_CountSmallerThanSet_RemovesThatManyDistinctMembers()
    {
        Client.Execute("SADD", "s", "a", "b", "c", "d");
        string reply = Client.Execute("SPOP", "s", "3");
        Assert.Multiple(() =>
        {
            Assert.That(reply, Does.StartWith("*3\r\n"));
            Assert.That(reply.Split("\r\n").Where(line => line.Length == 1).Distinct().Count(), Is.EqualTo(3));
            Assert.That(Client.Execute("SCARD", "s"), Is.EqualTo(":1\r\n"));
        });
    }

    [TestCase("-1")]
    [TestCase("x")]
    public void SPop_InvalidCount_RepliesMustBePositive(string count)
    {
        Client.Execute("SADD", "s", "a");
        Assert.That(Client.Execute("SPOP", "s", count), Is.EqualTo(MustBePositiveReply));
    }

    [Test]
    public void SPop_InvalidCountOnWrongType_RepliesCountErrorFirst()
    {
        Client.Execute("SET", "k", "x");
        Assert.That(Client.Execute("SPOP", "k", "-1"), Is.EqualTo(MustBePositiveReply));
    }

    [Test]
    public void SPop_TwoCounts_RepliesSyntaxError() =>
        Assert.That(Client.Execute("SPOP", "s", "1", "2"), Is.EqualTo(SyntaxErrorReply));

    [Test]
    public void SPop_KeyHoldsString_RepliesWrongType()
    {
        Client.Execute("SET", "k", "x");
        Assert.That(Client.Execute("SPOP", "k"), Is.EqualTo(WrongTypeReply));
    }

    [Test]
    public void SPop_CountOnWrongType_RepliesWrongType()
    {
        Client.Execute("SET", "k", "x");
        Assert.That(Client.Execute("SPOP", "k", "0"), Is.EqualTo(WrongTypeReply));
    }
    [Test]
    public void SPop_CountCoversSet_AddsSetSizeToDirty()
    {
        Client.Execute("SADD", "s", "1", "2", "3");
        long before = Dirty;
        Client.Execute("SPOP", "s", "10");
        Assert.That(Dirty - before, Is.EqualTo(3));
    }

    [Test]
    public void SPop_CountSmallerThanSet_AddsCountToDirty()
    {
        Client.Execute("SADD", "s", "1", "2", "3", "4", "5");
        long before = Dirty;
        Client.Execute("SPOP", "s", "2");
        Assert.That(Dirty - before, Is.EqualTo(2));
    }

    [Test]
    public void SPop_CountLeavingFewMembers_RebuildsSetWithSurvivorsEncoding()
    {
        Client.Execute("CONFIG", "SET", "set-max-intset-entries", "4");
        Client.Execute("SADD", "s", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10");
        string reply = Client.Execute("SPOP", "s", "9");
        string survivor = CollectionReply.Items(Client.Execute("SMEMBERS", "s")).Single()!;
        Assert.Multiple(() =>
        {
            Assert.That(CollectionReply.DistinctItems(reply).Append(survivor),
                Is.EquivalentTo(Enumerable.Range(1, 10).Select(i => i.ToString())));
            Assert.That(CollectionReply.EncodingOf(Harness, "s"), Is.EqualTo("intset"));
        });
    }

    [Test]
    public void SPop_CountLeavingFewMembers_RepliesPoppedInSetOrder()
    {
        Client.Execute("SADD", "s", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10");
        List<int> popped = CollectionReply.Items(Client.Execute("SPOP", "s", "9")).Select(item => int.Parse(item!)).ToList();
        Assert.That(popped, Is.Ordered);
    }

    [Test]
    public void SPop_CountLeavingFewMembers_KeepsTimeToLive()
    {
        Client.Execute("SADD", "s", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10");
        Client.Execute("EXPIRE", "s", "100");
        Client.Execute("SPOP", "s", "9");
        Assert.That(Client.Execute("TTL", "s"), Is.EqualTo(":100\r\n"));
    }

    [Test]
    public void SRem_SomeMembers_RepliesNumberRemoved()
    {
        Client.Execute("SADD", "s", "a", "b", "c");
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("SREM", "s", "a", "x", "c", "a"), Is.EqualTo(":2\r\n"));
            Assert.That(Client.Execute("SMEMBERS", "s"), Is.EqualTo(Resp.BulkArray("b")));
        });
    }

    [Test]
    public void SRem_IntsetMember_Removes()
    {
        Client.Execute("SADD", "s", "1", "2");
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("SREM", "s", "2", "x", "01"), Is.EqualTo(":1\r\n"));
            Assert.That(Client.Execute("SMEMBERS", "s"), Is.EqualTo(Resp.BulkArray("1")));
        });
    }

    [Test]
    public void SRem_LastMembers_DeletesKey()
    {
        Client.Execute("SADD", "s", "a", "b");
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("SREM", "s", "a", "b"), Is.EqualTo(":2\r\n"));
            Assert.That(KeyCount, Is.Zero);
        });
    }

    [Test]
    public void SRem_RemovedMembers_AddToDirty()
    {
        Client.Execute("SADD", "s", "a", "b", "c");
        long before = Dirty;
        Client.Execute("SREM", "s", "a", "x", "b");
        Assert.That(Dirty - before, Is.EqualTo(2));
    }

    [Test]
    public void SRem_MissingKey_RepliesZero() => Assert.That(Client.Execute("SREM", "s", "a"), Is.EqualTo(":0\r\n"));

    [Test]
    public void SRem_KeyHoldsString_RepliesWrongType()
    {
        Client.Execute("SET", "k", "x");
        Assert.That(Client.Execute("SREM", "k", "a"), Is.EqualTo(WrongTypeReply));
    }

    [Test]
    public void SRem_NoMember_RepliesWrongArity() =>
        Assert.That(Client.Execute("SREM", "s"), Is.EqualTo("-ERR wrong number of arguments for 'srem' command\r\n"));

    [Test]
    public void SMembers_Intset_RepliesAscending()
    {
        Client.Execute("SADD", "s", "30", "-2", "10");
        Assert.That(Client.Execute("SMEMBERS", "s"), Is.EqualTo(Resp.BulkArray("-2", "10", "30")));
    }

    [Test]
    public void SMembers_Hashtable_RepliesEveryMember()
    {
        Client.Execute("SADD", "s", "a", "1", "b\0\r\n");
        Assert.That(CollectionReply.DistinctItems(Client.Execute("SMEMBERS", "s")), Is.EquivalentTo(new[] { "a", "1", "b\0\r\n" }));
    }

    [Test]
    public void SMembers_MissingKey_RepliesEmptyArray() => Assert.That(Client.Execute("SMEMBERS", "s"), Is.EqualTo("*0\r\n"));

    [Test]
    public void SMembers_KeyHoldsString_RepliesWrongType()
    {
        Client.Execute("SET", "k", "x");
        Assert.That(Client.Execute("SMEMBERS", "k"), Is.EqualTo(WrongTypeReply));
    }

    [TestCase("a", ":1\r\n")]
    [TestCase("z", ":0\r\n")]
    [TestCase("7", ":1\r\n")]
    [TestCase("07", ":0\r\n")] // not the canonical form of 7
    public void SIsMember_Hashtable_RepliesMembership(string member, string expected)
    {
        Client.Execute("SADD", "s", "a", "7");
        Assert.That(Client.Execute("SISMEMBER", "s", member), Is.EqualTo(expected));
    }

    [TestCase("7", ":1\r\n")]
    [TestCase("8", ":0\r\n")]
    [TestCase("x", ":0\r\n")]
    public void SIsMember_Intset_RepliesMembership(string member, string expected)
    {
        Client.Execute("SADD", "s", "7", "9");
        Assert.That(Client.Execute("SISMEMBER", "s", member), Is.EqualTo(expected));
    }

    [Test]
    public void SIsMember_MissingKey_RepliesZero() => Assert.That(Client.Execute("SISMEMBER", "s", "a"), Is.EqualTo(":0\r\n"));

    [Test]
    public void SIsMember_KeyHoldsString_RepliesWrongType()
    {
        Client.Execute("SET", "k", "x");
        Assert.That(Client.Execute("SISMEMBER", "k", "a"), Is.EqualTo(WrongTypeReply));
    }

    [Test]
    public void SMIsMember_Members_RepliesOneFlagEach()
    {
        Client.Execute("SADD", "s", "3", "4", "5");
        Assert.That(Client.Execute("SMISMEMBER", "s", "3", "9", "5", "3"), Is.EqualTo("*4\r\n:1\r\n:0\r\n:1\r\n:1\r\n"));
    }

    [Test]
    public void SMIsMember_MissingKey_RepliesZeros() =>
        Assert.That(Client.Execute("SMISMEMBER", "s", "a", "b"), Is.EqualTo("*2\r\n:0\r\n:0\r\n"));

    [Test]
    public void SMIsMember_KeyHoldsString_RepliesWrongType()
    {
        Client.Execute("SET", "k", "x");
        Assert.That(Client.Execute("SMISMEMBER", "k", "a"), Is.EqualTo(WrongTypeReply));
    }

    [Test]
    public void SMIsMember_NoMember_RepliesWrongArity() =>
        Assert.That(Client.Execute("SMISMEMBER", "s"), Is.EqualTo("-ERR wrong number of arguments for 'smismember' command\r\n"));

    [Test]
    public void SRandMember_MissingKey_RepliesNullBulk() => Assert.That(Client.Execute("SRANDMEMBER", "s"), Is.EqualTo("$-1\r\n"));

    [Test]
    public void SRandMember_OneMember_RepliesIt()
    {
        Client.Execute("SADD", "s", "-42");
        Assert.That(Client.Execute("SRANDMEMBER", "s"), Is.EqualTo("$3\r\n-42\r\n"));
    }

    [Test]
    public void SRandMember_NoCount_LeavesSetUnchanged()
    {
        Client.Execute("SADD", "s", "a", "b");
        Client.Execute("SRANDMEMBER", "s");
        Assert.That(Client.Execute("SCARD", "s"), Is.EqualTo(":2\r\n"));
    }

    [TestCase("5")]
    [TestCase("-5")]
    [TestCase("0")]
    public void SRandMember_MissingKeyWithCount_RepliesEmptyArray(string count) =>
        Assert.That(Client.Execute("SRANDMEMBER", "s", count), Is.EqualTo("*0\r\n"));

    [Test]
    public void SRandMember_CountZero_RepliesEmptyArray()
    {
        Client.Execute("SADD", "s", "a");
        Assert.That(Client.Execute("SRANDMEMBER", "s", "0"), Is.EqualTo("*0\r\n"));
    }

    [Test]
    public void SRandMember_CountCoversIntset_RepliesWholeSetAscending()
    {
        Client.Execute("SADD", "s", "3", "1", "2");
        Assert.That(Client.Execute("SRANDMEMBER", "s", "3"), Is.EqualTo(Resp.BulkArray("1", "2", "3")));
    }

    [TestCase(1)]
    [TestCase(5)] // few: random picks
    [TestCase(40)] // close to the size: one selecting pass
    [TestCase(99)]
    public void SRandMember_PositiveCountBelowSize_RepliesThatManyDistinctMembers(int count)
    {
        string[] members = Enumerable.Range(0, 100).Select(i => $"m{i}").ToArray();
        Client.Execute(["SADD", "s", .. members]);
        HashSet<string> replied = CollectionReply.DistinctItems(Client.Execute("SRANDMEMBER", "s", count.ToString()));
        Assert.Multiple(() =>
        {
            Assert.That(replied, Has.Count.EqualTo(count));
            Assert.That(replied, Is.SubsetOf(members));
        });
    }

    [Test]
    public void SRandMember_NegativeCount_RepliesExactlyThatManyMembersWithRepeats()
    {
        Client.Execute("SADD", "s", "a", "b");
        List<string?> replied = CollectionReply.Items(Client.Execute("SRANDMEMBER", "s", "-20"));
        Assert.Multiple(() =>
        {
            Assert.That(replied, Has.Count.EqualTo(20));
            Assert.That(replied, Has.All.AnyOf("a", "b"));
        });
    }

    [Test]
    public void SRandMember_NegativeCountOnIntset_RepliesDecimalMembers()
    {
        Client.Execute("SADD", "s", "-7");
        Assert.That(Client.Execute("SRANDMEMBER", "s", "-2"), Is.EqualTo(Resp.BulkArray("-7", "-7")));
    }

    [Test]
    public void SRandMember_ManyCalls_ReachEveryMember()
    {
        Client.Execute("SADD", "s", "a", "b", "c", "1");
        var seen = new HashSet<string?>();
        for (int i = 0; i < 50; i++)
        {
            seen.UnionWith(CollectionReply.Items(Client.Execute("SRANDMEMBER", "s", "2")));
        }
        Assert.That(seen, Is.EquivalentTo(new[] { "a", "b", "c", "1" }));
    }

    [TestCase("s")]
    [TestCase("missing")]
    [TestCase("k")] // a string: the count is checked first
    public void SRandMember_MinimumInt64Count_RepliesRangeError(string key)
    {
        Client.Execute("SADD", "s", "a");
        Client.Execute("SET", "k", "x");
        Assert.That(Client.Execute("SRANDMEMBER", key, "-9223372036854775808"),
            Is.EqualTo("-ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807\r\n"));
    }

    [TestCase("abc")]
    [TestCase("9223372036854775808")]
    [TestCase("1.5")]
    public void SRandMember_CountNotInteger_RepliesNotInteger(string count) =>
        Assert.That(Client.Execute("SRANDMEMBER", "s", count), Is.EqualTo("-ERR value is not an integer or out of range\r\n"));

    [Test]
    public void SRandMember_TwoCounts_RepliesSyntaxError() =>
        Assert.That(Client.Execute("SRANDMEMBER", "s", "1", "2"), Is.EqualTo(SyntaxErrorReply));

    [Test]
    public void SRandMember_KeyHoldsString_RepliesWrongType()
    {
        Client.Execute("SET", "k", "x");
        Assert.That(Client.Execute("SRANDMEMBER", "k"), Is.EqualTo(WrongTypeReply));
    }

    [Test]
    public void SRandMember_CountOnWrongType_RepliesWrongType()
    {
        Client.Execute("SET", "k", "x");
        Assert.That(Client.Execute("SRANDMEMBER", "k", "0"), Is.EqualTo(WrongTypeReply));
    }

    [Test]
    public void SMove_Member_MovesIt()
    {
        Client.Execute("SADD", "src", "a", "b");
        Client.Execute("SADD", "dst", "c");
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("SMOVE", "src", "dst", "a"), Is.EqualTo(":1\r\n"));
            Assert.That(Client.Execute("SMEMBERS", "src"), Is.EqualTo(Resp.BulkArray("b")));
            Assert.That(CollectionReply.DistinctItems(Client.Execute("SMEMBERS", "dst")), Is.EquivalentTo(new[] { "a", "c" }));
        });
    }

    [Test]
    public void SMove_LastMember_DeletesSource()
    {
        Client.Execute("SADD", "src", "a");
        Client.Execute("SMOVE", "src", "dst", "a");
        Assert.That(Client.Execute("EXISTS", "src"), Is.EqualTo(":0\r\n"));
    }

    [TestCase("5", "intset")]
    [TestCase("a", "hashtable")]
    public void SMove_MissingDestination_CreatesItForTheMember(string member, string encoding)
    {
        Client.Execute("SADD", "src", member, "x");
        Client.Execute("SMOVE", "src", "dst", member);
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("SMEMBERS", "dst"), Is.EqualTo(Resp.BulkArray(member)));
            Assert.That(CollectionReply.EncodingOf(Harness, "dst"), Is.EqualTo(encoding));
        });
    }

    [Test]
    public void SMove_MemberAlreadyInDestination_RemovesItFromSourceOnly()
    {
        Client.Execute("SADD", "src", "a", "b");
        Client.Execute("SADD", "dst", "a");
        long before = Dirty;
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("SMOVE", "src", "dst", "a"), Is.EqualTo(":1\r\n"));
            Assert.That(Dirty - before, Is.EqualTo(1));
            Assert.That(Client.Execute("SCARD", "dst"), Is.EqualTo(":1\r\n"));
        });
    }

    [Test]
    public void SMove_NewMemberForDestination_AddsTwoToDirty()
    {
        Client.Execute("SADD", "src", "a", "b");
        long before = Dirty;
        Client.Execute("SMOVE", "src", "dst", "a");
        Assert.That(Dirty - before, Is.EqualTo(2));
    }

    [Test]
    public void SMove_MemberNotInSource_RepliesZero()
    {
        Client.Execute("SADD", "src", "a");
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("SMOVE", "src", "dst", "z"), Is.EqualTo(":0\r\n"));
            Assert.That(Client.Execute("EXISTS", "dst"), Is.EqualTo(":0\r\n"));
        });
    }

    [Test]
    public void SMove_MissingSourceAndWrongTypeDestination_RepliesZero()
    {
        Client.Execute("SET", "k", "x");
        Assert.That(Client.Execute("SMOVE", "src", "k", "a"), Is.EqualTo(":0\r\n"));
    }

    [Test]
    public void SMove_DestinationHoldsString_RepliesWrongType()
    {
        Client.Execute("SADD", "src", "a");
        Client.Execute("SET", "k", "x");
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("SMOVE", "src", "k", "a"), Is.EqualTo(WrongTypeReply));
            Assert.That(Client.Execute("SCARD", "src"), Is.EqualTo(":1\r\n"));
        });
    }

    [Test]
    public void SMove_SourceHoldsString_RepliesWrongType()
    {
        Client.Execute("SET", "k", "x");
        Assert.That(Client.Execute("SMOVE", "k", "dst", "a"), Is.EqualTo(WrongTypeReply));
    }

    [TestCase("a", ":1\r\n")]
    [TestCase("z", ":0\r\n")]
    public void SMove_SameKey_RepliesMembershipAndChangesNothing(string member, string expected)
    {
        Client.Execute("SADD", "s", "a");
        long before = Dirty;
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("SMOVE", "s", "s", member), Is.EqualTo(expected));
            Assert.That(Dirty, Is.EqualTo(before));
            Assert.That(Client.Execute("SMEMBERS", "s"), Is.EqualTo(Resp.BulkArray("a")));
        });
    }

    [Test]
    public void SAdd_MoreIntegersThanIntsetLimit_ConvertsToHashtable()
    {
        Client.Execute("CONFIG", "SET", "set-max-intset-entries", "2");
        Client.Execute("SADD", "s", "1", "2");
        Assert.That(CollectionReply.EncodingOf(Harness, "s"), Is.EqualTo("intset"));
        Client.Execute("SADD", "s", "3");
        Assert.That(CollectionReply.EncodingOf(Harness, "s"), Is.EqualTo("hashtable"));
    }
}
