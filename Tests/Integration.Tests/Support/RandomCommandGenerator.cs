using System.Globalization;

namespace Reactor.MiniRedis.Integration.Tests.Support;

/// <summary>
/// Generates a reproducible random sequence of data-type commands for the differential fuzz test: strings, keys and
/// expiry, lists, hashes, sets, sorted sets and bitmaps over ten keys and a handful of members, so commands collide
/// on the same keys (WRONGTYPE, missing keys, emptied collections), with out-of-range indexes, bad numbers, bad
/// options and now and then a wrong argument count. Now and then a collection is grown past its listpack or intset
/// threshold (or given a member of 64 to 70 bytes) and its OBJECT ENCODING checked.
/// </summary>
/// <remarks>
/// Every reply must be the same on two servers run one after the other, so nothing here depends on the clock or on
/// randomness: TTLs are compared as <see cref="FuzzCommand.Ttl"/>, relative expiries are never compared with GT/LT
/// (two runs are milliseconds apart), no expiry is short enough to pass during a run, and SPOP of part of a set is
/// compared by shape and followed by a DEL of that set. SRANDMEMBER, HRANDFIELD and ZRANDMEMBER are compared by shape,
/// lex ranges as <see cref="FuzzCommand.Lex"/> and numeric SORTs as <see cref="FuzzCommand.NumericSort"/>.
/// </remarks>
public sealed class RandomCommandGenerator
{
    // Each type prefers two keys of its own (k0/k1 strings and bitmaps, k2/k3 lists, k4/k5 hashes, k6/k7 sets, k8/k9
    // sorted sets) but picks any of the ten a quarter of the time.
    private const int KeyCount = 10;
    private const int StringKeys = 0, ListKeys = 2, HashKeys = 4, SetKeys = 6, ZSetKeys = 8;

    private static readonly string[] s_members = ["a", "b", "c", "1", "-2", "3", ""];

    private static readonly string[] s_values =
    [
        "", "0", "1", "-1", "12", "abc", "hello world", "1.5", "-inf", "1e3", "9223372036854775807",
        "-9223372036854775808", "\0\u00ff\r\n", "a", "b", " 7", "007", "3.0", "10", "+1", "-0", "1e500", "0x10",
        "1.5e3", "9223372036854775808", "1.7976931348623157e308",
    ];

    private static readonly string[] s_integers =
        ["0", "1", "2", "3", "-1", "-2", "5", "10", "-100", "9223372036854775807", "-9223372036854775808", "x", "1.5", ""];

    private static readonly string[] s_floats =
        ["0", "1", "-2", "1.5", "-0.25", "1e3", "+inf", "-inf", "inf", "nan", "abc", "3.0", "0.1", "-0", "5e-1", "1e308", "-1e308", "0.3", "1.1"];

    private static readonly string[] s_indexes = ["0", "1", "2", "-1", "-2", "-3", "3", "5", "10", "100", "-100", "x"];

    private static readonly string[] s_counts = ["0", "1", "2", "3", "5", "10", "-1", "-3", "x"];

    private static readonly string[] s_scoreBounds =
        ["-inf", "+inf", "0", "1", "(1", "-2", "(-2", "1.5", "(1.5", "3", "(3", "1e3", "abc", "(", "10", "(+inf", "(-inf"];

    private static readonly string[] s_lexBounds = ["-", "+", "[a", "(a", "[b", "(c", "[1", "(-2", "[", "a", "[\u00ff", "(", "[3"];

    private static readonly string[] s_relativeSeconds = ["100", "10000", "0", "-1", "x", "1.5", "9223372036854775807"];

    private static readonly string[] s_relativeMilliseconds = ["100000", "10000000", "0", "-5", "x", "9223372036854775807"];

    private readonly Random _random;
    private readonly long _expireBase;
    private readonly Queue<FuzzCommand> _followUps = new();
    private bool _inTransaction;

    /// <summary>
    /// A generator for <paramref name="seed"/>. <paramref name="expireBaseSeconds"/> is a Unix time far enough in the
    /// future (e.g. a year) that absolute expiries (EXPIREAT, EXAT, PXAT) built on it never pass during a run and
    /// compare the same way on both servers.
    /// </summary>
    public RandomCommandGenerator(int seed, long expireBaseSeconds)
    {
        _random = new Random(seed);
        _expireBase = expireBaseSeconds;
    }

