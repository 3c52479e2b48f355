namespace Reactor.MiniRedis.Engine.Security;

/// <summary>One key pattern of a selector and what it allows (<c>keyPattern</c> in redis/redis src/acl.c).</summary>
internal sealed class AclKeyPattern(byte[] pattern, AclKeyPermission permission)
{
    /// <summary>The glob pattern keys are matched against.</summary>
    public byte[] Pattern { get; } = pattern;

    /// <summary>Read, write or both; adding the same pattern again widens it.</summary>
    public AclKeyPermission Permission { get; set; } = permission;

    /// <summary>sdsCatPatternString: <c>~pattern</c>, <c>%R~pattern</c> or <c>%W~pattern</c> (a pattern always has a permission).</summary>
    public string Describe() => Permission switch
    {
        AclKeyPermission.All => "~",
        AclKeyPermission.Write => "%W~",
        _ => "%R~",
    } + Acl.Text(Pattern);
}
