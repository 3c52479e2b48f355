namespace Reactor.MiniRedis.Storage;

/// <summary>
/// A set value, with Redis 7.0's two encodings (redis/redis src/t_set.c). While every member is a canonical 64-bit
/// integer and there are at most set-max-intset-entries of them it is an <c>intset</c>: a sorted array of
/// integers searched by bisection (src/intset.c), iterated in ascending order. Otherwise it is a <c>hashtable</c>:
/// a <see cref="DenseDictionary{TValue}"/> of member bytes. Conversion is one-way, as in Redis.
/// </summary>
/// <remarks>
/// Both encodings can read a member by position in O(1), which is what SPOP and SRANDMEMBER need to pick a random
/// member (dictGetFairRandomKey / intsetRandom in Redis).
/// </remarks>
public sealed class RedisSet : RedisObject, IRedisCollection<RedisSet>
{
    private const int MinIntsetCapacity = 4;
    private const int MaxIntegerLength = 20; // "-9223372036854775808"

    /// <summary>The object: the base fields, the intset, its count, the dictionary, the limits and the member bytes.</summary>
    private static readonly long s_objectBytes = MemoryAccounting.Object(BaseFieldBytes + 3 * MemoryAccounting.Reference + 4 + 8);

    private long[] _integers = [];
    private int _integerCount;
    private DenseDictionary<byte>? _members; // non-null once the set is a hashtable
    private readonly EncodingLimits _limits;
    private long _memberBytes; // a hashtable's member arrays (long members only), by MemoryAccounting.Key

    /// <summary>Creates an empty set (an intset until set-max-intset-entries in <paramref name="limits"/> or a non-integer).</summary>
    public RedisSet(EncodingLimits limits) => _limits = limits;

    /// <inheritdoc />
    public static RedisSet Create(EncodingLimits limits) => new(limits);

    /// <inheritdoc />
    public override ObjectType Type => ObjectType.Set;

    /// <inheritdoc />
    public override string Encoding => _members is null ? "intset" : "hashtable";

    /// <summary>A deep copy keeping the encoding, for COPY (setTypeDup in redis/redis src/t_set.c).</summary>
    public override RedisSet Clone()
    {
        var copy = new RedisSet(_limits) { _integers = (long[])_integers.Clone(), _integerCount = _integerCount, _memberBytes = _memberBytes };
        if (_members is not null)
        {
            copy._members = new DenseDictionary<byte>();
            for (int i = 0; i < _members.Count; i++)
            {
                copy._members.GetValueRefOrAddDefault(_members.KeySpanAt(i), out _);
            }
        }
        return copy;
    }

    /// <summary>Members in the set (SCARD).</summary>
    public int Count => _members?.Count ?? _integerCount;

    /// <inheritdoc />
    /// <remarks>
    /// The object plus the intset's array at its capacity, or the dictionary and every long member's array (a short
    /// one is inside its entry; a member array shared with another set, see <see cref="Add(SetMember)"/>, is counted
    /// by both).
    /// </remarks>
    public override long EstimatedBytes => s_objectBytes + (_members is null
        ? (_integers.Length == 0 ? 0 : MemoryAccounting.Array(_integers.Length, sizeof(long)))
        : _members.StructureBytes + _memberBytes);

    /// <summary>
    /// setTypeAdd: adds <paramref name="member"/>; returns false when it was already there. An intset stays one while
    /// the member is an integer by string2ll's rules and the set has at most set-max-intset-entries members.
    /// </summary>
    public bool Add(ReadOnlySpan<byte> member)
    {
        if (_members is null)
        {
            if (NumericText.TryParseInt64(member, out long integer))
            {
                return AddIntegerAndConvertIfFull(integer);
            }
            ConvertToHashtable();
        }
        _members!.GetValueRefOrAddDefault(member, out bool exists);
        if (!exists)
        {
            _memberBytes += MemoryAccounting.Key(member.Length);
        }
        return !exists;
    }

