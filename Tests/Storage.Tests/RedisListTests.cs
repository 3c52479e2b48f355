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
            Assert.That(Encoding.ASCII.GetString(list.Pop(ListEnd.Head)), Is.EqualTo("a"));
            Assert.That(Encoding.ASCII.GetString(list.Pop(ListEnd.Tail)), Is.EqualTo("c"));
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

    // Random pushes, pops, inserts, removals and overwrites against List<string> as the reference model.
    [Test]
    public void RandomOperations_MatchReferenceModel()
    {
        var random = new Random(42);
        var list = new RedisList();
        var model = new List<string>();
        for (int step = 0; step < 20_000; step++)
        {
            string value = step.ToString();
            int op = random.Next(7);
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
                Assert.That(Encoding.ASCII.GetString(list.Pop(head ? ListEnd.Head : ListEnd.Tail)), Is.EqualTo(expected));
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
            else if (model.Count > 0)
            {
                int index = random.Next(model.Count);
                model[index] = value;
                list[index] = Encoding.ASCII.GetBytes(value);
            }
        }
        Assert.That(Elements(list), Is.EqualTo(model));
    }

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
