namespace Reactor.MiniRedis.Engine.Security;

/// <summary>
/// The ACL command categories, the ACL_CATEGORY_* bits of redis/redis src/server.h, in their bit order, which is
/// the order ACL CAT lists them and COMMAND INFO reports a command's categories in.
/// </summary>
[Flags]
public enum AclCategory : ulong
{
    None = 0,
    Keyspace = 1UL << 0,
    Read = 1UL << 1,
    Write = 1UL << 2,
    Set = 1UL << 3,
    SortedSet = 1UL << 4,
    List = 1UL << 5,
    Hash = 1UL << 6,
    String = 1UL << 7,
    Bitmap = 1UL << 8,
    HyperLogLog = 1UL << 9,
    Geo = 1UL << 10,
    Stream = 1UL << 11,
    PubSub = 1UL << 12,
    Admin = 1UL << 13,
    Fast = 1UL << 14,
    Slow = 1UL << 15,
    Blocking = 1UL << 16,
    Dangerous = 1UL << 17,
    Connection = 1UL << 18,
    Transaction = 1UL << 19,
    Scripting = 1UL << 20,
}
