using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Storage.Tests;

public sealed class RedisListTests
{
    [Test]
    public void Push_HeadThenTail_OrdersElements()
    {
        var list = new RedisList();
        list.Push("b"u8, ListEnd.Head);
        list.Push("a"u8, ListEnd.Head);
        list.Push("c"u8, ListEnd.Tail);
        Assert.That(Elements(list), Is.EqualTo(new[] { "a", "b", "c" }));
    }

    [Test]
    public void Push_CopiesTheRequestBytes()
    {
        var list = new RedisList();
        byte[] request = "abc"u8.ToArray();
        list.Push(request, ListEnd.Tail);
        request[0] = (byte)'x';
        Assert.That(Encoding.ASCII.GetString(list[0]), Is.EqualTo("abc"));
    }

    // Long elements (over the 23 bytes a slot holds) keep arrays of their own, which a pop hands back for reuse.
    [Test]
    public void Push_AfterRecycleOfSameLength_ReusesTheArrayWithTheNewBytes()
    {
        var list = new RedisList();
        list.Push(Long('a'), ListEnd.Head);
        list.Push(Long('b'), ListEnd.Head);
        ListElement popped = list.Pop(ListEnd.Head);
        list.Recycle(popped);
        list.Push(Long('c'), ListEnd.Tail);
        Assert.Multiple(() =>
        {
            Assert.That(SameArray(list[1], popped), Is.True);
            Assert.That(Elements(list), Is.EqualTo(new[] { Text(Long('a')), Text(Long('c')) }));
        });
    }

    [Test]
    public void Push_AfterRecycleOfOtherLength_CopiesIntoANewArray()
    {
        var list = new RedisList();
        list.Push(Long('a'), ListEnd.Head);
        list.Push(Long('b'), ListEnd.Head);
        ListElement popped = list.Pop(ListEnd.Head);
        list.Recycle(popped);
        list.Push(Long('c', 31), ListEnd.Tail);
        Assert.Multiple(() =>
        {
            Assert.That(SameArray(list[1], popped), Is.False);
            Assert.That(Encoding.ASCII.GetString(popped.Span), Is.EqualTo(Text(Long('b'))));
        });
    }

    [Test]
    public void Recycle_ElementOverOneKilobyte_IsNotKept()
    {
        var list = new RedisList();
        list.Push(new byte[1025], ListEnd.Head);
        list.Push(new byte[1025], ListEnd.Head);
        ListElement popped = list.Pop(ListEnd.Head);
        long bytes = list.EstimatedBytes;
        list.Recycle(popped);
        list.Push(new byte[1025], ListEnd.Tail);
        Assert.Multiple(() =>
        {
            Assert.That(SameArray(list[1], popped), Is.False);
            Assert.That(list.EstimatedBytes, Is.GreaterThan(bytes), "no spare was counted before the push");
        });
    }

    [Test]
    public void EstimatedBytes_CountsTheSpare()
    {
        var list = new RedisList();
        list.Push(Long('a'), ListEnd.Head);
        list.Push(Long('b'), ListEnd.Head);
        long full = list.EstimatedBytes;
        list.Recycle(list.Pop(ListEnd.Head));
        Assert.That(list.EstimatedBytes, Is.EqualTo(full));
    }

    // A short element lives in its slot: popping it copies its bytes out, with no array to recycle.
    [Test]
    public void Recycle_ShortElement_KeepsNoSpare()
    {
        var list = new RedisList();
        list.Push("aaa"u8, ListEnd.Head);
        list.Push("bbb"u8, ListEnd.Head);
        ListElement popped = list.Pop(ListEnd.Head);
        long bytes = list.EstimatedBytes;
        list.Recycle(popped);
        Assert.Multiple(() =>
        {
            Assert.That(popped.Array, Is.Null);
            Assert.That(list.EstimatedBytes, Is.EqualTo(bytes));
        });
    }

