using System.Text;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Storage.Tests;

public sealed class RedisSetTests
{
    [Test]
    public void Add_NewMember_ReturnsTrue() => Assert.That(new RedisSet(new EncodingLimits()).Add("a"u8), Is.True);

    [Test]
    public void Add_ExistingMember_ReturnsFalse()
    {
        var set = FromStrings("a");
        Assert.That(set.Add("a"u8), Is.False);
    }

    [Test]
    public void Add_ExistingInteger_ReturnsFalse()
    {
        var set = FromStrings("7");
        Assert.Multiple(() =>
        {
            Assert.That(set.Add("7"u8), Is.False);
            Assert.That(set.Count, Is.EqualTo(1));
        });
    }

    [Test]
    public void Encoding_OnlyIntegers_IsIntset() =>
        Assert.That(FromStrings("1", "-5", "9223372036854775807", "-9223372036854775808").Encoding, Is.EqualTo("intset"));

    [Test]
    public void Encoding_NonIntegerMember_IsHashtable() =>
        Assert.That(FromStrings("1", "a").Encoding, Is.EqualTo("hashtable"));

    [TestCase("01")] // leading zero: not canonical for string2ll
    [TestCase("1.0")]
    [TestCase("+1")]
    [TestCase("9223372036854775808")] // one past long.MaxValue
    public void Encoding_NonCanonicalInteger_IsHashtable(string member) =>
        Assert.That(FromStrings("1", member).Encoding, Is.EqualTo("hashtable"));

    [Test]
    public void Encoding_MoreThan512Integers_IsHashtable()
    {
        var set = new RedisSet(new EncodingLimits());
        for (int i = 0; i < EncodingLimits.DefaultSetMaxIntsetEntries; i++)
        {
            set.Add(Encoding.ASCII.GetBytes(i.ToString()));
        }
        Assert.That(set.Encoding, Is.EqualTo("intset"));
        set.Add("100000"u8);
        Assert.Multiple(() =>
        {
            Assert.That(set.Encoding, Is.EqualTo("hashtable"));
            Assert.That(set.Count, Is.EqualTo(EncodingLimits.DefaultSetMaxIntsetEntries + 1));
            Assert.That(set.Contains("511"u8), Is.True);
        });
    }

    [Test]
    public void MemberAt_Intset_IsAscending() =>
        Assert.That(Members(FromStrings("30", "-2", "10")), Is.EqualTo(new[] { "-2", "10", "30" }));

    [Test]
    public void MemberAt_IntsetMember_IsInteger() => Assert.That(FromStrings("5").MemberAt(0).IsInteger, Is.True);

    [Test]
    public void Contains_IntegerInHashtable_ComparesBytes()
    {
        var set = FromStrings("1", "a");
        Assert.Multiple(() =>
        {
            Assert.That(set.Contains("1"u8), Is.True);
            Assert.That(set.Contains("01"u8), Is.False);
        });
    }

    [Test]
    public void Contains_NonIntegerInIntset_ReturnsFalse() => Assert.That(FromStrings("1").Contains("x"u8), Is.False);

    [Test]
    public void Remove_Intset_RemovesMember()
    {
        var set = FromStrings("1", "2", "3");
        Assert.Multiple(() =>
        {
            Assert.That(set.Remove("2"u8), Is.True);
            Assert.That(set.Remove("2"u8), Is.False);
            Assert.That(set.Remove("x"u8), Is.False);
            Assert.That(Members(set), Is.EqualTo(new[] { "1", "3" }));
        });
    }

    [Test]
    public void Remove_Hashtable_RemovesMember()
    {
        var set = FromStrings("a", "b");
        Assert.Multiple(() =>
        {
            Assert.That(set.Remove("a"u8), Is.True);
            Assert.That(Members(set), Is.EqualTo(new[] { "b" }));
        });
    }

    [Test]
    public void PopRandom_Empty_Throws() => Assert.Throws<InvalidOperationException>(() => new RedisSet(new EncodingLimits()).PopRandom());

    [Test]
    public void PopRandom_UntilEmpty_ReturnsEveryMemberOnce()
    {
        var set = FromStrings("1", "2", "3", "a", "b");
        var popped = new List<string>();
        while (set.Count > 0)
        {
            popped.Add(Encoding.ASCII.GetString(set.PopRandom().ToArray()));
        }
        Assert.That(popped, Is.EquivalentTo(new[] { "1", "2", "3", "a", "b" }));
    }

    [Test]
    public void PopRandom_ManyTimes_ReachesEveryMember()
    {
        var seen = new HashSet<string>();
        for (int i = 0; i < 200; i++)
        {
            seen.Add(Encoding.ASCII.GetString(FromStrings("1", "2", "3", "4").PopRandom().ToArray()));
        }
        Assert.That(seen, Is.EquivalentTo(new[] { "1", "2", "3", "4" }));
    }

    [Test]
    public void RandomMember_LeavesTheSetUnchanged()
    {
        var set = FromStrings("a", "b");
        set.RandomMember();
        Assert.That(set.Count, Is.EqualTo(2));
    }

