using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Storage.Tests;

/// <summary>
/// The slot layout of a list: elements of up to <see cref="ListChunk.InlineCapacity"/> bytes live in their slot,
/// longer ones keep an array of their own; the boundary, empty and binary elements, elements moved across segments,
/// popped elements handed to another list, and the memory model of both kinds.
/// </summary>
public sealed class RedisListInlineTests
{
    private const int Inline = ListChunk.InlineCapacity;
    private const int Segment = RedisList.SegmentLength;

    [Test]
    public void Push_ElementOfExactlyInlineCapacity_TakesNoArrayOfItsOwn()
    {
        var list = new RedisList();
        long empty = list.EstimatedBytes;
        byte[] element = Filled(Inline, 7);
        list.Push(element, ListEnd.Tail);
        Assert.Multiple(() =>
        {
            Assert.That(list[0].ToArray(), Is.EqualTo(element));
            Assert.That(list.ElementHeapBytes(0), Is.Zero);
            Assert.That(list.EstimatedBytes, Is.EqualTo(empty), "the ring's slots already count its bytes");
        });
    }

    [Test]
    public void Push_ElementOneByteOverInlineCapacity_KeepsItsOwnArray()
    {
        var list = new RedisList();
        long empty = list.EstimatedBytes;
        byte[] element = Filled(Inline + 1, 7);
        list.Push(element, ListEnd.Tail);
        Assert.Multiple(() =>
        {
            Assert.That(list[0].ToArray(), Is.EqualTo(element));
            Assert.That(list.ElementHeapBytes(0), Is.EqualTo(MemoryAccounting.ByteArray(Inline + 1)));
            Assert.That(list.EstimatedBytes - empty, Is.EqualTo(MemoryAccounting.ByteArray(Inline + 1) + ListChunk.LongsBytes(4)));
        });
    }

    [Test]
    public void Push_EmptyElement_ReadsAndPopsBackEmpty()
    {
        var list = new RedisList();
        list.Push([], ListEnd.Head);
        list.Push("a"u8, ListEnd.Tail);
        Assert.Multiple(() =>
        {
            Assert.That(list[0].Length, Is.Zero);
            Assert.That(list.IndexOf([]), Is.Zero);
            Assert.That(list.Pop(ListEnd.Head).Span.Length, Is.Zero);
            Assert.That(list.Count, Is.EqualTo(1));
        });
    }

    // Every byte value, 0xFF (the long marker's value) and CR LF included, at every length around the boundary.
    [Test]
    public void Push_BinaryElementsOfEveryLengthAroundTheBoundary_RoundTrip()
    {
        var list = new RedisList();
        var expected = new List<byte[]>();
        for (int length = 0; length <= 2 * Inline + 2; length++)
        {
            byte[] element = Enumerable.Range(0, length).Select(i => (byte)(255 - (i * 37 + length) % 256)).ToArray();
            list.Push(element, length % 2 == 0 ? ListEnd.Tail : ListEnd.Head);
            expected.Insert(length % 2 == 0 ? expected.Count : 0, element);
        }
        list.Push("\r\n\0\xff"u8, ListEnd.Tail);
        expected.Add("\r\n\0\xff"u8.ToArray());
        Assert.That(Arrays(list), Is.EqualTo(expected));
    }

    // A middle insert shifts the tail side by one slot: the last element of each segment moves to the first slot
    // of the next, a short one as bytes and a long one as a reference.
    [TestCase(Inline)]
    [TestCase(Inline + 1)]
    public void Insert_InTheMiddle_ShiftsElementsAcrossSegments(int boundaryLength)
    {
        var list = new RedisList();
        var model = new List<string>();
        for (int i = 0; i < 3 * Segment - 10; i++) // the last segment has room: the insert adds none
        {
            string value = i % Segment == Segment - 1 ? new string((char)('a' + i / Segment), boundaryLength) : ListModel.Value(i % 53);
            list.Push(Encoding.ASCII.GetBytes(value), ListEnd.Tail);
            model.Add(value);
        }
        long before = list.EstimatedBytes;
        int index = Segment + Segment / 2 + 1; // past the middle: the tail side moves
        list.Insert(index, "new"u8);
        model.Insert(index, "new");
        Assert.Multiple(() =>
        {
            Assert.That(Strings(list), Is.EqualTo(model));
            Assert.That(Encoding.ASCII.GetString(list[2 * Segment]), Is.EqualTo(new string('b', boundaryLength)));
            Assert.That(list.EstimatedBytes, Is.EqualTo(before), "the new slot was free and the elements only moved");
        });
    }

    [Test]
    public void RemoveAt_InTheMiddle_ShiftsLongElementsBackAndKeepsTheirCount()
    {
        var list = new RedisList();
        var model = new List<string>();
        for (int i = 0; i < 2 * Segment + 10; i++)
        {
            string value = ListModel.Value(i % 53);
            list.Push(Encoding.ASCII.GetBytes(value), ListEnd.Head);
            model.Insert(0, value);
        }
        for (int i = 0; i < 50; i++)
        {
            int index = Segment - 25 + i * 3;
            list.RemoveAt(index);
            model.RemoveAt(index);
        }
        long heapBytes = Enumerable.Range(0, list.Count).Sum(list.ElementHeapBytes);
        long modelBytes = model.Where(v => v.Length > Inline).Sum(v => MemoryAccounting.ByteArray(v.Length));
        Assert.Multiple(() =>
        {
            Assert.That(Strings(list), Is.EqualTo(model));
            Assert.That(heapBytes, Is.EqualTo(modelBytes));
        });
    }

