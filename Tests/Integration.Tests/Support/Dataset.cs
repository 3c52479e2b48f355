using System.Globalization;
using System.Text;

namespace Reactor.MiniRedis.Integration.Tests.Support;

/// <summary>
/// A dataset with every type and every encoding Redis 7.0 gives them (int, embstr and raw strings, compressible and
/// binary ones; small and many-node lists; intsets of each width and hashtable sets; listpack and hashtable hashes;
/// listpack and skiplist sorted sets with fractional, infinite and -0 scores), keys with expire times, in
/// databases 0, 1 and 15; and a canonical description of a server's contents to compare two servers by.
/// </summary>
public static class Dataset
{
    /// <summary>The databases the dataset uses.</summary>
    public static readonly int[] Databases = [0, 1, 15];

    /// <summary>An absolute expire time far ahead (2100-01-01), so both servers report the same PEXPIRETIME.</summary>
    private const string FarFuture = "4102444800000";

    /// <summary>
    /// Keys whose DUMP payload is fully determined by their contents (no hashtable iteration order, no node
    /// boundaries left by pushes at the head), so redis-server and this server must produce the same bytes.
    /// </summary>
    public static readonly string[] DeterministicKeys =
    [
        "str:int", "str:neg", "str:int64", "str:embstr", "str:raw", "str:random", "str:empty", "str:binary", "str:float",
        "str:21digits", "list:small", "list:big", "list:largeelem", "list:ints", "set:intset", "set:intset64",
        "hash:listpack", "zset:listpack", "zset:negzero", "zset:skiplist", "zset:longmember", "ttl:str",
    ];

    /// <summary>The commands that build the dataset, per database.</summary>
    public static IEnumerable<(int Db, string[] Command)> Commands()
    {
        var random = new Random(12345);
        byte[] randomBytes = new byte[300];
        random.NextBytes(randomBytes);
        string[] Seq(int count, Func<int, string> element) => [.. Enumerable.Range(0, count).Select(element)];

        (int, string[]) Db0(params string[] command) => (0, command);
        yield return Db0("SET", "str:int", "12345");
        yield return Db0("SET", "str:neg", "-7");
        yield return Db0("SET", "str:int64", "9223372036854775807");
        yield return Db0("SET", "str:embstr", "hello world");
        yield return Db0("SET", "str:raw", string.Concat(Enumerable.Repeat("ab", 100)));
        yield return Db0("SET", "str:random", Encoding.Latin1.GetString(randomBytes));
        yield return Db0("SET", "str:empty", "");
        yield return Db0("SET", "str:binary", "a\0b\r\nc\u00ff");
        yield return Db0("SET", "str:float", "3.14");
        yield return Db0("SET", "str:21digits", "123456789012345678901");
        yield return Db0("RPUSH", "list:small", "a", "b", "c", "1", "2", "300", "-5", "70000", "5000000000", "");
        yield return Db0(["RPUSH", "list:big", .. Seq(3000, i => $"element-{i}")]);
        yield return Db0("RPUSH", "list:largeelem", new string('x', 10000), "a", new string('y', 5000), "b");
        yield return Db0(["LPUSH", "list:lpushed", .. Seq(1500, i => $"pushed-{i}")]);
        yield return Db0(["RPUSH", "list:ints", .. Seq(600, i => (i * 7919 - 100000).ToString(CultureInfo.InvariantCulture))]);
        yield return Db0("SADD", "set:intset", "1", "2", "3", "-4", "100000");
        yield return Db0("SADD", "set:intset64", "1", "5000000000", "-5000000000");
        yield return Db0("SADD", "set:hashtable", "a", "b", "c", "1");
        yield return Db0(["SADD", "set:bigint", .. Seq(600, i => i.ToString(CultureInfo.InvariantCulture))]);
        yield return Db0("HSET", "hash:listpack", "f", "v", "n", "12", "e", "", "neg", "-300");
        yield return Db0("HSET", "hash:bigvalue", "f", new string('v', 100), "g", "1");
        yield return Db0(["HSET", "hash:many", .. Seq(1200, i => i % 2 == 0 ? $"field-{i / 2}" : $"value-{i / 2}")]);
        yield return Db0("ZADD", "zset:listpack", "1", "a", "2.5", "b", "-3", "c", "0.1", "d", "inf", "e", "-inf", "f", "1e20", "g", "12345678901", "h");
        yield return Db0("ZADD", "zset:negzero", "-0", "m", "5", "n");
        yield return Db0(["ZADD", "zset:skiplist", .. Seq(400, i => i % 2 == 0 ? (i * 0.75 - 50).ToString("R", CultureInfo.InvariantCulture) : $"member-{i / 2}")]);
        yield return Db0("ZADD", "zset:longmember", "1", new string('m', 100), "2", "short");
        yield return Db0("SET", "ttl:str", "expiring", "PXAT", FarFuture);
        yield return Db0("RPUSH", "ttl:list", "a", "b");
        yield return Db0("PEXPIREAT", "ttl:list", FarFuture);
        yield return (1, ["SET", "db1:key", "in database one"]);
        yield return (1, ["HSET", "db1:hash", "a", "1"]);
        yield return (15, ["ZADD", "db15:zset", "1", "x"]);
        yield return (15, ["SET", "db15:ttl", "v", "PXAT", FarFuture]);
    }

