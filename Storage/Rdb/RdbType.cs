namespace Reactor.MiniRedis.Storage.Rdb;

/// <summary>
/// The one-byte codes of an RDB stream (redis/redis src/rdb.h): value types (0 to 19 in Redis 7.0) and the opcodes
/// that carry database selection, expiry, access information and metadata (245 to 255).
/// </summary>
public enum RdbType : byte
{
    String = 0,
    List = 1,
    Set = 2,
    SortedSet = 3,
    Hash = 4,
    SortedSet2 = 5,
    Module = 6,
    Module2 = 7,
    HashZipmap = 9,
    ListZiplist = 10,
    SetIntset = 11,
    SortedSetZiplist = 12,
    HashZiplist = 13,
    ListQuicklist = 14,
    StreamListpacks = 15,
    HashListpack = 16,
    SortedSetListpack = 17,
    ListQuicklist2 = 18,
    StreamListpacks2 = 19,

    /// <summary>RDB_OPCODE_FUNCTION2: a function library (its code).</summary>
    Function2 = 245,

    /// <summary>RDB_OPCODE_FUNCTION: a function library in the format of Redis 7.0 release candidates.</summary>
    Function = 246,

    /// <summary>RDB_OPCODE_MODULE_AUX: module data not bound to a key.</summary>
    ModuleAux = 247,

    /// <summary>RDB_OPCODE_IDLE: the next key's LRU idle time in seconds.</summary>
    Idle = 248,

    /// <summary>RDB_OPCODE_FREQ: the next key's LFU counter.</summary>
    Freq = 249,

    /// <summary>RDB_OPCODE_AUX: a name/value metadata pair.</summary>
    Aux = 250,

    /// <summary>RDB_OPCODE_RESIZEDB: key and expire counts of the selected database.</summary>
    ResizeDb = 251,

    /// <summary>RDB_OPCODE_EXPIRETIME_MS: the next key's expire time in Unix milliseconds.</summary>
    ExpireTimeMs = 252,

    /// <summary>RDB_OPCODE_EXPIRETIME: the next key's expire time in Unix seconds (RDB versions before 3).</summary>
    ExpireTime = 253,

    /// <summary>RDB_OPCODE_SELECTDB: the database the following keys belong to.</summary>
    SelectDb = 254,

    /// <summary>RDB_OPCODE_EOF: end of the data, followed by the checksum.</summary>
    Eof = 255,
}