    // LMOVE's step: the popped short element is a copy, so reusing the source's vacated slot cannot change it.
    [Test]
    public void Pop_ShortElementPushedIntoAnotherList_KeepsItsBytesAfterTheSourceChanges()
    {
        var source = new RedisList();
        source.Push("abc"u8, ListEnd.Tail);
        source.Push("def"u8, ListEnd.Tail);
        var destination = new RedisList();
        ListElement element = source.Pop(ListEnd.Tail);
        destination.Push(element, ListEnd.Head);
        source.Push("xyz"u8, ListEnd.Tail); // the slot "def" left
        Assert.Multiple(() =>
        {
            Assert.That(Strings(destination), Is.EqualTo(new[] { "def" }));
            Assert.That(Encoding.ASCII.GetString(element.Span), Is.EqualTo("def"));
            Assert.That(Strings(source), Is.EqualTo(new[] { "abc", "xyz" }));
        });
    }

    // A long element's array moves to the destination: no copy, and the byte counts move with it.
    [Test]
    public void Pop_LongElementPushedIntoAnotherList_HandsItsArrayOver()
    {
        var source = new RedisList();
        source.Push(Filled(100, 1), ListEnd.Tail);
        source.Push("a"u8, ListEnd.Tail);
        var destination = new RedisList();
        long destinationBefore = destination.EstimatedBytes;
        ListElement element = source.Pop(ListEnd.Head);
        destination.Push(element, ListEnd.Tail);
        Assert.Multiple(() =>
        {
            Assert.That(Unsafe.AreSame(ref MemoryMarshal.GetReference(destination[0]), ref element.Array![0]), Is.True);
            Assert.That(destination.EstimatedBytes - destinationBefore, Is.EqualTo(MemoryAccounting.ByteArray(100) + ListChunk.LongsBytes(4)));
            Assert.That(source.ElementHeapBytes(0), Is.Zero);
        });
    }

    [TestCase(3)]
    [TestCase(Inline)]
    [TestCase(100)] // long: the spare array is reused
    public void PushPop_SteadyState_AllocatesNothing(int length)
    {
        var list = new RedisList();
        byte[] element = Filled(length, 3);
        for (int i = 0; i < 10; i++)
        {
            list.Push(element, ListEnd.Tail);
        }
        list.Recycle(list.Pop(ListEnd.Head));
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            list.Push(element, i % 2 == 0 ? ListEnd.Head : ListEnd.Tail);
            list.Recycle(list.Pop(i % 3 == 0 ? ListEnd.Head : ListEnd.Tail));
        }
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
    }

    [Test]
    public void Set_ShortToLongToShort_CountsTheArrayOnlyWhileLong()
    {
        var list = new RedisList();
        list.Push("a"u8, ListEnd.Tail);
        long shortBytes = list.EstimatedBytes;
        list[0] = Filled(50, 9);
        long longBytes = list.EstimatedBytes;
        list[0] = "b"u8;
        Assert.Multiple(() =>
        {
            Assert.That(longBytes - shortBytes, Is.EqualTo(MemoryAccounting.ByteArray(50) + ListChunk.LongsBytes(4)));
            Assert.That(list.EstimatedBytes, Is.EqualTo(shortBytes + ListChunk.LongsBytes(4)), "the ring keeps its table");
            Assert.That(Strings(list), Is.EqualTo(new[] { "b" }));
        });
    }

    // A pop hands the array to Recycle, and the next push of that length writes into it: the copy must not share it.
    [Test]
    public void Clone_LongElements_AreNotSharedWithTheOriginal()
    {
        var list = new RedisList();
        list.Push(Filled(40, 1), ListEnd.Tail);
        list.Push("x"u8, ListEnd.Tail);
        RedisList copy = list.Clone();
        list.Recycle(list.Pop(ListEnd.Head));
        list.Push(Filled(40, 2), ListEnd.Tail);
        Assert.That(copy[0].ToArray(), Is.EqualTo(Filled(40, 1)));
    }

    // LREM of a long element: every removed copy's array leaves the count, and short neighbours stay in order.
    [Test]
    public void RemoveMatches_LongElement_SubtractsEveryRemovedArray()
    {
        var list = new RedisList();
        long empty = list.EstimatedBytes;
        for (int i = 0; i < 3 * Segment; i++)
        {
            list.Push(i % 3 == 0 ? Filled(30, 5) : Encoding.ASCII.GetBytes(i.ToString()), ListEnd.Tail);
        }
        int removed = list.RemoveMatches(Filled(30, 5), 0, ListEnd.Tail);
        long heapBytes = Enumerable.Range(0, list.Count).Sum(list.ElementHeapBytes);
        Assert.Multiple(() =>
        {
            Assert.That(removed, Is.EqualTo(Segment));
            Assert.That(heapBytes, Is.Zero);
            Assert.That(Strings(list), Is.EqualTo(Enumerable.Range(0, 3 * Segment).Where(i => i % 3 != 0).Select(i => i.ToString())));
        });
        list.Trim(0, list.Count);
        Assert.That(list.EstimatedBytes, Is.EqualTo(empty));
    }

    private static byte[] Filled(int length, byte value) => Enumerable.Repeat(value, length).ToArray();

    private static List<byte[]> Arrays(RedisList list)
    {
        var result = new List<byte[]>();
        foreach (ReadOnlySpan<byte> element in list.Iterate(0, ListEnd.Tail))
        {
            result.Add(element.ToArray());
        }
        return result;
    }

    private static List<string> Strings(RedisList list) => Arrays(list).Select(Encoding.ASCII.GetString).ToList();
}