    /// <summary>The next command of the sequence.</summary>
    public FuzzCommand Next()
    {
        if (_followUps.TryDequeue(out FuzzCommand? followUp))
        {
            return followUp;
        }
        if (Chance(2))
        {
            return Transaction();
        }
        FuzzCommand command = _random.Next(100) switch
        {
            < 95 => DataCommand(),
            _ => GrowCollection(),
        };
        // Not SPOP: without its count it would pop a random member.
        return Chance(3) && command.Args[0] != "SPOP" ? WrongArgumentCount(command) : command;
    }

    // One command of a data type or of the keyspace.
    private FuzzCommand DataCommand() => _random.Next(95) switch
    {
        < 15 => StringCommand(),
        < 27 => KeyCommand(),
        < 41 => ListCommand(),
        < 53 => HashCommand(),
        < 65 => SetCommand(),
        < 83 => SortedSetCommand(),
        < 90 => BitmapCommand(),
        _ => SortCommand(),
    };

    // MULTI, a few commands compared exactly (one of them now and then with a wrong argument count, which aborts
    // the transaction), then EXEC or DISCARD.
    private FuzzCommand Transaction()
    {
        _inTransaction = true;
        int count = 1 + _random.Next(4);
        for (int queued = 0; queued < count;)
        {
            FuzzCommand command = DataCommand();
            _followUps.Clear(); // a follow-up (SPOP's DEL) belongs to a command not compared exactly
            if (command.Mode == ' ')
            {
                _followUps.Enqueue(Chance(3) ? WrongArgumentCount(command) : command);
                queued++;
            }
        }
        _followUps.Enqueue(Exact(Chance(85) ? "EXEC" : "DISCARD"));
        _inTransaction = false;
        return Exact("MULTI");
    }

    private FuzzCommand StringCommand()
    {
        string key = Key(StringKeys);
        return _random.Next(24) switch
        {
            0 or 1 => Set(key),
            2 or 3 => Exact("GET", key),
            4 => Exact("GETSET", key, Value()),
            5 => Exact("GETDEL", key),
            6 => Exact("APPEND", key, Value()),
            7 => Exact("INCR", key),
            8 => Exact("DECR", key),
            9 => Exact(Pick("INCRBY", "DECRBY"), key, Pick(s_integers)),
            10 => Exact("INCRBYFLOAT", key, Pick(s_floats)),
            11 => Exact("SETRANGE", key, Pick("0", "1", "3", "10", "-1", "x", "536870912"), Value()),
            12 => Exact(Pick("GETRANGE", "SUBSTR"), key, Pick(s_indexes), Pick(s_indexes)),
            13 => Exact("STRLEN", key),
            14 => Exact("MSET", key, Value(), Key(StringKeys), Value()),
            15 => Exact("MGET", key, AnyKey(), Key(StringKeys)),
            16 => Exact("MSETNX", key, Value(), Key(StringKeys), Value()),
            17 => Exact("SETNX", key, Value()),
            18 => Exact(["GETEX", key, .. GetExOption()]),
            19 => Exact(["LCS", key, Key(StringKeys), .. LcsOptions()]),
            20 => Exact("OBJECT", "ENCODING", key),
            21 => Chance(50) ? Exact("SETEX", key, Pick(s_relativeSeconds), Value()) : Exact("PSETEX", key, Pick(s_relativeMilliseconds), Value()),
            22 => Exact("SET", key, new string('s', Pick(44, 45))),
            _ => Exact("SET", key, Pick(s_members)),
        };
    }

    /*
     * SET with random options. An EXAT/PXAT of 1 (long past) stores a key that is already expired; both servers keep
     * it until their active expiry finds it, and DBSIZE counts it until then, at times the two servers do not share.
     * So an EXISTS follows, which reclaims it on both (lazy expiry) and keeps later counts comparable; inside MULTI,
     * where a command's follow-ups are dropped, absolute times are never in the past.
     */
    private FuzzCommand Set(string key)
    {
        List<string> options = SetOptions();
        int past = options.IndexOf("1");
        if (past > 0 && options[past - 1] is "EXAT" or "PXAT")
        {
            if (_inTransaction)
            {
                options[past] = options[past - 1] == "EXAT" ? AbsoluteSeconds(allowPast: false) : AbsoluteMilliseconds(allowPast: false);
            }
            else
            {
                _followUps.Enqueue(Exact("EXISTS", key));
            }
        }
        return Exact(["SET", key, Value(), .. options]);
    }

