namespace Reactor.MiniRedis.Engine.Commands;

/// <summary>The command's family, the "group" of redis/redis src/commands/*.json (COMMAND DOCS, ACL categories).</summary>
public enum CommandGroup
{
    Generic,
    String,
    List,
    Set,
    SortedSet,
    Hash,
    PubSub,
    Transactions,
    Connection,
    Server,
    Scripting,
    HyperLogLog,
    Cluster,
    Geo,
    Stream,
    Bitmap,
}
