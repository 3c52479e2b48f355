namespace Reactor.MiniRedis.Engine.Commands;

/// <summary>
/// The CMD_KEY_* flags of a key spec (redis/redis src/server.h): how a command uses the keys a spec finds.
/// Listed in the order COMMAND INFO prints them (addReplyFlagsForKeyArgs).
/// </summary>
[Flags]
public enum KeyFlags
{
    None = 0,
    /// <summary>Read-only: reads the value but does not change it.</summary>
    RO = 1 << 0,
    /// <summary>Read-write: may change the value, after reading it.</summary>
    RW = 1 << 1,
    /// <summary>Overwrite: replaces the value without reading it.</summary>
    OW = 1 << 2,
    /// <summary>Remove: deletes the key.</summary>
    RM = 1 << 3,
    /// <summary>Returns, copies or uses the user data of the value.</summary>
    Access = 1 << 4,
    /// <summary>Updates data in the value (a new value, a changed element, a changed TTL).</summary>
    Update = 1 << 5,
    /// <summary>Only adds data to the value.</summary>
    Insert = 1 << 6,
    /// <summary>Only removes data from the value.</summary>
    Delete = 1 << 7,
    /// <summary>Not really a key (e.g. a channel), though it hashes like one.</summary>
    NotKey = 1 << 8,
    /// <summary>The spec may miss some keys; the getkeys function must be used.</summary>
    Incomplete = 1 << 9,
    /// <summary>The flags depend on other arguments; the getkeys function gives the real ones.</summary>
    VariableFlags = 1 << 10,
}