    /// <summary>setTypeIsMember: true when <paramref name="member"/> is in the set.</summary>
    public bool Contains(ReadOnlySpan<byte> member)
    {
        if (_members is not null)
        {
            return _members.ContainsKey(member);
        }
        return NumericText.TryParseInt64(member, out long integer) && FindInteger(integer) >= 0;
    }

    /// <summary>
    /// setTypeAdd for a member read out of another set (SINTERSTORE, SUNION, SDIFF, SMOVE's results): an integer
    /// goes straight into an intset without being formatted, and a long member's array is shared, not copied (set
    /// members are never written after they are added, so two sets may hold the same array); a short member is
    /// copied into its entry.
    /// </summary>
    public bool Add(SetMember member)
    {
        if (member.IsInteger)
        {
            if (_members is null)
            {
                return AddIntegerAndConvertIfFull(member.Integer);
            }
            Span<byte> scratch = stackalloc byte[MaxIntegerLength];
            return Add(member.GetBytes(scratch));
        }
        ReadOnlySpan<byte> bytes = member.Span;
        if (_members is null)
        {
            if (NumericText.TryParseInt64(bytes, out long integer))
            {
                return AddIntegerAndConvertIfFull(integer);
            }
            ConvertToHashtable();
        }
        if (bytes.Length <= DenseDictionary<byte>.InlineKeyCapacity)
        {
            return Add(bytes);
        }
        if (!_members!.TryAddOwned(member.Bytes, 0)) // a long member's own array: no copy
        {
            return false;
        }
        _memberBytes += MemoryAccounting.Key(bytes.Length);
        return true;
    }

    /// <summary>
    /// setTypeIsMember for a member read out of another set, as sinterGenericCommand compares them: integer with
    /// intset by bisection, anything else by bytes (an integer formatted on the stack).
    /// </summary>
    public bool Contains(SetMember member)
    {
        if (!member.IsInteger)
        {
            return Contains(member.Span);
        }
        if (_members is null)
        {
            return FindInteger(member.Integer) >= 0;
        }
        Span<byte> scratch = stackalloc byte[MaxIntegerLength];
        return _members.ContainsKey(member.GetBytes(scratch));
    }

    /// <summary>setTypeRemove for a member read out of another set (SDIFF's second algorithm).</summary>
    public bool Remove(SetMember member)
    {
        if (member.IsInteger && _members is null)
        {
            int position = FindInteger(member.Integer);
            if (position < 0)
            {
                return false;
            }
            RemoveIntegerAt(position);
            return true;
        }
        Span<byte> scratch = stackalloc byte[MaxIntegerLength];
        return Remove(member.GetBytes(scratch));
    }

    /// <summary>setTypeRemove: removes <paramref name="member"/>; false when absent. The caller deletes an emptied key.</summary>
    public bool Remove(ReadOnlySpan<byte> member)
    {
        if (_members is not null)
        {
            if (!_members.Remove(member, keepOrder: false))
            {
                return false;
            }
            _memberBytes -= MemoryAccounting.Key(member.Length);
            return true;
        }
        if (!NumericText.TryParseInt64(member, out long integer))
        {
            return false;
        }
        int position = FindInteger(integer);
        if (position < 0)
        {
            return false;
        }
        RemoveIntegerAt(position);
        return true;
    }