    // SET's options, in any order, sometimes conflicting or with a bad expiry.
    private List<string> SetOptions()
    {
        var options = new List<string>();
        int expiry = _random.Next(12);
        switch (expiry)
        {
            case 0: options.AddRange(["EX", Pick(s_relativeSeconds)]); break;
            case 1: options.AddRange(["PX", Pick(s_relativeMilliseconds)]); break;
            case 2: options.AddRange(["EXAT", AbsoluteSeconds()]); break;
            case 3: options.AddRange(["PXAT", AbsoluteMilliseconds()]); break;
            case 4: options.Add("KEEPTTL"); break;
        }
        if (Chance(30))
        {
            options.Add(Pick("NX", "XX", "nx"));
        }
        if (Chance(25))
        {
            options.Add("GET");
        }
        if (Chance(5))
        {
            options.Add(Pick("EX", "KEEPTTL", "NX", "XX", "GET", "BOGUS", "PX", "10"));
        }
        Shuffle(options);
        return options;
    }

    private List<string> GetExOption() => _random.Next(7) switch
    {
        0 => ["EX", Pick(s_relativeSeconds)],
        1 => ["PX", Pick(s_relativeMilliseconds)],
        2 => ["EXAT", AbsoluteSeconds()],
        3 => ["PXAT", AbsoluteMilliseconds()],
        4 => ["PERSIST"],
        5 => [Pick("EX", "PERSIST", "BOGUS"), Pick("100", "PERSIST")],
        _ => [],
    };

    private List<string> LcsOptions() => _random.Next(6) switch
    {
        0 => ["LEN"],
        1 => ["IDX"],
        2 => ["IDX", "WITHMATCHLEN"],
        3 => ["IDX", "MINMATCHLEN", Pick("0", "1", "2", "-1", "x"), .. Chance(50) ? (string[])["WITHMATCHLEN"] : []],
        4 => ["LEN", "IDX"],
        _ => [],
    };

    private FuzzCommand KeyCommand()
    {
        string key = AnyKey();
        return _random.Next(27) switch
        {
            0 => Exact("DEL", key, AnyKey()),
            1 => Exact("EXISTS", key, AnyKey(), key),
            2 or 3 => Exact("TYPE", key),
            4 => Exact("RENAME", key, AnyKey()),
            5 => Exact("RENAMENX", key, AnyKey()),
            6 => Exact(["COPY", key, AnyKey(), .. Chance(50) ? (string[])["REPLACE"] : []]),
            7 => Exact("PERSIST", key),
            8 => Exact(["EXPIRE", key, Pick(s_relativeSeconds), .. ExpireCondition(relative: true)]),
            9 => Exact(["PEXPIRE", key, Pick(s_relativeMilliseconds), .. ExpireCondition(relative: true)]),
            10 => Exact(["EXPIREAT", key, AbsoluteSeconds(), .. ExpireCondition(relative: false)]),
            11 => Exact(["PEXPIREAT", key, AbsoluteMilliseconds(), .. ExpireCondition(relative: false)]),
            12 or 13 => new FuzzCommand(FuzzCommand.Ttl, [Pick("TTL", "PTTL"), key]),
            14 => new FuzzCommand(FuzzCommand.Ttl, [Pick("EXPIRETIME", "PEXPIRETIME"), key]),
            15 or 16 => Exact("OBJECT", "ENCODING", key),
            17 => Exact("UNLINK", key),
            18 => Exact("TOUCH", key, AnyKey()),
            19 => Exact("MOVE", key, Pick("1", "0", "16", "x")),
            20 => Exact(["COPY", key, AnyKey(), "DB", Pick("1", "0", "x"), .. Chance(50) ? (string[])["REPLACE"] : []]),
            21 => Exact("SWAPDB", "0", Pick("1", "0", "x")),
            22 => Unordered("KEYS", Pick("*", "k[0-4]", "k?", "x*")),
            23 => new FuzzCommand('~', ["RANDOMKEY"]),
            24 => Exact("OBJECT", Pick("FREQ", "BOGUS"), key),
            25 => Exact("RENAME", key, key),
            _ => Exact("DBSIZE"),
        };
    }

