using System.Text;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Storage.Tests;

/// <summary>
/// Big lists: every operation on a list whose elements span several segments (pushes and pops across segment
/// boundaries at both ends, index reads and writes, inserts and removals in the middle, trims, iteration both ways),
/// the move from one ring to segments and back, the memory model, and that a big list's segments are large objects
/// and nothing it allocates is bigger than a segment.
/// </summary>
[NonParallelizable] // two tests measure the heap
public sealed class RedisListSegmentTests
{
    private const int Segment = RedisList.SegmentLength;

    // A segment: its chunk object and 96 KB of slots.
    private static long SegmentBytes => ListChunk.Bytes(Segment);

    // A segment's array of slots.
    private static long SegmentArrayBytes => MemoryAccounting.ByteArray(Segment * ListChunk.SlotBytes);

    /// <summary>Arrays of this many bytes or more go to the large object heap.</summary>
    private const int LargeObjectThreshold = 85_000;

    [Test]
    public void Push_TailPastSeveralSegments_KeepsEveryIndex()
    {
        RedisList list = Build(3 * Segment + 5, ListEnd.Tail);
        Assert.Multiple(() =>
        {
            Assert.That(list.IsSegmented, Is.True);
            Assert.That(Elements(list), Is.EqualTo(Names(0, 3 * Segment + 5)));
        });
    }

    [Test]
    public void Push_HeadPastSeveralSegments_KeepsEveryIndex()
    {
        RedisList list = Build(3 * Segment + 5, ListEnd.Head);
        Assert.That(Elements(list), Is.EqualTo(Names(0, 3 * Segment + 5).AsEnumerable().Reverse()));
    }

    // The ring fills with its head in the middle (elements pushed at both ends), so becoming segmented moves the
    // wrapped part into a second segment.
    [Test]
    public void Push_BothEndsThroughTheRingToSegments_KeepsOrder()
    {
        var list = new RedisList();
        var model = new List<string>();
        for (int i = 0; i < 3 * Segment; i++)
        {
            string value = Name(i);
            if (i % 3 == 0)
            {
                list.Push(Bytes(value), ListEnd.Head);
                model.Insert(0, value);
            }
            else
            {
                list.Push(Bytes(value), ListEnd.Tail);
                model.Add(value);
            }
        }
        Assert.That(Elements(list), Is.EqualTo(model));
    }

    [Test]
    public void Pop_HeadAcrossSegments_ReturnsElementsInOrder()
    {
        RedisList list = Build(3 * Segment, ListEnd.Tail);
        var popped = new List<string>();
        for (int i = 0; i < 2 * Segment + 7; i++)
        {
            popped.Add(Text(list.Pop(ListEnd.Head)));
        }
        Assert.Multiple(() =>
        {
            Assert.That(popped, Is.EqualTo(Names(0, 2 * Segment + 7)));
            Assert.That(Elements(list), Is.EqualTo(Names(2 * Segment + 7, Segment - 7)));
        });
    }

    [Test]
    public void Pop_TailAcrossSegments_ReturnsElementsInReverseOrder()
    {
        RedisList list = Build(3 * Segment, ListEnd.Tail);
        var popped = new List<string>();
        for (int i = 0; i < 2 * Segment + 7; i++)
        {
            popped.Add(Text(list.Pop(ListEnd.Tail)));
        }
        Assert.Multiple(() =>
        {
            Assert.That(popped, Is.EqualTo(Names(Segment - 7, 2 * Segment + 7).AsEnumerable().Reverse()));
            Assert.That(Elements(list), Is.EqualTo(Names(0, Segment - 7)));
        });
    }

    // A queue that keeps about two segments' worth: the head and tail walk round the directory many times.
    [Test]
    public void PushTailPopHead_ManyTimesRoundTheDirectory_StaysInOrder()
    {
        var list = new RedisList();
        int next = 0, first = 0;
        for (int round = 0; round < 40 * Segment; round++)
        {
            list.Push(Bytes(Name(next++)), ListEnd.Tail);
            if (list.Count > 2 * Segment + 100)
            {
                Assert.That(Text(list.Pop(ListEnd.Head)), Is.EqualTo(Name(first++)));
            }
        }
        Assert.That(Elements(list), Is.EqualTo(Names(first, next - first)));
    }