    /// <summary>Builds the dataset through <paramref name="client"/> (pipelined), leaving database 0 selected.</summary>
    public static void Fill(RawClient client)
    {
        int count = 0;
        int selected = -1;
        foreach ((int db, string[] command) in Commands())
        {
            if (db != selected)
            {
                client.SendCommand("SELECT", db.ToString(CultureInfo.InvariantCulture));
                selected = db;
                count++;
            }
            client.SendCommand(command);
            count++;
        }
        client.SendCommand("SELECT", "0");
        string replies = client.ReadReplies(count + 1);
        Assert.That(replies, Does.Not.Contain("-ERR"), "the dataset was built");
    }

    /// <summary>
    /// Every key of the dataset's databases with its type, encoding, absolute expire time and contents in a canonical
    /// order (sets and hashes sorted), one line per key.
    /// </summary>
    public static string Describe(RawClient client)
    {
        var text = new StringBuilder();
        foreach (int db in Databases)
        {
            client.Execute("SELECT", db.ToString(CultureInfo.InvariantCulture));
            List<string> keys = Bulks(client.Execute("KEYS", "*"));
            keys.Sort(StringComparer.Ordinal);
            foreach (string key in keys)
            {
                text.Append(db).Append(' ').Append(Describe(client, key)).Append('\n');
            }
        }
        client.Execute("SELECT", "0");
        return text.ToString();
    }

    /// <summary>One key's description: name, type, encoding, PEXPIRETIME and contents.</summary>
    public static string Describe(RawClient client, string key)
    {
        string type = client.Execute("TYPE", key).Trim();
        string contents = type switch
        {
            "+string" => client.Execute("GET", key),
            "+list" => client.Execute("LRANGE", key, "0", "-1"),
            "+set" => string.Join(",", Bulks(client.Execute("SMEMBERS", key)).Order(StringComparer.Ordinal)),
            "+hash" => string.Join(",", Pairs(Bulks(client.Execute("HGETALL", key))).Order(StringComparer.Ordinal)),
            "+zset" => client.Execute("ZRANGE", key, "0", "-1", "WITHSCORES"),
            _ => "?",
        };
        return $"{key} {type} {client.Execute("OBJECT", "ENCODING", key).Trim()} {client.Execute("PEXPIRETIME", key).Trim()} {Hash(contents)}";
    }

    /// <summary>The bulk strings of an array reply.</summary>
    public static List<string> Bulks(string reply)
    {
        var items = new List<string>();
        int position = reply.IndexOf("\r\n", StringComparison.Ordinal) + 2;
        while (position < reply.Length)
        {
            int lineEnd = reply.IndexOf("\r\n", position, StringComparison.Ordinal);
            int length = int.Parse(reply.AsSpan(position + 1, lineEnd - position - 1), CultureInfo.InvariantCulture);
            items.Add(reply.Substring(lineEnd + 2, length));
            position = lineEnd + 2 + length + 2;
        }
        return items;
    }

    /// <summary>The payload of a bulk-string reply.</summary>
    public static string BulkPayload(string reply) => reply[(reply.IndexOf("\r\n", StringComparison.Ordinal) + 2)..^2];

    private static IEnumerable<string> Pairs(List<string> items)
    {
        for (int i = 0; i + 1 < items.Count; i += 2)
        {
            yield return items[i] + "=" + items[i + 1];
        }
    }

    // Long contents compare by length and digest, so a failure message stays readable.
    private static string Hash(string contents) => contents.Length <= 120
        ? contents.Replace("\r\n", "|", StringComparison.Ordinal)
        : $"{contents.Length} bytes sha256:{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.Latin1.GetBytes(contents)))[..16]}";
}
