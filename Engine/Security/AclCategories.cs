using System.Text;
using Reactor.MiniRedis.Engine.Commands;

namespace Reactor.MiniRedis.Engine.Security;

/// <summary>
/// The ACL categories by name (ACLCommandCategories in redis/redis src/acl.c) and the categories of each command
/// of the table: the ones its json lists (the doc entry's, else its group's own), plus those its flags imply.
/// </summary>
public static class AclCategories
{
    /// <summary>Every category name, lower case, in bit order (ACL CAT with no argument).</summary>
    public static readonly string[] Names =
    [
        "keyspace", "read", "write", "set", "sortedset", "list", "hash", "string", "bitmap", "hyperloglog",
        "geo", "stream", "pubsub", "admin", "fast", "slow", "blocking", "dangerous", "connection",
        "transaction", "scripting",
    ];

    private static readonly byte[][] s_nameBytes = [.. Names.Select(Encoding.ASCII.GetBytes)];

    /// <summary>The category with bit number <paramref name="index"/>.</summary>
    public static AclCategory At(int index) => (AclCategory)(1UL << index);

    /// <summary>ACLGetCommandCategoryFlagByName: the category named <paramref name="name"/> (any case), or None.</summary>
    public static AclCategory Find(ReadOnlySpan<byte> name)
    {
        for (int i = 0; i < s_nameBytes.Length; i++)
        {
            if (Ascii.EqualsIgnoreCase(name, s_nameBytes[i]))
            {
                return At(i);
            }
        }
        return AclCategory.None;
    }

    /// <summary>The <c>@name</c> of every category in <paramref name="categories"/>, in bit order (COMMAND INFO).</summary>
    public static List<string> Describe(AclCategory categories)
    {
        var names = new List<string>();
        for (int i = 0; i < Names.Length; i++)
        {
            if ((categories & At(i)) != 0)
            {
                names.Add("@" + Names[i]);
            }
        }
        return names;
    }

    /// <summary>
    /// The categories of the command named <paramref name="fullName"/>: its explicit ones (the json's "acl_categories", kept in its doc
    /// entry; the group's own when the entry names none), then setImplicitACLCategories in redis/redis
    /// src/server.c: @write, @read (not for scripting), @admin and @dangerous, @pubsub, @fast, @blocking from the
    /// flags, and @slow for whatever is not @fast.
    /// </summary>
    public static AclCategory Of(string fullName, CommandGroup group, CommandFlags flags)
    {
        AclCategory categories = AclCategory.None;
        if (CommandDocs.Find(fullName)?.AclCategories is { } explicitNames)
        {
            foreach (string name in explicitNames)
            {
                categories |= Find(Encoding.ASCII.GetBytes(name.TrimStart('@')));
            }
        }
        else
        {
            categories = OfGroup(group);
        }

        if ((flags & CommandFlags.Write) != 0)
        {
            categories |= AclCategory.Write;
        }
        if ((flags & CommandFlags.ReadOnly) != 0 && (categories & AclCategory.Scripting) == 0)
        {
            categories |= AclCategory.Read;
        }
        if ((flags & CommandFlags.Admin) != 0)
        {
            categories |= AclCategory.Admin | AclCategory.Dangerous;
        }
        if ((flags & CommandFlags.PubSub) != 0)
        {
            categories |= AclCategory.PubSub;
        }
        if ((flags & CommandFlags.Fast) != 0)
        {
            categories |= AclCategory.Fast;
        }
        if ((flags & CommandFlags.Blocking) != 0)
        {
            categories |= AclCategory.Blocking;
        }
        if ((categories & AclCategory.Fast) == 0)
        {
            categories |= AclCategory.Slow;
        }
        return categories;
    }

    // The category a command of a group usually lists in its json (server commands list their own, or none).
    private static AclCategory OfGroup(CommandGroup group) => group switch
    {
        CommandGroup.Generic => AclCategory.Keyspace,
        CommandGroup.String => AclCategory.String,
        CommandGroup.List => AclCategory.List,
        CommandGroup.Set => AclCategory.Set,
        CommandGroup.SortedSet => AclCategory.SortedSet,
        CommandGroup.Hash => AclCategory.Hash,
        CommandGroup.PubSub => AclCategory.PubSub,
        CommandGroup.Transactions => AclCategory.Transaction,
        CommandGroup.Connection => AclCategory.Connection,
        CommandGroup.Scripting => AclCategory.Scripting,
        CommandGroup.HyperLogLog => AclCategory.HyperLogLog,
        CommandGroup.Geo => AclCategory.Geo,
        CommandGroup.Stream => AclCategory.Stream,
        CommandGroup.Bitmap => AclCategory.Bitmap,
        _ => AclCategory.None,
    };
}
