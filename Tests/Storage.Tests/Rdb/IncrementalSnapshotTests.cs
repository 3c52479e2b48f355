using System.Text;
using Microsoft.Extensions.Time.Testing;
using Reactor.MiniRedis.Storage.Rdb;

namespace Reactor.MiniRedis.Storage.Tests.Rdb;

/// <summary>
/// The incremental point-in-time snapshot of BGSAVE: the keyspace is changed between capture steps, one key at a
/// time, and the file written from the snapshot must hold exactly the keyspace as it was when the save started.
/// Each test compares the loaded file with a stop-the-world copy taken at the start.
/// </summary>
public sealed class IncrementalSnapshotTests
{
    private const long Now = 1_700_000_000_000;
    private const int Keys = 200;

    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeMilliseconds(Now));
    private Keyspace _keyspace = null!;
    private Dictionary<string, string> _expected = null!;
    private IncrementalSnapshot _snapshot = null!;

    private Database Db => _keyspace[0];

    [SetUp]
    public void StartSave()
    {
        _keyspace = new Keyspace(4, _time);
        for (int i = 0; i < Keys; i++)
        {
            // Even keys hold their value in the entry (StoredValue), odd keys a string object.
            if (i % 2 == 0)
            {
                Db.SetString(Key(i), Encoding.ASCII.GetBytes($"v{i}"));
            }
            else
            {
                Db.Set(Key(i), RedisString.FromBytes(Encoding.ASCII.GetBytes($"v{i}")));
            }
            if (i % 3 == 0)
            {
                Db.SetExpireTime(Key(i), Now + 100_000 + i);
            }
        }
        var list = RedisList.Create(Db.EncodingLimits);
        list.Push("a"u8, ListEnd.Tail);
        Db.Set("list"u8, list);
        _keyspace[2].Set("other"u8, RedisString.FromInt64(7));
        _expected = Contents(RdbSnapshot.Capture(_keyspace, RdbAccessInfo.None, copyValues: true));
        _snapshot = IncrementalSnapshot.Start(_keyspace, RdbAccessInfo.None);
    }

    [Test]
    public void Step_NothingChanges_FileHoldsEveryKey()
    {
        Assert.That(SaveStepByStep(() => { }), Is.EqualTo(_expected));
    }

    [Test]
    public void Step_WriterKeepsUp_ReusesTheBatchArrays()
    {
        var stream = new MemoryStream();
        var writer = Task.Run(() => RdbFile.Save(stream, _snapshot.Snapshot, new RdbSaveOptions { RedisVersion = "7.0.15" }));
        while (!_snapshot.Step(maxKeys: 1, TimeSpan.FromSeconds(1)))
        {
            // Polls for the writer to hand the step's batches back (a condition, not a delay).
            Assert.That(SpinWait.SpinUntil(() => _snapshot.PooledBatches == _snapshot.BatchesAllocated, TimeSpan.FromSeconds(30)), Is.True);
        }
        Assert.That(writer.Wait(TimeSpan.FromSeconds(30)), Is.True);
        Assert.Multiple(() =>
        {
            // A step that ends one database and starts the next fills two batches; every other step reuses a batch.
            Assert.That(_snapshot.BatchesAllocated, Is.InRange(1, 2), "the batches reuse those the writer handed back");
            Assert.That(Contents(stream.ToArray()), Is.EqualTo(_expected));
        });
    }

    [Test]
    public void Step_ValuesReplacedWhileSaving_FileHoldsStartValues()
    {
        int next = 0;
        Assert.That(SaveStepByStep(() => Db.Set(Key(next++ % Keys), RedisString.FromBytes("new"u8))), Is.EqualTo(_expected));
    }

    [Test]
    public void Step_StringsOverwrittenBySetWhileSaving_FileHoldsStartValues()
    {
        int next = 0;
        Assert.That(SaveStepByStep(() =>
        {
            int i = next++;
            // Inline over inline and over objects, an object over an inline string, in place over an object.
            Db.SetString(Key(i % Keys), i % 4 < 2 ? "new"u8 : Encoding.ASCII.GetBytes(new string('n', 30 + i % 2)));
        }), Is.EqualTo(_expected));
    }

    [Test]
    public void Step_BareStringsMaterialisedWhileSaving_FileHoldsStartValues()
    {
        int next = 0;
        Assert.That(SaveStepByStep(() =>
        {
            Db.Lookup(Key(next % Keys)); // materialised, not changed
            Db.Lookup<RedisString>(Key((next + 2) % Keys), out RedisString? value);
            value?.Append("-appended"u8);
            next += 2;
        }), Is.EqualTo(_expected));
    }

    [Test]
    public void Step_ValuesMutatedInPlaceWhileSaving_FileHoldsStartValues()
    {
        int next = 0;
        Assert.That(SaveStepByStep(() =>
        {
            Db.Lookup<RedisString>(Key(next++ % Keys), out RedisString? value);
            value?.Append("-appended"u8);
            Db.Lookup<RedisList>("list"u8, out RedisList? list);
            list!.Push("pushed"u8, ListEnd.Head);
        }), Is.EqualTo(_expected));
    }

    [Test]
    public void Step_ValueChangedThroughSlotReference_FileHoldsStartValue()
    {
        int next = 0;
        Assert.That(SaveStepByStep(() =>
        {
            ref RedisObject? slot = ref Db.GetValueRefOrAddDefault(Key(next++ % Keys), out bool exists);
            if (exists)
            {
                ((RedisString)slot!).SetInt64(-1);
            }
        }), Is.EqualTo(_expected));
    }

    [Test]
    public void Step_KeysDeletedWhileSaving_FileHoldsThem()
    {
        int next = 0;
        Assert.That(SaveStepByStep(() =>
        {
            Db.Delete(Key(next++));
            Db.Remove(Key(Keys - next), out _);
        }), Is.EqualTo(_expected));
    }

    [Test]
    public void Step_KeysEvictedWhileSaving_FileHoldsThem()
    {
        int next = 0;
        Assert.That(SaveStepByStep(() =>
        {
            Db.DeleteStored(Key(next++));
            Db.DeleteStored(Key(Keys - next), lazy: true);
        }), Is.EqualTo(_expected));
    }

    [Test]
    public void Step_KeysAddedWhileSaving_FileLeavesThemOut()
    {
        int next = 0;
        Assert.That(SaveStepByStep(() =>
        {
            // Enough new keys, early on, to make the table grow and rehash under the cursor.
            for (int i = 0; i < 20 && next < Keys * 2; i++)
            {
                Db.Set(Key(Keys + next++), RedisString.FromBytes("added"u8));
            }
            _keyspace[1].Set(Key(next), RedisString.FromBytes("added"u8));
        }), Is.EqualTo(_expected));
    }

    [Test]
    public void Step_ExpireTimesChangedWhileSaving_FileHoldsStartExpireTimes()
    {
        int next = 0;
        Assert.That(SaveStepByStep(() =>
        {
            int i = next++ % Keys;
            if (i % 3 == 0)
            {
                Db.RemoveExpire(Key(i));
            }
            else
            {
                Db.SetExpireTime(Key(i), Now + 5);
            }
        }), Is.EqualTo(_expected));
    }

    [Test]
    public void Step_KeysExpiredWhileSaving_FileHoldsThem()
    {
        _time.Advance(TimeSpan.FromSeconds(200));
        int next = 0;
        Assert.That(SaveStepByStep(() => Db.Lookup(Key(next++ * 3 % Keys))), Is.EqualTo(_expected));
    }

    [Test]
    public void Step_KeysRenamedWhileSaving_FileHoldsStartNames()
    {
        int next = 0;
        Assert.That(SaveStepByStep(() =>
        {
            Db.Rename(Key(next), Key(Keys - 1 - next)); // onto an existing key
            Db.Rename(Key(Keys - 1 - next), Key(Keys * 2 + next)); // onto a new one
            next++;
        }), Is.EqualTo(_expected));
    }

    [Test]
    public void Step_DatabasesSwappedWhileSaving_FileHoldsStartDatabases()
    {
        bool swapped = false;
        Assert.That(SaveStepByStep(() =>
        {
            if (!swapped)
            {
                Db.SwapWith(_keyspace[2]);
                swapped = true;
            }
        }), Is.EqualTo(_expected));
    }

    [Test]
    public void Step_DatabaseFlushedWhileSaving_FileHoldsItsKeys()
    {
        bool flushed = false;
        Assert.That(SaveStepByStep(() =>
        {
            if (!flushed)
            {
                _keyspace.FlushAll();
                flushed = true;
            }
        }), Is.EqualTo(_expected));
    }

    [Test]
    public void Step_WriterOnAnotherThread_FileHoldsStartContents()
    {
        var stream = new MemoryStream();
        Task writer = Task.Run(() => RdbFile.Save(stream, _snapshot.Snapshot, new RdbSaveOptions { RedisVersion = "7.0.15" }));
        int next = 0;
        while (!_snapshot.Step(maxKeys: 3, TimeSpan.FromSeconds(1)))
        {
            Db.Set(Key(next++ % Keys), RedisString.FromBytes("new"u8));
            Db.Delete(Key(Keys - 1 - next % Keys));
        }
        Assert.That(writer.Wait(TimeSpan.FromSeconds(30)), Is.True);
        Assert.That(Contents(stream.ToArray()), Is.EqualTo(_expected));
    }

    [Test]
    public void Step_CaptureComplete_StaysAttachedUntilEnded()
    {
        SaveStepByStep(() => { });
        Assert.That(Enumerable.Range(0, _keyspace.Count).Select(i => _keyspace[i].Snapshot), Is.All.SameAs(_snapshot),
            "the strings shared with the writer are still copied before they change");
        _snapshot.Abort();
        Assert.That(Enumerable.Range(0, _keyspace.Count).Select(i => _keyspace[i].Snapshot), Is.All.Null);
    }

    [Test]
    public void CaptureAll_Strings_AreSharedWithTheWriterNotCopied()
    {
        _snapshot.CaptureAll();
        RdbEntry entry = _snapshot.Snapshot.Databases[0].ReadEntries().Single(e => e.Key.Span.SequenceEqual(Key(5)));
        RedisObject? live = null;
        foreach (KeyTable<StoredValue>.Item stored in Db) // enumerating runs no hook
        {
            if (stored.Key.SequenceEqual(Key(5)))
            {
                live = stored.Value.Object;
            }
        }
        Assert.That(entry.Value, Is.SameAs(live));
    }

    [Test]
    public void CaptureAll_SharedStringsChangedBeforeTheyAreWritten_FileHoldsStartValues()
    {
        _snapshot.CaptureAll();
        // Odd keys hold string objects, which the capture shares (an inline string is copied at capture).
        ((RedisString)Db.Lookup(Key(1))!).Append("changed"u8);
        ((RedisString)Db.Lookup(Key(5))!).SetInt64(42);
        Assert.That(Db.SetExpireTime(Key(7), Now + 1), Is.True);
        // A shared string moved to a database that was empty at the start, then changed there.
        byte[] moved = Key(3);
        Assert.That(Db.Remove(moved, out RedisObject? value), Is.True);
        _keyspace[1].Set(moved, value!);
        ((RedisString)_keyspace[1].Lookup(moved)!).Append("moved"u8);
        Assert.Multiple(() =>
        {
            Assert.That(_snapshot.CopiesOnWrite, Is.EqualTo(4), "each string was copied once, before its first change");
            Assert.That(Contents(_snapshot.Snapshot), Is.EqualTo(_expected));
            Assert.That(((RedisString)Db.Lookup(Key(1))!).ToArray(), Is.EqualTo("v1changed"u8.ToArray()), "the live key has the change");
        });
    }

    [Test]
    public void Abort_WriterWaiting_EndsStreamsAndDetaches()
    {
        _snapshot.Abort();
        Assert.Multiple(() =>
        {
            Assert.That(_snapshot.Snapshot.Databases.SelectMany(db => db.ReadEntries()), Is.Empty);
            Assert.That(Db.Snapshot, Is.Null);
            Assert.That(_snapshot.IsComplete, Is.True);
        });
    }

    [Test]
    public void Start_NewValueAfterStart_IsMarkedAsNotInSnapshot()
    {
        var created = RedisString.FromBytes("x"u8);
        Assert.That(created.SnapshotEpoch, Is.GreaterThanOrEqualTo(_snapshot.Epoch));
    }

    // Runs the capture one key per step, calling change between steps, then writes the file and reads it back.
    private Dictionary<string, string> SaveStepByStep(Action change)
    {
        while (!_snapshot.Step(maxKeys: 1, TimeSpan.FromSeconds(1)))
        {
            change();
        }
        var stream = new MemoryStream();
        RdbFile.Save(stream, _snapshot.Snapshot, new RdbSaveOptions { RedisVersion = "7.0.15" });
        return Contents(stream.ToArray());
    }

    private Dictionary<string, string> Contents(RdbSnapshot snapshot)
    {
        var stream = new MemoryStream();
        RdbFile.Save(stream, snapshot, new RdbSaveOptions { RedisVersion = "7.0.15" });
        return Contents(stream.ToArray());
    }

    // Loads file (a repeated key throws) and describes every key as "db:key" => "type ttl payload".
    private Dictionary<string, string> Contents(byte[] file)
    {
        var loaded = new Keyspace(_keyspace.Count, _time);
        RdbFile.Load(new MemoryStream(file), loaded, new RdbLoadOptions { NowMilliseconds = Now });
        var contents = new Dictionary<string, string>();
        for (int i = 0; i < loaded.Count; i++)
        {
            foreach (KeyTable<StoredValue>.Item entry in loaded[i])
            {
                RedisObject value = entry.Value.Object ?? entry.Value.ToObject();
                contents[$"{i}:{Encoding.ASCII.GetString(entry.Key)}"] =
                    $"{value.TypeName} {loaded[i].GetExpireTime(entry.Key)} {Convert.ToHexString(DumpPayload.Create(value))}";
            }
        }
        return contents;
    }

    private static byte[] Key(int i) => Encoding.ASCII.GetBytes($"key:{i}");
}
