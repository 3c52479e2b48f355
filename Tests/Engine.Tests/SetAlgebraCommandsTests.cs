using Reactor.MiniRedis.Engine.Tests.Support;

namespace Reactor.MiniRedis.Engine.Tests;

/// <summary>SINTER, SINTERCARD, SUNION, SDIFF and their STORE forms.</summary>
public sealed class SetAlgebraCommandsTests : CommandTestBase
{
    [Test]
    public void SInter_TwoSets_RepliesCommonMembers()
    {
        Client.Execute("SADD", "s1", "1", "2", "3", "4");
        Client.Execute("SADD", "s2", "3", "4", "5");
        Assert.That(Client.Execute("SINTER", "s1", "s2"), Is.EqualTo(Resp.BulkArray("3", "4")));
    }

    [Test]
    public void SInter_SmallestSetIsIntset_RepliesInItsAscendingOrder()
    {
        Client.Execute("SADD", "big", "c", "9", "b", "1", "a", "5");
        Client.Execute("SADD", "small", "9", "5", "1");
        Assert.That(Client.Execute("SINTER", "big", "small"), Is.EqualTo(Resp.BulkArray("1", "5", "9")));
    }

    [Test]
    public void SInter_IntsetAgainstHashtable_ComparesAsText()
    {
        Client.Execute("SADD", "ints", "1", "2", "3");
        Client.Execute("SADD", "mixed", "3", "x", "1", "y", "z");
        Assert.That(Client.Execute("SINTER", "mixed", "ints"), Is.EqualTo(Resp.BulkArray("1", "3")));
    }

    [Test]
    public void SInter_OneKey_RepliesItsMembers()
    {
        Client.Execute("SADD", "s", "2", "1");
        Assert.That(Client.Execute("SINTER", "s"), Is.EqualTo(Resp.BulkArray("1", "2")));
    }

    [Test]
    public void SInter_SameKeyTwice_RepliesItsMembers()
    {
        Client.Execute("SADD", "s", "a");
        Assert.That(Client.Execute("SINTER", "s", "s"), Is.EqualTo(Resp.BulkArray("a")));
    }

    [Test]
    public void SInter_MissingKey_RepliesEmptyArray()
    {
        Client.Execute("SADD", "s", "a");
        Assert.That(Client.Execute("SINTER", "s", "missing"), Is.EqualTo("*0\r\n"));
    }

    [Test]
    public void SInter_NoCommonMember_RepliesEmptyArray()
    {
        Client.Execute("SADD", "s1", "a");
        Client.Execute("SADD", "s2", "b");
        Assert.That(Client.Execute("SINTER", "s1", "s2"), Is.EqualTo("*0\r\n"));
    }

    [TestCase("missing", "k")]
    [TestCase("k", "missing")]
    [TestCase("s", "k")]
    public void SInter_AnyKeyHoldsString_RepliesWrongType(string first, string second)
    {
        Client.Execute("SADD", "s", "a");
        Client.Execute("SET", "k", "x");
        Assert.That(Client.Execute("SINTER", first, second), Is.EqualTo(WrongTypeReply));
    }

    [Test]
    public void SInter_NoKey_RepliesWrongArity() =>
        Assert.That(Client.Execute("SINTER"), Is.EqualTo("-ERR wrong number of arguments for 'sinter' command\r\n"));

