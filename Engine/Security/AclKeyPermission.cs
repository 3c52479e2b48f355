namespace Reactor.MiniRedis.Engine.Security;

/// <summary>What a key pattern lets a user do with matching keys (ACL_READ_PERMISSION and friends in redis/redis src/server.h).</summary>
[Flags]
public enum AclKeyPermission
{
    None = 0,

    /// <summary><c>%R~pattern</c>: keys the command reads (the key spec says ACCESS).</summary>
    Read = 1 << 0,

    /// <summary><c>%W~pattern</c>: keys the command writes (the key spec says INSERT, DELETE or UPDATE).</summary>
    Write = 1 << 1,

    /// <summary><c>~pattern</c>: any access.</summary>
    All = Read | Write,
}