    [Test]
    public void Pop_BothEnds_ReturnsStoredElements()
    {
        var list = new RedisList();
        foreach (string s in new[] { "a", "b", "c" })
        {
            list.Push(Encoding.ASCII.GetBytes(s), ListEnd.Tail);
        }
        Assert.Multiple(() =>
        {
            Assert.That(Encoding.ASCII.GetString(list.Pop(ListEnd.Head).Span), Is.EqualTo("a"));
            Assert.That(Encoding.ASCII.GetString(list.Pop(ListEnd.Tail).Span), Is.EqualTo("c"));
            Assert.That(list.Count, Is.EqualTo(1));
        });
    }

    [Test]
    public void Pop_Empty_Throws() =>
        Assert.Throws<InvalidOperationException>(() => new RedisList().Pop(ListEnd.Head));

    [Test]
    public void Indexer_OutOfRange_Throws()
    {
        var list = new RedisList();
        list.Push("a"u8, ListEnd.Tail);
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = list[1]);
    }

    [Test]
    public void Encoding_SmallList_IsQuicklistAsInRedis70() =>
        Assert.That(new RedisList().Encoding, Is.EqualTo("quicklist"));

    [Test]
    public void Type_IsList() => Assert.That(new RedisList().Type, Is.EqualTo(ObjectType.List));

    [Test]
    public void Insert_Middle_ShiftsShorterSide()
    {
        var list = FromStrings("a", "b", "d", "e");
        list.Insert(2, "c"u8.ToArray());
        list.Insert(0, "0"u8.ToArray());
        list.Insert(list.Count, "z"u8.ToArray());
        Assert.That(Elements(list), Is.EqualTo(new[] { "0", "a", "b", "c", "d", "e", "z" }));
    }

    [Test]
    public void RemoveAt_NearHeadAndTail_KeepsOrder()
    {
        var list = FromStrings("a", "b", "c", "d", "e", "f");
        list.RemoveAt(1);
        list.RemoveAt(3);
        Assert.That(Elements(list), Is.EqualTo(new[] { "a", "c", "d", "f" }));
    }

    [Test]
    public void GrowAndDrain_ManyElementsAroundTheRing_StayInOrder()
    {
        var list = new RedisList();
        for (int round = 0; round < 3; round++)
        {
            for (int i = 0; i < 1000; i++)
            {
                list.Push(Encoding.ASCII.GetBytes(i.ToString()), i % 2 == 0 ? ListEnd.Tail : ListEnd.Head);
            }
            for (int i = 0; i < 990; i++)
            {
                list.Pop(i % 3 == 0 ? ListEnd.Head : ListEnd.Tail);
            }
        }
        Assert.That(list.Count, Is.EqualTo(30));
    }

    [Test]
    public void IndexOf_SeveralMatches_ReturnsFirstFromHead()
    {
        var list = FromStrings("a", "b", "c", "b");
        Assert.That(list.IndexOf("b"u8), Is.EqualTo(1));
    }

    [Test]
    public void IndexOf_NoMatch_ReturnsMinusOne() => Assert.That(FromStrings("a", "b").IndexOf("c"u8), Is.EqualTo(-1));

    [Test]
    public void IndexOf_EmptyList_ReturnsMinusOne() => Assert.That(new RedisList().IndexOf("a"u8), Is.EqualTo(-1));

    [Test]
    public void IndexOf_BinaryElement_ComparesEveryByte()
    {
        var list = new RedisList();
        list.Push("a\0b"u8, ListEnd.Tail);
        list.Push("a\0c"u8, ListEnd.Tail);
        Assert.That(list.IndexOf("a\0c"u8), Is.EqualTo(1));
    }

    [TestCase(0, ListEnd.Head, new[] { "b", "c", "b" }, 3)] // 0: every match
    [TestCase(2, ListEnd.Head, new[] { "b", "c", "b", "x" }, 2)]
    [TestCase(2, ListEnd.Tail, new[] { "x", "b", "c", "b" }, 2)]
    [TestCase(1, ListEnd.Head, new[] { "b", "x", "c", "b", "x" }, 1)]
    [TestCase(1, ListEnd.Tail, new[] { "x", "b", "x", "c", "b" }, 1)]
    [TestCase(10, ListEnd.Tail, new[] { "b", "c", "b" }, 3)]
    public void RemoveMatches_LimitAndDirection_RemovesExpected(long limit, ListEnd from, string[] expected, int removed)
    {
        var list = FromStrings("x", "b", "x", "c", "b", "x");
        Assert.Multiple(() =>
        {
            Assert.That(list.RemoveMatches("x"u8, limit, from), Is.EqualTo(removed));
            Assert.That(Elements(list), Is.EqualTo(expected));
        });
    }

    [Test]
    public void RemoveMatches_NoMatch_LeavesListAlone()
    {
        var list = FromStrings("a", "b");
        Assert.Multiple(() =>
        {
            Assert.That(list.RemoveMatches("z"u8, 0, ListEnd.Head), Is.Zero);
            Assert.That(Elements(list), Is.EqualTo(new[] { "a", "b" }));
        });
    }

    [Test]
    public void RemoveMatches_EveryElement_EmptiesList()
    {
        var list = FromStrings("a", "a", "a");
        Assert.Multiple(() =>
        {
            Assert.That(list.RemoveMatches("a"u8, 0, ListEnd.Tail), Is.EqualTo(3));
            Assert.That(list.Count, Is.Zero);
        });
    }

    [Test]
    public void RemoveMatches_AfterWrapAround_KeepsOrder()
    {
        var list = FromStrings("c", "x", "d");
        list.Push("x"u8, ListEnd.Head);
        list.Push("a"u8, ListEnd.Head);
        list.RemoveMatches("x"u8, 0, ListEnd.Tail);
        list.Push("e"u8, ListEnd.Tail);
        Assert.That(Elements(list), Is.EqualTo(new[] { "a", "c", "d", "e" }));
    }

    [TestCase(0, 0, new[] { "a", "b", "c", "d", "e" })]
    [TestCase(1, 2, new[] { "b", "c" })]
    [TestCase(5, 0, new string[0])]
    [TestCase(2, 3, new string[0])]
    [TestCase(0, 4, new[] { "a" })]
    public void Trim_FromBothEnds_KeepsMiddle(int fromHead, int fromTail, string[] expected)
    {
        var list = FromStrings("a", "b", "c", "d", "e");
        list.Trim(fromHead, fromTail);
        Assert.That(Elements(list), Is.EqualTo(expected));
    }

    [Test]
    public void Trim_MoreThanCount_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => FromStrings("a", "b").Trim(2, 1));

    [Test]
    public void Trim_LargeListToOneElement_StillGrowsAndShrinksCorrectly()
    {
        var list = new RedisList();
        for (int i = 0; i < 10_000; i++)
        {
            list.Push(Encoding.ASCII.GetBytes(i.ToString()), ListEnd.Tail);
        }
        list.Trim(5000, 4999);
        list.Push("h"u8, ListEnd.Head);
        list.Push("t"u8, ListEnd.Tail);
        Assert.That(Elements(list), Is.EqualTo(new[] { "h", "5000", "t" }));
    }

    [Test]
    public void Iterate_TowardsTail_WalksFromIndexToTail()
    {
        var list = FromStrings("a", "b", "c", "d");
        var seen = new List<(int, string)>();
        ListIterator iterator = list.Iterate(1, ListEnd.Tail);
        while (iterator.MoveNext())
        {
            seen.Add((iterator.Index, Encoding.ASCII.GetString(iterator.Current)));
        }
        Assert.That(seen, Is.EqualTo(new[] { (1, "b"), (2, "c"), (3, "d") }));
    }

    [Test]
    public void Iterate_TowardsHead_WalksFromIndexBackToHead()
    {
        var list = FromStrings("c", "d");
        list.Push("b"u8, ListEnd.Head);
        list.Push("a"u8, ListEnd.Head); // the head wraps around the ring
        var seen = new List<string>();
        foreach (ReadOnlySpan<byte> element in list.Iterate(2, ListEnd.Head))
        {
            seen.Add(Encoding.ASCII.GetString(element));
        }
        Assert.That(seen, Is.EqualTo(new[] { "c", "b", "a" }));
    }

    [Test]
    public void Iterate_EmptyList_YieldsNothing()
    {
        int seen = 0;
        foreach (ReadOnlySpan<byte> _ in new RedisList().Iterate(0, ListEnd.Head))
        {
            seen++;
        }
        Assert.That(seen, Is.Zero);
    }

    [Test]
    public void Iterate_IndexOutOfRange_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => FromStrings("a").Iterate(1, ListEnd.Tail));

    // Random pushes, pops, inserts, removals, overwrites, LREMs and trims against List<string> as the reference model.
    [Test]
    public void RandomOperations_MatchReferenceModel()
    {
        var random = new Random(42);
        var list = new RedisList();
        var model = new List<string>();
        for (int step = 0; step < 20_000; step++)
        {
            string value = ListModel.Value(step % 37); // repeated values give LREM several matches
            int op = random.Next(9);
            if (op <= 1)
            {
                list.Push(Encoding.ASCII.GetBytes(value), op == 0 ? ListEnd.Head : ListEnd.Tail);
                if (op == 0)
                {
                    model.Insert(0, value);
                }
                else
                {
                    model.Add(value);
                }
            }
            else if (op <= 3 && model.Count > 0)
            {
                bool head = op == 2;
                string expected = head ? model[0] : model[^1];
                model.RemoveAt(head ? 0 : model.Count - 1);
                Assert.That(Encoding.ASCII.GetString(list.Pop(head ? ListEnd.Head : ListEnd.Tail).Span), Is.EqualTo(expected));
            }
            else if (op == 4)
            {
                int index = random.Next(model.Count + 1);
                model.Insert(index, value);
                list.Insert(index, Encoding.ASCII.GetBytes(value));
            }
            else if (op == 5 && model.Count > 0)
            {
                int index = random.Next(model.Count);
                model.RemoveAt(index);
                list.RemoveAt(index);
            }
            else if (op == 6 && model.Count > 0)
            {
                int index = random.Next(model.Count);
                model[index] = value;
                list[index] = Encoding.ASCII.GetBytes(value);
            }
            else if (op == 7)
            {
                string target = ListModel.Value(random.Next(37));
                int limit = random.Next(3);
                bool fromHead = random.Next(2) == 0;
                int expectedRemoved = ListModel.RemoveMatches(model, target, limit, fromHead);
                Assert.That(list.RemoveMatches(Encoding.ASCII.GetBytes(target), limit, fromHead ? ListEnd.Head : ListEnd.Tail),
                    Is.EqualTo(expectedRemoved));
            }
            else if (op == 8 && random.Next(50) == 0)
            {
                int fromHead = random.Next(model.Count / 4 + 1);
                int fromTail = random.Next(model.Count / 4 + 1);
                model.RemoveRange(0, fromHead);
                model.RemoveRange(model.Count - fromTail, fromTail);
                list.Trim(fromHead, fromTail);
            }
        }
        Assert.That(Elements(list), Is.EqualTo(model));
    }

    private static byte[] Long(char c, int length = 30) => Encoding.ASCII.GetBytes(new string(c, length));

    private static string Text(byte[] element) => Encoding.ASCII.GetString(element);

    // Whether the list's element is the popped element's own array (the spare was reused).
    private static bool SameArray(ReadOnlySpan<byte> stored, ListElement popped) =>
        popped.Array is { } array && Unsafe.AreSame(ref MemoryMarshal.GetReference(stored), ref array[0]);

    private static RedisList FromStrings(params string[] elements)
    {
        var list = new RedisList();
        foreach (string element in elements)
        {
            list.Push(Encoding.ASCII.GetBytes(element), ListEnd.Tail);
        }
        return list;
    }

    private static List<string> Elements(RedisList list)
    {
        var result = new List<string>(list.Count);
        for (int i = 0; i < list.Count; i++)
        {
            result.Add(Encoding.ASCII.GetString(list[i]));
        }
        return result;
    }
}