    /// <summary>
    /// The member at <paramref name="position"/> (0 ≤ position &lt; Count): ascending for an intset. A hashtable set's
    /// member is read in place, so it is valid until this set next changes (<see cref="SetMember.ToArray"/> keeps one).
    /// </summary>
    public SetMember MemberAt(int position)
    {
        if ((uint)position >= (uint)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(position));
        }
        return _members is not null ? new SetMember(_members, position) : new SetMember(_integers[position]);
    }

    /// <summary>
    /// One step of SSCAN over a hashtable set (dictScan): calls <paramref name="callback"/> with every member in the
    /// bucket at <paramref name="cursor"/> and returns the next cursor, 0 at the end; see
    /// <see cref="DenseDictionary{TValue}.Scan{TState}"/> for the guarantee. An intset has no buckets (SSCAN returns
    /// it whole, in order): it scans as empty.
    /// </summary>
    public ulong Scan<TState>(ulong cursor, Action<TState, byte[]> callback, TState state) =>
        _members is null ? 0 : _members.Scan(cursor, static (s, member, _) => s.Callback(s.State, member), (Callback: callback, State: state));

    /// <summary>The member dictionary of a hashtable set (null for an intset), for MEMORY USAGE and lazyfree.</summary>
    internal DenseDictionary<byte>? Members => _members;

    /// <summary>Slots of the intset's array (0 for a hashtable set), for MEMORY USAGE.</summary>
    internal int IntsetCapacity => _integers.Length;

    /// <summary>setTypeRandomElement: a uniformly random member, left in place. The set must not be empty.</summary>
    public SetMember RandomMember() => MemberAt(RandomPosition());

    /// <summary>
    /// Removes and returns a uniformly random member (SPOP). The set must not be empty; the caller deletes an
    /// emptied key. A hashtable set's member comes back as an array of its own (a copy of a short one), since its
    /// entry is gone.
    /// </summary>
    public SetMember PopRandom()
    {
        int position = RandomPosition();
        if (_members is not null)
        {
            byte[] bytes = _members.KeyAt(position);
            _memberBytes -= MemoryAccounting.Key(bytes.Length);
            _members.RemoveAt(position, keepOrder: false);
            return new SetMember(bytes);
        }
        SetMember member = MemberAt(position);
        RemoveIntegerAt(position);
        return member;
    }

    private int RandomPosition()
    {
        int count = Count;
        if (count == 0)
        {
            throw new InvalidOperationException("The set is empty.");
        }
        return Random.Shared.Next(count);
    }

    // Bisection over the sorted integers: the position, or the bitwise complement of the insertion point.
    private int FindInteger(long integer) => Array.BinarySearch(_integers, 0, _integerCount, integer);

    // The intset branch of setTypeAdd: inserts, then converts once there are more than set-max-intset-entries.
    private bool AddIntegerAndConvertIfFull(long integer)
    {
        if (!AddInteger(integer))
        {
            return false;
        }
        if (_integerCount > _limits.SetMaxIntsetEntries)
        {
            ConvertToHashtable();
        }
        return true;
    }

    // intsetAdd: inserts in order; false when present.
    private bool AddInteger(long integer)
    {
        int position = FindInteger(integer);
        if (position >= 0)
        {
            return false;
        }
        position = ~position;
        if (_integerCount == _integers.Length)
        {
            Array.Resize(ref _integers, Math.Max(MinIntsetCapacity, _integers.Length * 2));
        }
        Array.Copy(_integers, position, _integers, position + 1, _integerCount - position);
        _integers[position] = integer;
        _integerCount++;
        return true;
    }

    private void RemoveIntegerAt(int position)
    {
        _integerCount--;
        Array.Copy(_integers, position + 1, _integers, position, _integerCount - position);
        if (_integers.Length > MinIntsetCapacity && _integerCount <= _integers.Length / 4)
        {
            Array.Resize(ref _integers, _integers.Length / 2);
        }
    }

    // setTypeConvert to OBJ_ENCODING_HT: every integer becomes its decimal bytes.
    private void ConvertToHashtable()
    {
        var members = new DenseDictionary<byte>();
        Span<byte> scratch = stackalloc byte[MaxIntegerLength];
        for (int i = 0; i < _integerCount; i++)
        {
            members.GetValueRefOrAddDefault(scratch[..NumericText.FormatInt64(_integers[i], scratch)], out _); // at most 20 bytes: inline
        }
        _members = members;
        _integers = [];
        _integerCount = 0;
    }
}
