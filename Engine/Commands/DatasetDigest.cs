using System.Buffers.Binary;
using System.Security.Cryptography;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Engine.Commands;

/// <summary>
/// DEBUG DIGEST and DEBUG DIGEST-VALUE: Redis's SHA1 signature of a dataset or of single values (xorDigest,
/// mixDigest, xorObjectDigest and computeDatasetDigest in redis/redis src/debug.c, Redis 7.0), computed byte for
/// byte the same way, so the same data gives the same hex string here and in redis-server. Unordered collections
/// (keys, set members, hash fields, sorted-set elements) are combined by xor, so their order does not matter;
/// list elements are chained by mixing, so it does.
/// </summary>
internal static class DatasetDigest
{
    /// <summary>The length of a digest, SHA1's 20 bytes.</summary>
    public const int Length = 20;

    /// <summary>The text xored into the digest of a key that has a TTL (the TTL itself is not part of it).</summary>
    private static ReadOnlySpan<byte> ExpireMark => "!!expire!!"u8;

    /*
     * computeDatasetDigest: for each non-empty database, its id (a big-endian 32-bit integer) is mixed into the
     * result, so the same data in another database digests differently; then each key's digest (the key mixed,
     * then xorObjectDigest of its value) is xored in. Keys logically expired but not yet reclaimed count, as in
     * Redis, which walks the dict without checking expiry. An empty dataset is twenty zero bytes.
     */
    public static void Compute(Keyspace keyspace, Span<byte> result)
    {
        result.Clear();
        Span<byte> digest = stackalloc byte[Length];
        Span<byte> id = stackalloc byte[4];
        for (int j = 0; j < keyspace.Count; j++)
        {
            Database db = keyspace[j];
            if (db.Count == 0)
            {
                continue;
            }
            BinaryPrimitives.WriteUInt32BigEndian(id, (uint)j);
            Mix(result, id);
            foreach (KeyTable<StoredValue>.Item entry in db)
            {
                digest.Clear();
                Mix(digest, entry.Key);
                XorObject(db, entry.Key, entry.Value.Object ?? entry.Value.ToObject(), digest); // DEBUG only: a copy of a bare string will do
                Xor(result, digest);
            }
        }
    }

    /*
     * xorObjectDigest: mixes the value's type (OBJ_STRING 0 ... OBJ_HASH 4, big-endian) and then its contents into
     * digest, and xors in "!!expire!!" when the key has a TTL. Strings: the bytes (an int-encoded string as its
     * decimal text). Lists: each element mixed, head to tail. Sets: each member's SHA1 xored. Sorted sets: per
     * element, a fresh digest with the member and the score as %.17g text mixed in, xored. Hashes: per field, a
     * fresh digest with the field and value mixed in, xored.
     */
    public static void XorObject(Database db, ReadOnlySpan<byte> key, RedisObject value, Span<byte> digest)
    {
        Span<byte> type = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(type, (uint)value.Type);
        Mix(digest, type);
        Span<byte> scratch = stackalloc byte[Math.Max(20, ScoreText.MaxLength)];
        Span<byte> element = stackalloc byte[Length];
        switch (value)
        {
            case RedisString text:
                Mix(digest, text.GetBytes(scratch));
                break;
            case RedisList list:
                foreach (ReadOnlySpan<byte> item in list.Iterate(0, ListEnd.Tail))
                {
                    Mix(digest, item);
                }
                break;
            case RedisSet set:
                for (int i = 0; i < set.Count; i++)
                {
                    Xor(digest, set.MemberAt(i).GetBytes(scratch));
                }
                break;
            case RedisSortedSet zset:
                for (SkipListNode node = zset.First; node.Exists; node = node.Next)
                {
                    element.Clear();
                    Mix(element, node.Member);
                    Mix(element, scratch[..ScoreText.Format(node.Score, scratch)]);
                    Xor(digest, element); // xorDigest(digest, eledigest, 20): the element digest is hashed again
                }
                break;
            case RedisHash hash:
                for (int i = 0; i < hash.Count; i++)
                {
                    element.Clear();
                    Mix(element, hash.FieldSpanAt(i));
                    Mix(element, hash.ValueSpanAt(i));
                    Xor(digest, element); // xorDigest(digest, eledigest, 20): the element digest is hashed again
                }
                break;
        }
        if (db.GetExpireTime(key) != -1)
        {
            Xor(digest, ExpireMark);
        }
    }

    /// <summary>The 40 lower-case hex digits DEBUG DIGEST replies for <paramref name="digest"/>.</summary>
    public static byte[] ToHex(ReadOnlySpan<byte> digest) => System.Text.Encoding.ASCII.GetBytes(Convert.ToHexStringLower(digest));

    // xorDigest: digest ^= SHA1(data).
    private static void Xor(Span<byte> digest, ReadOnlySpan<byte> data)
    {
        Span<byte> hash = stackalloc byte[Length];
        SHA1.HashData(data, hash);
        XorBytes(digest, hash);
    }

    // mixDigest: digest = SHA1(digest ^ SHA1(data)), so what came before changes what follows.
    private static void Mix(Span<byte> digest, ReadOnlySpan<byte> data)
    {
        Xor(digest, data);
        Span<byte> hash = stackalloc byte[Length];
        SHA1.HashData(digest, hash);
        hash.CopyTo(digest);
    }

    private static void XorBytes(Span<byte> digest, ReadOnlySpan<byte> hash)
    {
        for (int i = 0; i < Length; i++)
        {
            digest[i] ^= hash[i];
        }
    }
}