    // NX/XX always; GT/LT only for absolute times, which compare the same way on both servers.
    private List<string> ExpireCondition(bool relative)
    {
        if (Chance(40))
        {
            return [];
        }
        List<string> condition = [relative ? Pick("NX", "XX") : Pick("NX", "XX", "GT", "LT")];
        if (Chance(10))
        {
            condition.Add(Pick("NX", "XX", "GT", "LT", "BOGUS"));
        }
        return condition;
    }

    private FuzzCommand ListCommand()
    {
        string key = Key(ListKeys);
        return _random.Next(24) switch
        {
            0 or 1 => Exact([Pick("LPUSH", "RPUSH"), key, .. Members(1, 3)]),
            2 => Exact([Pick("LPUSHX", "RPUSHX"), key, .. Members(1, 2)]),
            3 or 4 => Exact([Pick("LPOP", "RPOP"), key, .. Chance(50) ? (string[])[Pick(s_counts)] : []]),
            5 or 6 => Exact("LRANGE", key, Pick(s_indexes), Pick(s_indexes)),
            7 => Exact("LINDEX", key, Pick(s_indexes)),
            8 => Exact("LSET", key, Pick(s_indexes), Member()),
            9 => Exact("LINSERT", key, Pick("BEFORE", "AFTER", "after", "MIDDLE"), Member(), Member()),
            10 => Exact("LREM", key, Pick("0", "1", "2", "-1", "-2", "x"), Member()),
            11 => Exact("LTRIM", key, Pick(s_indexes), Pick(s_indexes)),
            12 or 13 => Exact(["LPOS", key, Member(), .. LPosOptions()]),
            14 => Exact("LMOVE", key, Key(ListKeys), Side(), Side()),
            15 => Exact("RPOPLPUSH", key, Key(ListKeys)),
            16 => Exact(["LMPOP", .. NumKeys(ListKeys), Pick("LEFT", "RIGHT", "UP"), .. Chance(50) ? (string[])["COUNT", Pick(s_counts)] : []]),
            17 or 18 => Exact("LLEN", key),
            19 => Exact("LRANGE", key, "0", "-1"),
            20 => Exact("OBJECT", "ENCODING", key),
            21 => Exact("LSET", key, Pick("0", "-1"), LongMember()),
            _ => Exact("RPUSH", key, Member()),
        };
    }

    private List<string> LPosOptions()
    {
        var options = new List<string>();
        if (Chance(40))
        {
            options.AddRange(["RANK", Pick("1", "-1", "2", "-2", "0", "x", "-9223372036854775808")]);
        }
        if (Chance(40))
        {
            options.AddRange(["COUNT", Pick("0", "1", "2", "-1", "x")]);
        }
        if (Chance(30))
        {
            options.AddRange(["MAXLEN", Pick("0", "1", "2", "-1", "x")]);
        }
        if (Chance(5))
        {
            options.Add(Pick("RANK", "BOGUS"));
        }
        Shuffle(options, pairs: true);
        return options;
    }

    private FuzzCommand HashCommand()
    {
        string key = Key(HashKeys);
        return _random.Next(22) switch
        {
            0 or 1 or 2 => Exact(["HSET", key, .. Pairs(Member, Value)]),
            3 => Exact(["HMSET", key, .. Pairs(Member, Value)]),
            4 => Exact("HSETNX", key, Member(), Value()),
            5 or 6 => Exact("HGET", key, Member()),
            7 => Exact(["HMGET", key, .. Members(1, 3)]),
            8 => Exact(["HDEL", key, .. Members(1, 2)]),
            9 => Exact("HLEN", key),
            10 => Exact("HINCRBY", key, Member(), Pick(s_integers)),
            11 => Exact("HINCRBYFLOAT", key, Member(), Pick(s_floats)),
            12 => Exact("HSTRLEN", key, Member()),
            13 => Exact("HEXISTS", key, Member()),
            14 or 15 => Unordered("HGETALL", key),
            16 => Unordered(Pick("HKEYS", "HVALS"), key),
            17 => new FuzzCommand('~', ["HRANDFIELD", key, .. RandomCountOptions("WITHVALUES")]),
            18 => Exact("OBJECT", "ENCODING", key),
            19 => Exact("HSET", key, Member(), LongMember()),
            _ => Exact("HSET", key, Member(), Pick(s_integers)),
        };
    }

