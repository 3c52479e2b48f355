// How long does a young-generation collection stop the loop while a keyspace of small keys grows, and what decides it?
// A model of KeyTable's storage without the server: N keys go into 24-byte entry structs held in 2,048-entry chunks
// (Storage/KeyTable.cs before short keys moved into its 48-byte entries), each key being, by --shape,
//   two    its byte[] (12 bytes) and a 56-byte value object: what a SET of a short value made before;
//   one    the value object only: what it makes now that a key of up to 23 bytes lives inside the entry;
//   none   nothing but the entry (as if key and value were both inline or off the heap);
//   slab   no reference anywhere: entries of offsets and lengths in chunks on the pinned object heap, and the key and
//          value bytes appended to 1 MB pinned slabs (the layout "keys and small values off the collected heap"
//          would have: nothing for a young collection to copy or to trace).
// --chunk sets the entries per chunk (default 2,048: 48 KB of 24-byte entries, under the 85,000-byte large-object
// threshold). From 4,096 (96 KB) a chunk is a large object: allocated straight into the old generation and never
// copied, so young collections no longer promote the chunks themselves.
// Every 256 inserts it reads the clock; a gap over --threshold ms is printed with the last collection's generation,
// whether it compacted, the bytes it promoted and its pause (GC.GetGCMemoryInfo). Then one summary line.
//
//   dotnet run -c Release scripts/gc-pause-probe.cs -- [--shape two|one|none|slab] [--keys N] [--threshold MS] [--chunk N]
//
// Collector settings come from the environment as usual (DOTNET_GCgen0size=0x400000, DOTNET_gcConcurrent=0, ...).
using System.Diagnostics;

string shape = "two";
int keys = 5_000_000;
double threshold = 10;
int chunkSize = 2048;
if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine("dotnet run -c Release scripts/gc-pause-probe.cs -- [--shape two|one|none|slab] [--keys N] [--threshold MS] [--chunk N]");
    Console.WriteLine("Inserts N keys (default 5,000,000) into KeyTable's entry layout and prints every gap over MS (default 10)");
    Console.WriteLine("with the collection behind it; shapes: two objects per key (key array and value), one (value), none, slab (no references at all).");
    return 0;
}
for (int i = 0; i < args.Length; i += 2)
{
    if (i + 1 == args.Length)
    {
        Console.Error.WriteLine($"gc-pause-probe: {args[i]} needs a value");
        return 2;
    }
    switch (args[i])
    {
        case "--shape": shape = args[i + 1]; break;
        case "--keys": keys = int.Parse(args[i + 1]); break;
        case "--threshold": threshold = double.Parse(args[i + 1]); break;
        case "--chunk": chunkSize = int.Parse(args[i + 1]); break;
        default: Console.Error.WriteLine($"gc-pause-probe: unknown option {args[i]}"); return 2;
    }
}
if (shape is not ("two" or "one" or "none" or "slab"))
{
    Console.Error.WriteLine($"gc-pause-probe: unknown shape {shape}");
    return 2;
}

int ChunkSize = chunkSize;
const int SlabSize = 1 << 20;
var chunks = new Entry[keys / ChunkSize + 1][];
var slabChunks = new SlabEntry[keys / ChunkSize + 1][];
var slabs = new List<byte[]>();
byte[] slab = [];
int slabUsed = SlabSize;
var clock = Stopwatch.StartNew();
double toMs = 1000.0 / Stopwatch.Frequency;
long last = 0;
double maxGap = 0;
int over = 0;
for (int i = 0; i < keys; i++)
{
    if (shape == "slab")
    {
        if (i % ChunkSize == 0)
        {
            slabChunks[i / ChunkSize] = GC.AllocateArray<SlabEntry>(ChunkSize, pinned: true);
        }
        if (slabUsed + 28 > SlabSize)
        {
            slab = GC.AllocateUninitializedArray<byte>(SlabSize, pinned: true);
            slabs.Add(slab);
            slabUsed = 0;
        }
        ref SlabEntry slot = ref slabChunks[i / ChunkSize][i % ChunkSize];
        slot.Hash = (uint)i;
        slot.Slab = slabs.Count - 1;
        slot.Offset = slabUsed;
        slot.KeyLength = 12;
        slot.ValueLength = 16;
        BitConverter.TryWriteBytes(slab.AsSpan(slabUsed), i);
        slabUsed += 28;
    }
    else
    {
        if (i % ChunkSize == 0)
        {
            chunks[i / ChunkSize] = new Entry[ChunkSize];
        }
        ref Entry entry = ref chunks[i / ChunkSize][i % ChunkSize];
        entry.Hash = (uint)i;
        if (shape != "none")
        {
            entry.Value = new Value();
        }
        if (shape == "two")
        {
            entry.Key = new byte[12];
        }
    }
    if (i % 256 == 0)
    {
        long now = clock.ElapsedTicks;
        double gap = (now - last) * toMs;
        last = now;
        maxGap = Math.Max(maxGap, gap);
        if (gap > threshold)
        {
            over++;
            GCMemoryInfo gc = GC.GetGCMemoryInfo(GCKind.Any);
            Console.WriteLine($"  {gap,6:F1} ms gap at key {i:N0}: collection #{gc.Index} gen{gc.Generation}, " +
                $"compacted {gc.Compacted}, promoted {gc.PromotedBytes / 1_000_000.0:F1} MB, " +
                $"pause {gc.PauseDurations[0].TotalMilliseconds:F1} ms, heap {gc.HeapSizeBytes / 1_000_000} MB");
        }
    }
}
Console.WriteLine($"shape {shape}, {keys:N0} keys: {clock.ElapsedMilliseconds} ms, max gap {maxGap:F1} ms, " +
    $"{over} gaps over {threshold} ms; collections gen0/1/2 {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/" +
    $"{GC.CollectionCount(2)}, total pause {GC.GetTotalPauseDuration().TotalMilliseconds:F0} ms");
GC.KeepAlive(chunks);
GC.KeepAlive(slabChunks);
GC.KeepAlive(slabs);
return 0;

internal struct Entry
{
    public byte[]? Key;
    public Value? Value;
    public uint Hash;
    public int Next;
}

// A reference-free entry: where the key and value bytes are in the slabs, the hash and the next link.
internal struct SlabEntry
{
    public int Slab;
    public int Offset;
    public ushort KeyLength;
    public ushort ValueLength;
    public uint Hash;
    public int Next;
}

// The size of a short RedisString: 16 bytes of header and 40 of fields.
internal sealed class Value
{
    public long A, B, C, D, E;
}