    [Test]
    public void SInterStore_Result_StoresItAndRepliesSize()
    {
        Client.Execute("SADD", "s1", "1", "2", "3");
        Client.Execute("SADD", "s2", "2", "3", "4");
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("SINTERSTORE", "d", "s1", "s2"), Is.EqualTo(":2\r\n"));
            Assert.That(Client.Execute("SMEMBERS", "d"), Is.EqualTo(Resp.BulkArray("2", "3")));
        });
    }

    [Test]
    public void SInterStore_DestinationHoldsString_OverwritesIt()
    {
        Client.Execute("SADD", "s", "a");
        Client.Execute("SET", "d", "x");
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("SINTERSTORE", "d", "s"), Is.EqualTo(":1\r\n"));
            Assert.That(Client.Execute("TYPE", "d"), Is.EqualTo("+set\r\n"));
        });
    }

    [Test]
    public void SInterStore_DestinationWithTimeToLive_LosesIt()
    {
        Client.Execute("SADD", "s", "a");
        Client.Execute("SET", "d", "x", "EX", "100");
        Client.Execute("SINTERSTORE", "d", "s");
        Assert.That(Client.Execute("TTL", "d"), Is.EqualTo(":-1\r\n"));
    }

    [Test]
    public void SInterStore_EmptyResult_DeletesDestination()
    {
        Client.Execute("SADD", "s1", "a");
        Client.Execute("SADD", "s2", "b");
        Client.Execute("SET", "d", "x");
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("SINTERSTORE", "d", "s1", "s2"), Is.EqualTo(":0\r\n"));
            Assert.That(Client.Execute("EXISTS", "d"), Is.EqualTo(":0\r\n"));
        });
    }

    [Test]
    public void SInterStore_MissingSource_DeletesDestination()
    {
        Client.Execute("SADD", "d", "x");
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("SINTERSTORE", "d", "missing"), Is.EqualTo(":0\r\n"));
            Assert.That(KeyCount, Is.Zero);
        });
    }

    [Test]
    public void SInterStore_SourceHoldsString_RepliesWrongTypeAndKeepsDestination()
    {
        Client.Execute("SADD", "s", "a");
        Client.Execute("SET", "k", "x");
        Client.Execute("SET", "d", "old");
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("SINTERSTORE", "d", "k", "s"), Is.EqualTo(WrongTypeReply));
            Assert.That(Client.Execute("GET", "d"), Is.EqualTo("$3\r\nold\r\n"));
        });
    }

    [Test]
    public void SInterStore_MissingAndWrongTypeSources_RepliesWrongType()
    {
        Client.Execute("SET", "k", "x");
        Assert.That(Client.Execute("SINTERSTORE", "d", "missing", "k"), Is.EqualTo(WrongTypeReply));
    }

    [Test]
    public void SInterStore_DestinationIsASource_ReplacesIt()
    {
        Client.Execute("SADD", "s1", "1", "2", "3");
        Client.Execute("SADD", "s2", "2", "3", "4");
        Client.Execute("SINTERSTORE", "s1", "s1", "s2");
        Assert.That(Client.Execute("SMEMBERS", "s1"), Is.EqualTo(Resp.BulkArray("2", "3")));
    }

    [Test]
    public void SInterStore_IntegerResultFromHashtables_IsIntset()
    {
        Client.Execute("SADD", "s1", "a", "1", "2");
        Client.Execute("SADD", "s2", "b", "2", "1");
        Client.Execute("SINTERSTORE", "d", "s1", "s2");
        Assert.That(CollectionReply.EncodingOf(Harness, "d"), Is.EqualTo("intset"));
    }

    [Test]
    public void SInterStore_TextResult_IsHashtable()
    {
        Client.Execute("SADD", "s1", "a", "1");
        Client.Execute("SADD", "s2", "a", "1");
        Client.Execute("SINTERSTORE", "d", "s1", "s2");
        Assert.That(CollectionReply.EncodingOf(Harness, "d"), Is.EqualTo("hashtable"));
    }

    [Test]
    public void SInterStore_Result_AddsOneToDirty()
    {
        Client.Execute("SADD", "s", "a", "b");
        long before = Dirty;
        Client.Execute("SINTERSTORE", "d", "s");
        Assert.That(Dirty - before, Is.EqualTo(1));
    }

    [Test]
    public void SInterStore_EmptyResultAndNoDestination_AddsNothingToDirty()
    {
        long before = Dirty;
        Client.Execute("SINTERSTORE", "d", "missing");
        Assert.That(Dirty, Is.EqualTo(before));
    }

    [Test]
    public void SInterStore_NoSource_RepliesWrongArity() =>
        Assert.That(Client.Execute("SINTERSTORE", "d"), Is.EqualTo("-ERR wrong number of arguments for 'sinterstore' command\r\n"));

    [Test]
    public void SInterCard_TwoSets_RepliesIntersectionSize()
    {
        Client.Execute("SADD", "s1", "1", "2", "3", "4");
        Client.Execute("SADD", "s2", "3", "4", "5");
        Assert.That(Client.Execute("SINTERCARD", "2", "s1", "s2"), Is.EqualTo(":2\r\n"));
    }

    [TestCase("1", ":1\r\n")]
    [TestCase("0", ":2\r\n")] // 0 means no limit
    [TestCase("5", ":2\r\n")]
    public void SInterCard_Limit_StopsCounting(string limit, string expected)
    {
        Client.Execute("SADD", "s1", "1", "2", "3", "4");
        Client.Execute("SADD", "s2", "3", "4", "5");
        Assert.That(Client.Execute("SINTERCARD", "2", "s1", "s2", "LIMIT", limit), Is.EqualTo(expected));
    }

    [Test]
    public void SInterCard_LimitTwice_LastOneCounts()
    {
        Client.Execute("SADD", "s", "a", "b", "c");
        Assert.That(Client.Execute("SINTERCARD", "1", "s", "limit", "1", "limit", "2"), Is.EqualTo(":2\r\n"));
    }

    [Test]
    public void SInterCard_MissingKey_RepliesZero()
    {
        Client.Execute("SADD", "s", "a");
        Assert.That(Client.Execute("SINTERCARD", "2", "missing", "s"), Is.EqualTo(":0\r\n"));
    }

    [Test]
    public void SInterCard_MissingAndWrongTypeKeys_RepliesWrongType()
    {
        Client.Execute("SET", "k", "x");
        Assert.That(Client.Execute("SINTERCARD", "2", "missing", "k"), Is.EqualTo(WrongTypeReply));
    }

    [TestCase("0")]
    [TestCase("-1")]
    [TestCase("x")]
    [TestCase("9223372036854775808")]
    public void SInterCard_BadNumKeys_RepliesNumKeysError(string numKeys) =>
        Assert.That(Client.Execute("SINTERCARD", numKeys, "s"), Is.EqualTo("-ERR numkeys should be greater than 0\r\n"));

    [TestCase("3")]
    [TestCase("9223372036854775807")]
    public void SInterCard_NumKeysAboveArguments_RepliesNumKeysError(string numKeys) =>
        Assert.That(Client.Execute("SINTERCARD", numKeys, "s1", "s2"), Is.EqualTo("-ERR Number of keys can't be greater than number of args\r\n"));

    [TestCase("-1")]
    [TestCase("x")]
    public void SInterCard_BadLimit_RepliesLimitError(string limit) =>
        Assert.That(Client.Execute("SINTERCARD", "1", "s", "LIMIT", limit), Is.EqualTo("-ERR LIMIT can't be negative\r\n"));

    [TestCase("2", "s1", "s2", "LIMIT")] // LIMIT without a value
    [TestCase("2", "s1", "s2", "foo")]
    [TestCase("1", "s1", "s2")] // an extra key is an unknown option
    [TestCase("2", "s1", "s2", "LIMIT", "1", "foo")]
    public void SInterCard_UnknownOption_RepliesSyntaxError(params string[] args) =>
        Assert.That(Client.Execute(["SINTERCARD", .. args]), Is.EqualTo(SyntaxErrorReply));

    [Test]
    public void SInterCard_TooFewArguments_RepliesWrongArity() =>
        Assert.That(Client.Execute("SINTERCARD", "1"), Is.EqualTo("-ERR wrong number of arguments for 'sintercard' command\r\n"));

    [Test]
    public void SUnion_IntegerSets_RepliesSortedUnion()
    {
        Client.Execute("SADD", "s1", "5", "1");
        Client.Execute("SADD", "s2", "3", "1");
        Assert.That(Client.Execute("SUNION", "s1", "s2"), Is.EqualTo(Resp.BulkArray("1", "3", "5")));
    }

    [Test]
    public void SUnion_MixedSets_RepliesEveryMemberOnce()
    {
        Client.Execute("SADD", "s1", "a", "1");
        Client.Execute("SADD", "s2", "b", "1");
        Assert.That(CollectionReply.DistinctItems(Client.Execute("SUNION", "s1", "s2", "missing")), Is.EquivalentTo(new[] { "a", "b", "1" }));
    }

    [Test]
    public void SUnion_OnlyMissingKeys_RepliesEmptyArray() =>
        Assert.That(Client.Execute("SUNION", "m1", "m2"), Is.EqualTo("*0\r\n"));

    [Test]
    public void SUnion_MissingAndWrongTypeKeys_RepliesWrongType()
    {
        Client.Execute("SET", "k", "x");
        Assert.That(Client.Execute("SUNION", "missing", "k"), Is.EqualTo(WrongTypeReply));
    }

    [Test]
    public void SUnionStore_Result_StoresItAndRepliesSize()
    {
        Client.Execute("SADD", "s1", "1", "2");
        Client.Execute("SADD", "s2", "2", "3");
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("SUNIONSTORE", "d", "s1", "s2"), Is.EqualTo(":3\r\n"));
            Assert.That(Client.Execute("SMEMBERS", "d"), Is.EqualTo(Resp.BulkArray("1", "2", "3")));
            Assert.That(CollectionReply.EncodingOf(Harness, "d"), Is.EqualTo("intset"));
        });
    }

    [Test]
    public void SUnionStore_MoreIntegersThanIntsetLimit_IsHashtable()
    {
        Client.Execute("CONFIG", "SET", "set-max-intset-entries", "3");
        Client.Execute("SADD", "s1", "1", "2");
        Client.Execute("SADD", "s2", "3", "4");
        Client.Execute("SUNIONSTORE", "d", "s1", "s2");
        Assert.That(CollectionReply.EncodingOf(Harness, "d"), Is.EqualTo("hashtable"));
    }

    [Test]
    public void SUnionStore_OnlyMissingSources_DeletesDestinationAndAddsOneToDirty()
    {
        Client.Execute("SET", "d", "x");
        long before = Dirty;
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("SUNIONSTORE", "d", "missing"), Is.EqualTo(":0\r\n"));
            Assert.That(KeyCount, Is.Zero);
            Assert.That(Dirty - before, Is.EqualTo(1));
        });
    }

    [Test]
    public void SUnionStore_SourceHoldsString_RepliesWrongType()
    {
        Client.Execute("SET", "k", "x");
        Assert.That(Client.Execute("SUNIONSTORE", "d", "k"), Is.EqualTo(WrongTypeReply));
    }

    [Test]
    public void SDiff_FirstMinusOthers_RepliesDifference()
    {
        Client.Execute("SADD", "s1", "1", "2", "3", "4");
        Client.Execute("SADD", "s2", "2");
        Client.Execute("SADD", "s3", "4", "9");
        Assert.That(Client.Execute("SDIFF", "s1", "s2", "s3", "missing"), Is.EqualTo(Resp.BulkArray("1", "3")));
    }

    [Test]
    public void SDiff_SmallFirstSet_RepliesDifference()
    {
        // Testing each member of the first set is the cheaper algorithm here.
        Client.Execute("SADD", "small", "3", "7", "x");
        Client.Execute("SADD", "big", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10");
        Assert.That(Client.Execute("SDIFF", "small", "big"), Is.EqualTo(Resp.BulkArray("x")));
    }

    [Test]
    public void SDiff_BigFirstSet_RepliesDifference()
    {
        // Copying the first set and removing the others' members is the cheaper algorithm here.
        Client.Execute("SADD", "big", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10");
        Client.Execute("SADD", "small", "3", "7", "x");
        Assert.That(Client.Execute("SDIFF", "big", "small", "small", "small"), Is.EqualTo(Resp.BulkArray("1", "2", "4", "5", "6", "8", "9", "10")));
    }

    [Test]
    public void SDiff_FirstKeyRepeated_RepliesEmptyArray()
    {
        Client.Execute("SADD", "s1", "a");
        Client.Execute("SADD", "s2", "b");
        Assert.That(Client.Execute("SDIFF", "s1", "s2", "s1"), Is.EqualTo("*0\r\n"));
    }

    [Test]
    public void SDiff_MissingFirstKey_RepliesEmptyArray()
    {
        Client.Execute("SADD", "s", "a");
        Assert.That(Client.Execute("SDIFF", "missing", "s"), Is.EqualTo("*0\r\n"));
    }

    [Test]
    public void SDiff_MissingAndWrongTypeKeys_RepliesWrongType()
    {
        Client.Execute("SET", "k", "x");
        Assert.That(Client.Execute("SDIFF", "missing", "k"), Is.EqualTo(WrongTypeReply));
    }

    [Test]
    public void SDiffStore_Result_StoresItAndRepliesSize()
    {
        Client.Execute("SADD", "s1", "a", "b", "3");
        Client.Execute("SADD", "s2", "3", "4");
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("SDIFFSTORE", "d", "s1", "s2"), Is.EqualTo(":2\r\n"));
            Assert.That(CollectionReply.DistinctItems(Client.Execute("SMEMBERS", "d")), Is.EquivalentTo(new[] { "a", "b" }));
        });
    }

    [Test]
    public void SDiffStore_EmptyResult_DeletesDestination()
    {
        Client.Execute("SADD", "s", "a");
        Client.Execute("SADD", "d", "x");
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("SDIFFSTORE", "d", "s", "s"), Is.EqualTo(":0\r\n"));
            Assert.That(Client.Execute("EXISTS", "d"), Is.EqualTo(":0\r\n"));
        });
    }

    [Test]
    public void SDiffStore_SourceHoldsString_RepliesWrongType()
    {
        Client.Execute("SET", "k", "x");
        Assert.That(Client.Execute("SDIFFSTORE", "d", "missing", "k"), Is.EqualTo(WrongTypeReply));
    }

    // SINTER, SINTERCARD, SUNION, SDIFF and the STORE forms on random sets of integers and text (some past the
    // intset limit, some keys missing or repeated) against HashSet<string>; stored results are read back and their
    // encoding checked.
    [Test]
    public void SetAlgebra_RandomSets_MatchReferenceModel()
    {
        const int IntsetLimit = 16;
        Client.Execute("CONFIG", "SET", "set-max-intset-entries", IntsetLimit.ToString());
        var random = new Random(2024);
        var model = new Dictionary<string, HashSet<string>>();
        string[] keys = ["k0", "k1", "k2", "k3", "k4"];
        for (int round = 0; round < 300; round++)
        {
            if (round % 10 == 0)
            {
                RefillRandomSets(random, keys, model);
            }
            string[] sources = Enumerable.Range(0, random.Next(1, 5)).Select(_ => keys[random.Next(keys.Length)]).ToArray();
            HashSet<string>[] operands = sources.Select(key => model.GetValueOrDefault(key) ?? []).ToArray();
            HashSet<string> intersection = Combine(operands, (a, b) => a.IntersectWith(b));
            HashSet<string> union = Combine(operands, (a, b) => a.UnionWith(b));
            HashSet<string> difference = Combine(operands, (a, b) => a.ExceptWith(b));
            string context = $"round {round}: {string.Join(' ', sources)}";
            switch (random.Next(7))
            {
                case 0:
                    Assert.That(CollectionReply.DistinctItems(Client.Execute(["SINTER", .. sources])), Is.EquivalentTo(intersection), context);
                    break;
                case 1:
                    Assert.That(CollectionReply.DistinctItems(Client.Execute(["SUNION", .. sources])), Is.EquivalentTo(union), context);
                    break;
                case 2:
                    Assert.That(CollectionReply.DistinctItems(Client.Execute(["SDIFF", .. sources])), Is.EquivalentTo(difference), context);
                    break;
                case 3:
                    int limit = random.Next(4);
                    long expected = limit == 0 ? intersection.Count : Math.Min(limit, intersection.Count);
                    Assert.That(Client.Execute(["SINTERCARD", sources.Length.ToString(), .. sources, "LIMIT", limit.ToString()]),
                        Is.EqualTo($":{expected}\r\n"), context);
                    break;
                default:
                    string command = new[] { "SINTERSTORE", "SUNIONSTORE", "SDIFFSTORE" }[random.Next(3)];
                    HashSet<string> result = command switch
                    {
                        "SINTERSTORE" => intersection,
                        "SUNIONSTORE" => union,
                        _ => difference,
                    };
                    string destination = keys[random.Next(keys.Length)];
                    Assert.That(Client.Execute([command, destination, .. sources]), Is.EqualTo($":{result.Count}\r\n"), context);
                    CheckStored(destination, result, IntsetLimit, context);
                    model.Remove(destination);
                    if (result.Count > 0)
                    {
                        model[destination] = result;
                    }
                    break;
            }
        }
    }

    private void RefillRandomSets(Random random, string[] keys, Dictionary<string, HashSet<string>> model)
    {
        foreach (string key in keys)
        {
            Client.Execute("DEL", key);
            model.Remove(key);
            if (random.Next(5) == 0)
            {
                continue; // a missing key
            }
            int size = random.Next(1, 40);
            bool integersOnly = random.Next(2) == 0;
            var members = new HashSet<string>();
            for (int i = 0; i < size; i++)
            {
                members.Add(integersOnly || random.Next(3) > 0 ? random.Next(-30, 30).ToString() : $"m{random.Next(20)}");
            }
            Client.Execute(["SADD", key, .. members]);
            model[key] = members;
        }
    }

    private void CheckStored(string key, HashSet<string> expected, int intsetLimit, string context)
    {
        if (expected.Count == 0)
        {
            Assert.That(Client.Execute("EXISTS", key), Is.EqualTo(":0\r\n"), context);
            return;
        }
        bool integers = expected.All(member => long.TryParse(member, out long value) && value.ToString() == member);
        Assert.Multiple(() =>
        {
            Assert.That(CollectionReply.DistinctItems(Client.Execute("SMEMBERS", key)), Is.EquivalentTo(expected), context);
            Assert.That(CollectionReply.EncodingOf(Harness, key), Is.EqualTo(integers && expected.Count <= intsetLimit ? "intset" : "hashtable"), context);
        });
    }

    private static HashSet<string> Combine(HashSet<string>[] operands, Action<HashSet<string>, HashSet<string>> apply)
    {
        var result = new HashSet<string>(operands[0]);
        foreach (HashSet<string> operand in operands.Skip(1))
        {
            apply(result, operand);
        }
        return result;
    }
}