    [Test]
    public void PushHeadPopTail_ManyTimesRoundTheDirectory_StaysInOrder()
    {
        var list = new RedisList();
        int next = 0, first = 0;
        for (int round = 0; round < 40 * Segment; round++)
        {
            list.Push(Bytes(Name(next++)), ListEnd.Head);
            if (list.Count > 2 * Segment + 100)
            {
                Assert.That(Text(list.Pop(ListEnd.Tail)), Is.EqualTo(Name(first++)));
            }
        }
        Assert.That(Elements(list), Is.EqualTo(Names(first, next - first).AsEnumerable().Reverse()));
    }

    // Pushing and popping back and forth across a segment boundary reuses the segment the pop emptied.
    [TestCase(ListEnd.Head)]
    [TestCase(ListEnd.Tail)]
    public void PushPop_BackAndForthAcrossASegmentBoundary_AllocatesNothing(ListEnd where)
    {
        RedisList list = Build(2 * Segment, ListEnd.Tail);
        byte[] element = Bytes("x");
        list.PushOwned(element, where);
        list.Pop(where);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            list.PushOwned(element, where);
            list.Pop(where);
        }
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
    }

    [Test]
    public void Indexer_SetAcrossSegments_ReplacesOnlyThatElement()
    {
        RedisList list = Build(3 * Segment, ListEnd.Head);
        List<string> model = Elements(list);
        foreach (int index in new[] { 0, Segment - 1, Segment, 2 * Segment + 17, 3 * Segment - 1 })
        {
            list[index] = Bytes("set-" + index);
            model[index] = "set-" + index;
        }
        Assert.That(Elements(list), Is.EqualTo(model));
    }

    [TestCase(1)]
    [TestCase(Segment)]               // near the middle: moves the head side
    [TestCase(2 * Segment)]           // the tail side
    [TestCase(3 * Segment - 1)]
    [TestCase(3 * Segment)]           // at the tail
    public void Insert_SegmentedList_ShiftsTheShorterSideAcrossSegments(int index)
    {
        RedisList list = Build(3 * Segment, ListEnd.Tail);
        List<string> model = Elements(list);
        list.Insert(index, Bytes("new"));
        model.Insert(index, "new");
        Assert.That(Elements(list), Is.EqualTo(model));
    }

    // Inserting at the middle until the directory has to grow from both sides.
    [Test]
    public void Insert_ManyAtTheMiddle_GrowsAcrossSegments()
    {
        RedisList list = Build(Segment, ListEnd.Tail);
        List<string> model = Elements(list);
        for (int i = 0; i < 3 * Segment; i++)
        {
            int index = list.Count / 2 + (i % 2);
            list.Insert(index, Bytes("i" + i));
            model.Insert(index, "i" + i);
        }
        Assert.That(Elements(list), Is.EqualTo(model));
    }

    [TestCase(0)]
    [TestCase(Segment - 1)]
    [TestCase(Segment)]
    [TestCase(2 * Segment + 1)]
    [TestCase(3 * Segment - 1)]
    public void RemoveAt_SegmentedList_ShiftsTheShorterSideAcrossSegments(int index)
    {
        RedisList list = Build(3 * Segment, ListEnd.Tail);
        List<string> model = Elements(list);
        list.RemoveAt(index);
        model.RemoveAt(index);
        Assert.That(Elements(list), Is.EqualTo(model));
    }

    [TestCase(0, ListEnd.Head)]
    [TestCase(0, ListEnd.Tail)]
    [TestCase(1000, ListEnd.Head)]
    [TestCase(1000, ListEnd.Tail)]
    [TestCase(2, ListEnd.Head)] // the limit reached in the first segment: the rest slides in runs, uncompared
    [TestCase(2, ListEnd.Tail)]
    [TestCase(5000, ListEnd.Head)]
    [TestCase(5000, ListEnd.Tail)]
    public void RemoveMatches_SegmentedList_RemovesAcrossSegments(int limit, ListEnd from)
    {
        var list = new RedisList();
        var model = new List<string>();
        for (int i = 0; i < 5 * Segment; i++)
        {
            string value = i % 3 == 0 ? "x" : Name(i);
            list.Push(Bytes(value), ListEnd.Tail);
            model.Add(value);
        }
        int expected = ListModel.RemoveMatches(model, "x", limit, from == ListEnd.Head);
        Assert.Multiple(() =>
        {
            Assert.That(list.RemoveMatches("x"u8, limit, from), Is.EqualTo(expected));
            Assert.That(Elements(list), Is.EqualTo(model));
        });
    }

    [Test]
    public void RemoveMatches_SegmentedList_ReleasesEmptiedSegments()
    {
        var list = new RedisList();
        for (int i = 0; i < 8 * Segment; i++)
        {
            list.Push(i % 4 == 0 ? Bytes("keep") : Bytes("x"), ListEnd.Tail);
        }
        list.RemoveMatches("x"u8, 0, ListEnd.Head);
        // Two segments in use and one kept for reuse, in a directory of four slots.
        Assert.Multiple(() =>
        {
            Assert.That(Elements(list), Is.EqualTo(Enumerable.Repeat("keep", 2 * Segment)));
            Assert.That(list.StorageBytes, Is.LessThanOrEqualTo(3 * SegmentBytes + 1024));
        });
    }

    [TestCase(Segment + 3, 2 * Segment - 1)]
    [TestCase(0, 3 * Segment)]
    [TestCase(3 * Segment, 0)]
    [TestCase(10, 10)]
    public void Trim_SegmentedList_KeepsTheMiddle(int fromHead, int fromTail)
    {
        RedisList list = Build(6 * Segment, ListEnd.Tail);
        list.Trim(fromHead, fromTail);
        Assert.That(Elements(list), Is.EqualTo(Names(fromHead, 6 * Segment - fromHead - fromTail)));
    }

    [Test]
    public void Trim_SegmentedListToAQuarterSegment_BecomesARingAgain()
    {
        RedisList list = Build(6 * Segment, ListEnd.Tail);
        list.Trim(2 * Segment, 4 * Segment - Segment / 4);
        Assert.Multiple(() =>
        {
            Assert.That(list.IsSegmented, Is.False);
            Assert.That(Elements(list), Is.EqualTo(Names(2 * Segment, Segment / 4)));
            // The ring a ring would have shrunk to: halved while at most a quarter full.
            Assert.That(list.StorageBytes, Is.EqualTo(ListChunk.Bytes(Segment / 2)));
        });
    }

    [Test]
    public void Iterate_TowardsTailFromTheMiddle_CrossesSegments()
    {
        RedisList list = Build(4 * Segment, ListEnd.Head);
        List<string> model = Elements(list);
        var walked = new List<string>();
        foreach (ReadOnlySpan<byte> element in list.Iterate(Segment - 3, ListEnd.Tail))
        {
            walked.Add(Text(element));
        }
        Assert.That(walked, Is.EqualTo(model.Skip(Segment - 3)));
    }

    [Test]
    public void Iterate_TowardsHeadFromTheMiddle_CrossesSegments()
    {
        RedisList list = Build(4 * Segment, ListEnd.Head);
        List<string> model = Elements(list);
        var walked = new List<string>();
        var indexes = new List<int>();
        ListIterator iterator = list.Iterate(3 * Segment + 3, ListEnd.Head);
        while (iterator.MoveNext())
        {
            walked.Add(Text(iterator.Current));
            indexes.Add(iterator.Index);
        }
        Assert.Multiple(() =>
        {
            Assert.That(walked, Is.EqualTo(model.Take(3 * Segment + 4).Reverse()));
            Assert.That(indexes, Is.EqualTo(Enumerable.Range(0, 3 * Segment + 4).Reverse()));
        });
    }

    [Test]
    public void IndexOf_MatchInALaterSegment_ReturnsItsIndex()
    {
        RedisList list = Build(3 * Segment, ListEnd.Tail);
        Assert.That(list.IndexOf(Bytes(Name(2 * Segment + 5))), Is.EqualTo(2 * Segment + 5));
    }

    [Test]
    public void Drain_SegmentedList_EndsAsAnEmptyRing()
    {
        var list = new RedisList();
        long empty = list.EstimatedBytes;
        for (int i = 0; i < 5 * Segment; i++)
        {
            list.Push(new byte[i % 40], i % 2 == 0 ? ListEnd.Head : ListEnd.Tail);
        }
        while (list.Count > 0)
        {
            list.Pop(list.Count % 3 == 0 ? ListEnd.Head : ListEnd.Tail);
        }
        Assert.Multiple(() =>
        {
            Assert.That(list.IsSegmented, Is.False);
            Assert.That(list.Capacity, Is.EqualTo(4));
            Assert.That(list.EstimatedBytes, Is.EqualTo(empty));
        });
    }

    [Test]
    public void Shrink_SegmentedListToAQuarterSegment_BecomesARingOnlyThen()
    {
        RedisList list = Build(3 * Segment, ListEnd.Tail);
        while (list.Count > Segment / 4 + 1)
        {
            list.Pop(ListEnd.Head);
        }
        bool segmentedBefore = list.IsSegmented;
        list.Pop(ListEnd.Tail);
        Assert.Multiple(() =>
        {
            Assert.That((segmentedBefore, list.IsSegmented), Is.EqualTo((true, false)));
            Assert.That(Elements(list), Is.EqualTo(Names(3 * Segment - Segment / 4 - 1, Segment / 4)));
        });
    }

    // Grow to 64 segments, shrink to 4, grow again: the directory halves on the way down and doubles back up.
    [Test]
    public void ShrinkAndRegrow_SegmentedList_ReleasesSegmentsAndKeepsOrder()
    {
        RedisList list = Build(64 * Segment, ListEnd.Tail);
        long peak = list.StorageBytes;
        list.Trim(30 * Segment, 30 * Segment);
        long shrunk = list.StorageBytes;
        for (int i = 0; i < 60 * Segment; i++)
        {
            list.Push(Bytes(Name(64 * Segment + i)), i % 2 == 0 ? ListEnd.Head : ListEnd.Tail);
        }
        Assert.Multiple(() =>
        {
            // Four segments in use and one kept, in a directory of at most 16 slots.
            Assert.That(shrunk, Is.LessThanOrEqualTo(5 * SegmentBytes + 1024));
            Assert.That(list.StorageBytes, Is.LessThanOrEqualTo(peak + SegmentBytes));
            Assert.That(list.Count, Is.EqualTo(64 * Segment));
            Assert.That(Text(list[0]), Is.EqualTo(Name(64 * Segment + 60 * Segment - 2)));
            Assert.That(Text(list[30 * Segment - 1]), Is.EqualTo(Name(64 * Segment)));
            Assert.That(Text(list[30 * Segment]), Is.EqualTo(Name(30 * Segment)));
            Assert.That(Text(list[34 * Segment]), Is.EqualTo(Name(64 * Segment + 1)));
        });
    }

    [Test]
    public void Clone_SegmentedList_CopiesEveryElementIndependently()
    {
        RedisList list = Build(3 * Segment, ListEnd.Head);
        list.Pop(ListEnd.Tail);
        RedisList copy = list.Clone();
        List<string> before = Elements(list);
        list[Segment] = Bytes("changed");
        list.Push(Bytes("more"), ListEnd.Head);
        Assert.Multiple(() =>
        {
            Assert.That(Elements(copy), Is.EqualTo(before));
            Assert.That(copy.EstimatedBytes, Is.LessThanOrEqualTo(list.EstimatedBytes));
        });
    }

    [Test]
    public void MillionElements_PushedAtBothEnds_AreAllReachable()
    {
        var list = new RedisList();
        for (int i = 0; i < 1_000_000; i++)
        {
            list.PushOwned(BitConverter.GetBytes(i), i % 2 == 0 ? ListEnd.Tail : ListEnd.Head);
        }
        // Odd numbers run down from the head, even ones up to the tail.
        Assert.Multiple(() =>
        {
            Assert.That(list.Count, Is.EqualTo(1_000_000));
            Assert.That(BitConverter.ToInt32(list[0]), Is.EqualTo(999_999));
            Assert.That(BitConverter.ToInt32(list[499_999]), Is.EqualTo(1));
            Assert.That(BitConverter.ToInt32(list[500_000]), Is.EqualTo(0));
            Assert.That(BitConverter.ToInt32(list[999_999]), Is.EqualTo(999_998));
        });
    }

    // No array the list allocates, at any size on the way up and down, is bigger than a segment: the directory's
    // pages stay smaller, and a ring is at most one segment.
    [Test]
    public void LongestArray_GrowingToAMillionAndDraining_IsASegment()
    {
        var list = new RedisList();
        byte[] element = Bytes("e");
        long longest = 0;
        for (int i = 0; i < 1_000_000; i++)
        {
            list.PushOwned(element, ListEnd.Tail);
            longest = Math.Max(longest, list.LargestArrayBytes);
        }
        while (list.Count > 0)
        {
            list.Pop(ListEnd.Head);
            longest = Math.Max(longest, list.LargestArrayBytes);
        }
        Assert.That(longest, Is.EqualTo(SegmentArrayBytes));
    }

    // Segments are large objects, so no young collection ever copies them: the large object heap holds every
    // segment of a million-element list, and nothing else the list allocates (a ring of a million slots would be
    // one 24 MB array, reallocated at every doubling).
    [Test]
    public void MillionElementList_KeepsItsSegmentsOnTheLargeObjectHeap()
    {
        Assert.That(SegmentArrayBytes, Is.GreaterThanOrEqualTo(LargeObjectThreshold));
        byte[] element = Bytes("e");
        long before = LargeObjectHeapAfterFullCollection();
        var list = new RedisList();
        for (int i = 0; i < 1_000_000; i++)
        {
            list.PushOwned(element, i % 2 == 0 ? ListEnd.Tail : ListEnd.Head);
        }
        long after = LargeObjectHeapAfterFullCollection();
        GC.KeepAlive(list);
        long segments = (1_000_000 + Segment - 1) / Segment;
        Assert.That(after - before, Is.InRange(segments * SegmentArrayBytes, (segments + 2) * SegmentArrayBytes));
    }

    // used_memory's model against the live heap for big lists, after growth and after removals (which leave a
    // kept segment and a smaller directory).
    [TestCase(false)]
    [TestCase(true)]
    public void EstimatedBytes_SegmentedList_MatchesTheLiveHeap(bool afterRemovals)
    {
        long before = LiveHeap();
        var lists = new RedisList[8];
        for (int l = 0; l < lists.Length; l++)
        {
            var list = new RedisList();
            for (int i = 0; i < 100_000; i++)
            {
                list.Push(new byte[i % 50], i % 3 == 0 ? ListEnd.Head : ListEnd.Tail);
            }
            if (afterRemovals)
            {
                list.Trim(30_000, 40_000);
                list.RemoveMatches(new byte[7], 0, ListEnd.Tail);
                for (int i = 0; i < 5000; i++)
                {
                    list.Pop(ListEnd.Head);
                }
            }
            lists[l] = list;
        }
        long live = LiveHeap() - before;
        long model = lists.Sum(list => list.EstimatedBytes);
        GC.KeepAlive(lists);
        Assert.That(model, Is.EqualTo(live).Within(2).Percent);
    }

    // MEMORY USAGE's list model: the object, the storage's arrays (here segments and their directory) and the elements.
    [Test]
    public void MemoryUsage_SegmentedList_CountsItsSegments()
    {
        RedisList small = Build(1, "abc");
        RedisList big = Build(5 * Segment, "abc");
        long objectPart = MemoryUsage.ValueSize(small, 0) - small.StorageBytes;
        Assert.Multiple(() =>
        {
            // Short elements are bytes in the segments' slots: nothing more per element.
            Assert.That(big.StorageBytes, Is.GreaterThan(5 * SegmentBytes));
            Assert.That(MemoryUsage.ValueSize(big, 0), Is.EqualTo(objectPart + big.StorageBytes));
        });
    }

    // Random operations on a list kept between a quarter segment and a few segments, so that it becomes segmented
    // and a ring again many times, against List<string> as the reference model.
    [Test]
    public void RandomOperations_AroundSegmentSizes_MatchReferenceModel()
    {
        var random = new Random(7);
        var list = new RedisList();
        var model = new List<string>();
        for (int step = 0; step < 200_000; step++)
        {
            string value = ListModel.Value(step % 53);
            int op = random.Next(100);
            bool growing = (step / 20_000) % 2 == 0;
            if (op < (growing ? 50 : 30))
            {
                ListEnd where = random.Next(2) == 0 ? ListEnd.Head : ListEnd.Tail;
                list.Push(Bytes(value), where);
                model.Insert(where == ListEnd.Head ? 0 : model.Count, value);
            }
            else if (op < 75 && model.Count > 0)
            {
                bool head = random.Next(2) == 0;
                string expected = head ? model[0] : model[^1];
                model.RemoveAt(head ? 0 : model.Count - 1);
                Assert.That(Text(list.Pop(head ? ListEnd.Head : ListEnd.Tail)), Is.EqualTo(expected));
            }
            else if (op < 85)
            {
                int index = random.Next(model.Count + 1);
                model.Insert(index, value);
                list.Insert(index, Bytes(value));
            }
            else if (op < 92 && model.Count > 0)
            {
                int index = random.Next(model.Count);
                model.RemoveAt(index);
                list.RemoveAt(index);
            }
            else if (op < 97 && model.Count > 0)
            {
                int index = random.Next(model.Count);
                model[index] = value;
                list[index] = Bytes(value);
            }
            else if (op < 99 && random.Next(20) == 0)
            {
                string target = ListModel.Value(random.Next(53));
                int limit = random.Next(3) * 20;
                bool fromHead = random.Next(2) == 0;
                int expectedRemoved = ListModel.RemoveMatches(model, target, limit, fromHead);
                Assert.That(list.RemoveMatches(Bytes(target), limit, fromHead ? ListEnd.Head : ListEnd.Tail), Is.EqualTo(expectedRemoved));
            }
            else if (random.Next(20) == 0)
            {
                int fromHead = random.Next(model.Count / 3 + 1);
                int fromTail = random.Next(model.Count / 3 + 1);
                model.RemoveRange(0, fromHead);
                model.RemoveRange(model.Count - fromTail, fromTail);
                list.Trim(fromHead, fromTail);
            }
            if (step % 10_000 == 0)
            {
                Assert.That(Elements(list), Is.EqualTo(model));
            }
        }
        Assert.That(Elements(list), Is.EqualTo(model));
    }

    private static long LiveHeap()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static long LargeObjectHeapAfterFullCollection()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        // Live bytes: the heap's size counts the free space earlier tests' large objects left, which new ones fill.
        GCGenerationInfo largeObjectHeap = GC.GetGCMemoryInfo(GCKind.FullBlocking).GenerationInfo[3];
        return largeObjectHeap.SizeAfterBytes - largeObjectHeap.FragmentationAfterBytes;
    }

    // A list of `count` elements e0, e1..., each pushed at `where`.
    private static RedisList Build(int count, ListEnd where)
    {
        var list = new RedisList();
        for (int i = 0; i < count; i++)
        {
            list.Push(Bytes(Name(i)), where);
        }
        return list;
    }

    private static RedisList Build(int count, string element)
    {
        var list = new RedisList();
        for (int i = 0; i < count; i++)
        {
            list.Push(Bytes(element), ListEnd.Tail);
        }
        return list;
    }

    private static string Name(int i) => "e" + i;

    private static List<string> Names(int first, int count) => Enumerable.Range(first, count).Select(Name).ToList();

    private static byte[] Bytes(string text) => Encoding.ASCII.GetBytes(text);

    private static string Text(ReadOnlySpan<byte> element) => Encoding.ASCII.GetString(element);

    private static string Text(ListElement element) => Encoding.ASCII.GetString(element.Span);

    private static List<string> Elements(RedisList list)
    {
        var result = new List<string>(list.Count);
        foreach (ReadOnlySpan<byte> element in list.Iterate(0, ListEnd.Tail))
        {
            result.Add(Text(element));
        }
        Assert.That(result, Has.Count.EqualTo(list.Count));
        for (int i = 0; i < list.Count; i += 97)
        {
            Assert.That(Text(list[i]), Is.EqualTo(result[i]), "the indexer agrees with the iterator");
        }
        return result;
    }
}