    private FuzzCommand SetCommand()
    {
        string key = Key(SetKeys);
        switch (_random.Next(24))
        {
            case 0 or 1 or 2: return Exact(["SADD", key, .. Members(1, 3)]);
            case 3: return Exact(["SREM", key, .. Members(1, 2)]);
            case 4: return Exact("SISMEMBER", key, Member());
            case 5: return Exact(["SMISMEMBER", key, .. Members(1, 3)]);
            case 6: return Exact("SCARD", key);
            case 7 or 8: return Unordered("SMEMBERS", key);
            case 9 or 10: return Unordered([Pick("SINTER", "SUNION", "SDIFF"), key, .. Keys(SetKeys, 1, 2)]);
            case 11: return Exact([Pick("SINTERSTORE", "SUNIONSTORE", "SDIFFSTORE"), Key(SetKeys), key, .. Keys(SetKeys, 0, 2)]);
            case 12: return Exact(["SINTERCARD", .. NumKeys(SetKeys), .. Chance(40) ? (string[])["LIMIT", Pick(s_counts)] : []]);
            case 13: return Exact("SMOVE", key, Key(SetKeys), Member());
            case 14:
                // A count of 0, a negative or bad one, or one past any set's size: the same reply on both.
                return Unordered("SPOP", key, Pick("0", "1000", "-1", "x"));
            case 15:
                // Part of the set: which members is random, so compare the shape and drop the set.
                _followUps.Enqueue(Exact("DEL", key));
                return new FuzzCommand('~', ["SPOP", key, .. Chance(50) ? (string[])[Pick("1", "2")] : []]);
            case 16: return new FuzzCommand('~', ["SRANDMEMBER", key, .. Chance(70) ? (string[])[Pick(s_counts)] : []]);
            case 17: return Exact("OBJECT", "ENCODING", key);
            case 18: return Exact("SADD", key, LongMember());
            case 19: return Exact("SADD", key, Pick(s_integers));
            default: return Exact(["SADD", key, .. Members(1, 2)]);
        }
    }

    private FuzzCommand SortedSetCommand()
    {
        string key = Key(ZSetKeys);
        return _random.Next(35) switch
        {
            0 or 1 or 2 => Exact(["ZADD", key, .. ZAddOptions(), .. Pairs(Score, Member)]),
            3 => Exact("ZINCRBY", key, Pick(s_floats), Member()),
            4 => Exact(["ZREM", key, .. Members(1, 2)]),
            5 => Exact("ZSCORE", key, Member()),
            6 => Exact(["ZMSCORE", key, .. Members(1, 3)]),
            7 => Exact(Pick("ZRANK", "ZREVRANK"), key, Member()),
            8 => Exact("ZCARD", key),
            9 or 10 or 11 => Range(["ZRANGE", key, .. ZRangeArguments()]),
            12 => Exact(["ZRANGEBYSCORE", key, Pick(s_scoreBounds), Pick(s_scoreBounds), .. ScoresAndLimit()]),
            13 => Exact(["ZREVRANGEBYSCORE", key, Pick(s_scoreBounds), Pick(s_scoreBounds), .. ScoresAndLimit()]),
            14 => Lex(["ZRANGEBYLEX", key, Pick(s_lexBounds), Pick(s_lexBounds), .. Limit()]),
            15 => Lex(["ZREVRANGEBYLEX", key, Pick(s_lexBounds), Pick(s_lexBounds), .. Limit()]),
            16 => Exact("ZCOUNT", key, Pick(s_scoreBounds), Pick(s_scoreBounds)),
            17 => Lex("ZLEXCOUNT", key, Pick(s_lexBounds), Pick(s_lexBounds)),
            18 => Exact("ZREMRANGEBYRANK", key, Pick(s_indexes), Pick(s_indexes)),
            19 => Exact("ZREMRANGEBYSCORE", key, Pick(s_scoreBounds), Pick(s_scoreBounds)),
            20 => Lex("ZREMRANGEBYLEX", key, Pick(s_lexBounds), Pick(s_lexBounds)),
            21 or 22 => Exact([Pick("ZPOPMIN", "ZPOPMAX"), key, .. Chance(50) ? (string[])[Pick(s_counts)] : []]),
            23 or 24 => Exact([Pick("ZUNIONSTORE", "ZINTERSTORE"), Key(ZSetKeys), .. SortedSetAlgebra(weights: true)]),
            25 => Exact(["ZDIFFSTORE", Key(ZSetKeys), .. SortedSetAlgebra(weights: false)]),
            26 => Exact([Pick("ZUNION", "ZINTER"), .. SortedSetAlgebra(weights: true), .. Chance(50) ? (string[])["WITHSCORES"] : []]),
            27 => Exact(["ZDIFF", .. SortedSetAlgebra(weights: false), .. Chance(50) ? (string[])["WITHSCORES"] : []]),
            28 => Range(["ZRANGESTORE", Key(ZSetKeys), key, .. ZRangeArguments(withScores: false)]),
            29 => Exact(["ZMPOP", .. NumKeys(ZSetKeys), Pick("MIN", "MAX", "max", "UP"), .. Chance(50) ? (string[])["COUNT", Pick(s_counts)] : []]),
            30 => new FuzzCommand('~', ["ZRANDMEMBER", key, .. RandomCountOptions("WITHSCORES")]),
            31 => Exact("OBJECT", "ENCODING", key),
            32 => Exact("ZADD", key, Score(), LongMember()),
            33 => Exact(["ZINTERCARD", .. NumKeys(ZSetKeys, SetKeys), .. Chance(40) ? (string[])["LIMIT", Pick(s_counts)] : []]),
            _ => Exact("ZRANGE", key, "0", "-1", "WITHSCORES"),
        };
    }

