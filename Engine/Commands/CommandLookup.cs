using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;

namespace Reactor.MiniRedis.Engine.Commands;

/// <summary>Finds a command (or a container's subcommand) by name from request bytes, ignoring case, without allocating.</summary>
/// <remarks>
/// Every request looks its name up, so this is an open-addressing table of its own rather than a Dictionary with a
/// case-insensitive comparer: the first 8 bytes of a name, ASCII letters lower-cased, are one ulong, computed in a
/// few instructions rather than byte by byte. Most names (GET, HSET, ZPOPMIN) are no longer, and for them that word
/// and the length are the whole comparison; a longer name compares its remaining bytes too. Lookups do no interface
/// calls, and a miss (an unknown command) usually stops at the first empty slot.
/// </remarks>
public sealed class CommandLookup
{
    private const int WordBytes = sizeof(ulong);

    private readonly Entry[] _entries; // a power of two, at most half full; empty slots have a null Spec
    private readonly int _shift;       // 64 - log2(_entries.Length): the hash's top bits pick the slot

    /// <summary>Indexes <paramref name="commands"/> by their leaf names.</summary>
    public CommandLookup(IEnumerable<CommandSpec> commands)
    {
        CommandSpec[] all = commands.ToArray();
        int size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(4, all.Length * 2));
        _entries = new Entry[size];
        _shift = 64 - BitOperations.Log2((uint)size);
        foreach (CommandSpec command in all)
        {
            byte[] name = Encoding.ASCII.GetBytes(command.LeafName);
            ulong word = FoldedWord(name);
            int slot = Slot(word, name.Length);
            for (; _entries[slot].Spec is not null; slot = (slot + 1) & (_entries.Length - 1))
            {
                if (Matches(_entries[slot], word, name))
                {
                    throw new ArgumentException($"Two commands are named {command.LeafName}.", nameof(commands));
                }
            }
            _entries[slot] = new Entry(word, name, command);
        }
        Count = all.Length;
    }

    /// <summary>How many commands are indexed.</summary>
    public int Count { get; }

    /// <summary>The command named <paramref name="name"/> (any case), or null.</summary>
    public CommandSpec? Find(ReadOnlySpan<byte> name)
    {
        ulong word = FoldedWord(name);
        for (int slot = Slot(word, name.Length); ; slot = (slot + 1) & (_entries.Length - 1))
        {
            ref readonly Entry entry = ref _entries[slot];
            if (entry.Spec is null)
            {
                return null;
            }
            if (Matches(entry, word, name))
            {
                return entry.Spec;
            }
        }
    }

    // Whether an occupied slot holds the name whose folded word is `word`.
    private static bool Matches(in Entry entry, ulong word, ReadOnlySpan<byte> name) =>
        entry.Word == word && entry.Name.Length == name.Length &&
        (name.Length <= WordBytes || Ascii.EqualsIgnoreCase(name[WordBytes..], entry.Name.AsSpan(WordBytes)));

    private int Slot(ulong word, int length) => (int)(((word ^ (ulong)length) * 0x9E3779B97F4A7C15UL) >> _shift);

    // The first 8 bytes (zero-padded) as a little-endian ulong, with the ASCII capitals among them made small letters,
    // all 8 at once: a byte is a capital when adding 0x80 - 'A' to its low 7 bits sets its top bit and adding
    // 0x80 - 'Z' - 1 does not. (A byte with its own top bit set may be changed too, but keeps that bit, and command
    // names are ASCII, so it matches nothing either way.) So a name of at most 8 bytes gives a command's word and
    // length exactly when it equals the command's name ignoring ASCII case, as Ascii.EqualsIgnoreCase has it.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong FoldedWord(ReadOnlySpan<byte> name)
    {
        ulong word = name.Length switch
        {
            >= WordBytes => BinaryPrimitives.ReadUInt64LittleEndian(name),
            // Two reads that overlap in the middle: the bytes read twice are the same bytes, so OR keeps them.
            >= 4 => BinaryPrimitives.ReadUInt32LittleEndian(name) |
                (ulong)BinaryPrimitives.ReadUInt32LittleEndian(name[^4..]) << ((name.Length - 4) * 8),
            >= 2 => BinaryPrimitives.ReadUInt16LittleEndian(name) |
                (ulong)BinaryPrimitives.ReadUInt16LittleEndian(name[^2..]) << ((name.Length - 2) * 8),
            1 => name[0],
            _ => 0,
        };
        const ulong Ones = 0x0101010101010101UL;
        ulong low = word & (0x7F * Ones);
        ulong capital = (low + (0x80 - 'A') * Ones) & ~(low + (0x80 - 'Z' - 1) * Ones) & (0x80 * Ones);
        return word | (capital >> 2);
    }

    private readonly record struct Entry(ulong Word, byte[] Name, CommandSpec? Spec);
}