    [Test]
    public void AddMember_IntegerIntoIntset_StaysIntset()
    {
        var set = FromStrings("1");
        Assert.Multiple(() =>
        {
            Assert.That(set.Add(new SetMember(-5)), Is.True);
            Assert.That(set.Add(new SetMember(1)), Is.False);
            Assert.That(set.Encoding, Is.EqualTo("intset"));
            Assert.That(Members(set), Is.EqualTo(new[] { "-5", "1" }));
        });
    }

    [Test]
    public void AddMember_IntegerTextIntoIntset_StaysIntset()
    {
        var set = FromStrings("1");
        set.Add(new SetMember("42"u8.ToArray()));
        Assert.That(set.Encoding, Is.EqualTo("intset"));
    }

    [Test]
    public void AddMember_IntegerIntoHashtable_StoresItsText()
    {
        var set = FromStrings("a");
        set.Add(new SetMember(7));
        Assert.That(set.Contains("7"u8), Is.True);
    }

    [Test]
    public void AddMember_LongTextIntoIntset_ConvertsAndSharesTheArray()
    {
        var set = FromStrings("1");
        byte[] member = "a member longer than 23 bytes"u8.ToArray();
        set.Add(new SetMember(member));
        Assert.Multiple(() =>
        {
            Assert.That(set.Encoding, Is.EqualTo("hashtable"));
            Assert.That(Enumerable.Range(0, set.Count).Any(i => !set.MemberAt(i).IsInteger && ReferenceEquals(set.MemberAt(i).Bytes, member)), Is.True);
        });
    }

    [Test]
    public void AddMember_PastIntsetLimit_ConvertsToHashtable()
    {
        var set = new RedisSet(new EncodingLimits { SetMaxIntsetEntries = 2 });
        set.Add(new SetMember(1));
        set.Add(new SetMember(2));
        set.Add(new SetMember(3));
        Assert.That(set.Encoding, Is.EqualTo("hashtable"));
    }

    [TestCase("5", true)]
    [TestCase("6", false)]
    public void ContainsMember_IntegerInHashtable_ComparesText(string present, bool expected)
    {
        var set = FromStrings("a", present);
        Assert.That(set.Contains(new SetMember(5)), Is.EqualTo(expected));
    }

    [TestCase("5", true)]
    [TestCase("05", false)]
    [TestCase("x", false)]
    public void ContainsMember_TextInIntset_ParsesIt(string member, bool expected) =>
        Assert.That(FromStrings("5", "9").Contains(new SetMember(Encoding.ASCII.GetBytes(member))), Is.EqualTo(expected));

    [Test]
    public void ContainsMember_IntegerInIntset_Bisects()
    {
        var set = FromStrings("1", "5", "9");
        Assert.Multiple(() =>
        {
            Assert.That(set.Contains(new SetMember(5)), Is.True);
            Assert.That(set.Contains(new SetMember(4)), Is.False);
        });
    }

    [Test]
    public void RemoveMember_IntegerFromIntset_RemovesIt()
    {
        var set = FromStrings("1", "5");
        Assert.Multiple(() =>
        {
            Assert.That(set.Remove(new SetMember(5)), Is.True);
            Assert.That(set.Remove(new SetMember(5)), Is.False);
            Assert.That(Members(set), Is.EqualTo(new[] { "1" }));
        });
    }

    [Test]
    public void RemoveMember_IntegerFromHashtable_RemovesItsText()
    {
        var set = FromStrings("a", "5");
        Assert.Multiple(() =>
        {
            Assert.That(set.Remove(new SetMember(5)), Is.True);
            Assert.That(Members(set), Is.EqualTo(new[] { "a" }));
        });
    }

    [Test]
    public void RemoveMember_TextFromHashtable_RemovesIt()
    {
        var set = FromStrings("a", "b");
        Assert.That(set.Remove(new SetMember("b"u8.ToArray())), Is.True);
    }

    // Random adds, removes and pops of integer and text members against HashSet<string>.
    [Test]
    public void RandomOperations_MatchReferenceModel()
    {
        var random = new Random(7);
        var set = new RedisSet(new EncodingLimits());
        var model = new HashSet<string>();
        for (int step = 0; step < 20_000; step++)
        {
            string member = random.Next(10) == 0 ? $"m{random.Next(300)}" : random.Next(-300, 300).ToString();
            byte[] bytes = Encoding.ASCII.GetBytes(member);
            switch (random.Next(4))
            {
                case 0:
                case 1:
                    Assert.That(set.Add(bytes), Is.EqualTo(model.Add(member)));
                    break;
                case 2:
                    Assert.That(set.Remove(bytes), Is.EqualTo(model.Remove(member)));
                    break;
                default:
                    if (model.Count > 0)
                    {
                        Assert.That(model.Remove(Encoding.ASCII.GetString(set.PopRandom().ToArray())), Is.True);
                    }
                    break;
            }
        }
        Assert.That(Members(set), Is.EquivalentTo(model));
    }

    private static RedisSet FromStrings(params string[] members)
    {
        var set = new RedisSet(new EncodingLimits());
        foreach (string member in members)
        {
            set.Add(Encoding.ASCII.GetBytes(member));
        }
        return set;
    }

    private static List<string> Members(RedisSet set)
    {
        var members = new List<string>();
        for (int i = 0; i < set.Count; i++)
        {
            members.Add(Encoding.ASCII.GetString(set.MemberAt(i).ToArray()));
        }
        return members;
    }
}