    private List<string> ZAddOptions()
    {
        var options = new List<string>();
        if (Chance(20))
        {
            options.Add(Pick("NX", "XX"));
        }
        if (Chance(20))
        {
            options.Add(Pick("GT", "LT"));
        }
        if (Chance(25))
        {
            options.Add("CH");
        }
        if (Chance(15))
        {
            options.Add("INCR");
        }
        Shuffle(options);
        return options;
    }

    // ZRANGE's start, stop and options: by index, by score or by lex, maybe REV, LIMIT and WITHSCORES.
    private List<string> ZRangeArguments(bool withScores = true)
    {
        int by = _random.Next(3);
        string[] bounds = by switch { 0 => s_indexes, 1 => s_scoreBounds, _ => s_lexBounds };
        var arguments = new List<string> { Pick(bounds), Pick(bounds) };
        var options = new List<string>();
        if (by == 1 || (by == 0 && Chance(5)))
        {
            options.Add("BYSCORE");
        }
        else if (by == 2 || Chance(5))
        {
            options.Add("BYLEX");
        }
        if (Chance(30))
        {
            options.Add("REV");
        }
        if (Chance(25) && (by != 0 || Chance(20)))
        {
            options.AddRange(["LIMIT", Pick("0", "1", "-1", "2", "x"), Pick("1", "2", "-1", "0", "10")]);
        }
        if (withScores && Chance(40))
        {
            options.Add("WITHSCORES");
        }
        return [.. arguments, .. options];
    }

    private List<string> ScoresAndLimit()
    {
        List<string> options = Chance(40) ? ["WITHSCORES"] : [];
        options.AddRange(Limit());
        return options;
    }

    private List<string> Limit() =>
        Chance(30) ? ["LIMIT", Pick("0", "1", "-1", "2", "x"), Pick("1", "2", "-1", "0", "10")] : [];

    // numkeys, the keys (sorted sets and sets), and WEIGHTS / AGGREGATE.
    private List<string> SortedSetAlgebra(bool weights)
    {
        List<string> arguments = NumKeys(ZSetKeys, SetKeys);
        if (!int.TryParse(arguments[0], out int count) || count <= 0 || count > arguments.Count - 1)
        {
            return arguments;
        }
        if (weights && Chance(30))
        {
            arguments.Add("WEIGHTS");
            for (int i = 0; i < count; i++)
            {
                arguments.Add(Pick("1", "2", "0", "-1", "1.5", "inf", "x"));
            }
        }
        if (weights && Chance(30))
        {
            arguments.AddRange(["AGGREGATE", Pick("SUM", "MIN", "MAX", "AVG")]);
        }
        return arguments;
    }

    private FuzzCommand BitmapCommand()
    {
        string key = Key(StringKeys);
        return _random.Next(10) switch
        {
            8 => Exact(["BITFIELD", key, .. BitfieldOperations(readOnly: false)]),
            9 => Exact(["BITFIELD_RO", key, .. BitfieldOperations(readOnly: true)]),
            0 or 1 => Exact("SETBIT", key, BitOffset(), Pick("0", "1", "1", "2")),
            2 => Exact("GETBIT", key, BitOffset()),
            3 or 4 => Exact(["BITCOUNT", key, .. BitRange()]),
            5 or 6 => Exact(["BITPOS", key, Pick("0", "1", "2"), .. BitRange(allowStartOnly: true)]),
            _ => Exact(["BITOP", Pick("AND", "OR", "XOR", "NOT", "nand"), Key(StringKeys), key, .. Keys(StringKeys, 0, 1)]),
        };
    }

    // One to three BITFIELD operations, with OVERFLOW now and then; read-only ones are mostly GETs.
    private List<string> BitfieldOperations(bool readOnly)
    {
        var operations = new List<string>();
        int count = 1 + _random.Next(3);
        for (int i = 0; i < count; i++)
        {
            string type = Pick("i8", "u8", "i16", "u4", "i64", "u63", "i1", "u64", "x8", "i65");
            string offset = Pick("0", "1", "7", "#1", "#2", "13", "-1", "x");
            switch (readOnly && Chance(80) ? 0 : _random.Next(5))
            {
                case 0: operations.AddRange(["GET", type, offset]); break;
                case 1: operations.AddRange(["SET", type, offset, Pick(s_integers)]); break;
                case 2: operations.AddRange(["INCRBY", type, offset, Pick("1", "-1", "100", "-200", "9223372036854775807", "x")]); break;
                case 3: operations.AddRange(["OVERFLOW", Pick("WRAP", "SAT", "FAIL", "BOGUS")]); break;
                default: operations.Add(Pick("BOGUS", "GET")); break;
            }
        }
        return operations;
    }

    // SORT and SORT_RO over lists, sets and sorted sets, numeric or ALPHA, with LIMIT, GET # and STORE.
    private FuzzCommand SortCommand()
    {
        string key = Pick(Key(ListKeys), Key(SetKeys), Key(ZSetKeys));
        var groups = new List<string[]>();
        if (Chance(40))
        {
            groups.Add(["ALPHA"]);
        }
        if (Chance(30))
        {
            groups.Add([Pick("DESC", "ASC")]);
        }
        if (Chance(30))
        {
            groups.Add(["LIMIT", Pick("0", "1", "-1", "5"), Pick("1", "2", "-1", "0", "10")]);
        }
        if (Chance(15))
        {
            groups.Add(["GET", "#"]);
        }
        _random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(groups));
        List<string> options = [.. groups.SelectMany(group => group)];
        char mode = options.Contains("ALPHA") ? ' ' : FuzzCommand.NumericSort;
        return Chance(25)
            ? new FuzzCommand(mode, ["SORT", key, .. options, "STORE", Key(ListKeys)])
            : new FuzzCommand(mode, [Pick("SORT", "SORT_RO"), key, .. options]);
    }

    private string BitOffset() => Chance(90) ? _random.Next(64).ToString(CultureInfo.InvariantCulture) : Pick("100", "-1", "x", "4294967296");

    private List<string> BitRange(bool allowStartOnly = false)
    {
        int shape = _random.Next(allowStartOnly ? 4 : 3);
        return shape switch
        {
            0 => [],
            1 => [Pick(s_indexes), Pick(s_indexes)],
            2 => [Pick(s_indexes), Pick(s_indexes), Pick("BYTE", "BIT", "bit", "WORD")],
            _ => [Pick(s_indexes)],
        };
    }

    // Pushes a collection past a conversion threshold (128 entries, 512 integers), then asks its encoding.
    private FuzzCommand GrowCollection()
    {
        int kind = _random.Next(5);
        int family = kind switch { 0 => ListKeys, 1 => HashKeys, 2 or 3 => SetKeys, _ => ZSetKeys };
        string key = Key(family);
        int count = kind == 3 ? 520 : 130;
        var args = new List<string>();
        for (int i = 0; i < count; i++)
        {
            string member = kind == 3 ? (i - 10).ToString(CultureInfo.InvariantCulture) : $"e{i}";
            switch (kind)
            {
                case 1: args.AddRange([member, i.ToString(CultureInfo.InvariantCulture)]); break;
                case 4: args.AddRange([(i % 7).ToString(CultureInfo.InvariantCulture), member]); break;
                default: args.Add(member); break;
            }
        }
        string command = kind switch { 0 => "RPUSH", 1 => "HSET", 2 or 3 => "SADD", _ => "ZADD" };
        _followUps.Enqueue(Exact("OBJECT", "ENCODING", key));
        return Exact([command, key, .. args]);
    }

    // Drops the last argument or adds one, so the dispatcher's arity check and the handlers' parsers both see it.
    private FuzzCommand WrongArgumentCount(FuzzCommand command) =>
        command with { Args = Chance(50) && command.Args.Length > 1 ? command.Args[..^1] : [.. command.Args, Pick("x", "1", "extra")] };

    private List<string> RandomCountOptions(string withValues) => _random.Next(4) switch
    {
        0 => [],
        1 => [Pick(s_counts)],
        2 => [Pick(s_counts), withValues],
        _ => [Pick("2", "-2", "10"), withValues],
    };

    // numkeys and that many keys; now and then a bad numkeys (0, negative, more than given).
    private List<string> NumKeys(int family, int otherFamily = -1)
    {
        int count = 1 + _random.Next(3);
        var keys = new List<string>();
        for (int i = 0; i < count; i++)
        {
            keys.Add(Key(otherFamily >= 0 && Chance(30) ? otherFamily : family));
        }
        string numKeys = Chance(5) ? Pick("0", "-1", "x", "5") : count.ToString(CultureInfo.InvariantCulture);
        return [numKeys, .. keys];
    }

    private List<string> Keys(int family, int min, int max)
    {
        int count = min + _random.Next(max - min + 1);
        var keys = new List<string>();
        for (int i = 0; i < count; i++)
        {
            keys.Add(Key(family));
        }
        return keys;
    }

    private List<string> Members(int min, int max)
    {
        int count = min + _random.Next(max - min + 1);
        var members = new List<string>();
        for (int i = 0; i < count; i++)
        {
            members.Add(Member());
        }
        return members;
    }

    private List<string> Pairs(Func<string> first, Func<string> second)
    {
        int count = 1 + _random.Next(2);
        var pairs = new List<string>();
        for (int i = 0; i < count; i++)
        {
            pairs.AddRange([first(), second()]);
        }
        return pairs;
    }

    private string Key(int family) =>
        Chance(75) ? $"k{family + _random.Next(2)}" : AnyKey();

    private string AnyKey() => $"k{_random.Next(KeyCount)}";

    private string Member() => _random.Next(100) switch
    {
        < 95 => Pick(s_members),
        < 98 => LongMember(),
        // Binary, but not NUL first: SORT ALPHA compares C strings, and "\0..." would tie with "" in a set's random order.
        _ => "\u00ff\0",
    };

    // At and past the 64-byte listpack value limit.
    private string LongMember() => new(Pick('x', 'y'), Pick(64, 65, 70));

    private string Value() => Chance(97) ? Pick(s_values) : LongMember();

    private string Score() => Chance(80) ? Pick("0", "1", "-2", "1.5", "3", "1e3", "10") : Pick(s_floats);

    private string AbsoluteSeconds(bool allowPast = true) => Chance(85) || !allowPast
        ? (_expireBase + (_random.Next(3) * 1000)).ToString(CultureInfo.InvariantCulture)
        : Pick("1", "-1", "x");

    private string AbsoluteMilliseconds(bool allowPast = true) => Chance(85) || !allowPast
        ? ((_expireBase * 1000) + (_random.Next(3) * 500_000)).ToString(CultureInfo.InvariantCulture)
        : Pick("1", "-1", "x");

    private string Side() => Pick("LEFT", "RIGHT", "RIGHT", "LEFT", "UP");

    private bool Chance(int percent) => _random.Next(100) < percent;

    private T Pick<T>(params T[] choices) => choices[_random.Next(choices.Length)];

    // Shuffles in place; with pairs, keeps each option next to its value.
    private void Shuffle(List<string> items, bool pairs = false)
    {
        if (pairs)
        {
            List<string[]> chunks = [.. items.Chunk(2)];
            _random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(chunks));
            items.Clear();
            items.AddRange(chunks.SelectMany(chunk => chunk));
            return;
        }
        _random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(items));
    }

    private static FuzzCommand Exact(params string[] args) => new(' ', args);

    private static FuzzCommand Unordered(params string[] args) => new('^', args);

    private static FuzzCommand Lex(params string[] args) => new(FuzzCommand.Lex, args);

    // ZRANGE and ZRANGESTORE: a lex range with BYLEX.
    private static FuzzCommand Range(string[] args) =>
        args.Contains("BYLEX") ? Lex(args) : Exact(args);
}
