using System.Globalization;
using System.Text;
using Reactor.MiniRedis.Engine.Persistence;

namespace Reactor.MiniRedis.Engine.Security;

/// <summary>
/// The ACL file (<c>aclfile</c>): one <c>user name rules...</c> line per user, as ACL LIST shows them. ACL LOAD
/// replaces every user with the file's, all or nothing; ACL SAVE writes the current users (ACLLoadFromFile and
/// ACLSaveToFile in redis/redis src/acl.c).
/// </summary>
public static class AclFile
{
    private const string NoChange = "WARNING: ACL errors detected, no change to the previously active ACL rules was performed";

    /// <summary>
    /// Mirrors ACLLoadFromFile: reads <paramref name="path"/> and builds a fresh set of users from it. Blank lines
    /// are skipped; every other line must be <c>user name rules...</c> (split on single spaces) with valid rules
    /// and a name used once. On any error nothing changes and the errors are returned as one line; on success
    /// the users are replaced (the default user keeps its identity, taking the file's rules or the defaults),
    /// <paramref name="replaced"/> gets the users that are gone, whose clients the caller disconnects, and null is
    /// returned.
    /// </summary>
    public static string? Load(Acl acl, string path, out List<AclUser> replaced)
    {
        replaced = [];
        byte[] content;
        try
        {
            content = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"Error loading ACLs, opening file '{path}': {e.Message}";
        }

        var errors = new StringBuilder();
        var users = new SortedDictionary<string, AclUser>(StringComparer.Ordinal);
        string[] lines = Acl.Text(content).Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            int lineNumber = i + 1;
            string line = lines[i].Trim(' ', '\t', '\r', '\n');
            if (line.Length == 0)
            {
                continue;
            }
            string[] argv = line.Split(' ');
            if (argv[0] != "user" || argv.Length < 2)
            {
                errors.Append(CultureInfo.InvariantCulture, $"{path}:{lineNumber} should start with user keyword followed by the username. ");
                continue;
            }
            if (Acl.HasSpaces(Acl.Bytes(argv[1])))
            {
                errors.Append(CultureInfo.InvariantCulture, $"'{path}:{lineNumber}: username '{argv[1]}' contains invalid characters. ");
                continue;
            }
            if (users.ContainsKey(argv[1]))
            {
                errors.Append(CultureInfo.InvariantCulture, $"WARNING: Duplicate user '{argv[1]}' found on line {lineNumber}. ");
                continue;
            }
            AclUser user = acl.NewUser(argv[1]);
            users.Add(user.Name, user);
            List<string>? rules = Acl.MergeSelectorArguments(argv.AsSpan(2), out _);
            if (rules is null)
            {
                errors.Append(CultureInfo.InvariantCulture, $"{path}:{lineNumber}: Unmatched parenthesis in selector definition.");
                continue;
            }
            foreach (string rule in rules)
            {
                AclRuleError error = user.Apply(Acl.Bytes(rule.Trim('\t', '\r', '\n')));
                if (error != AclRuleError.None)
                {
                    errors.Append(CultureInfo.InvariantCulture, $"{path}:{lineNumber}: {Acl.Reason(error)}. ");
                }
            }
        }

        if (errors.Length > 0)
        {
            return errors.Append(NoChange).ToString();
        }
        replaced = acl.ReplaceUsers(users.Values);
        return null;
    }

    /// <summary>
    /// Mirrors ACLSaveToFile: writes every user as a line to a temporary file next to <paramref name="path"/> and
    /// renames it over the file. Returns null, or what went wrong for the log.
    /// </summary>
    public static string? Save(Acl acl, string path)
    {
        var text = new StringBuilder();
        foreach (AclUser user in acl.Users)
        {
            text.Append("user ").Append(user.Name).Append(' ').Append(user.Describe()).Append('\n');
        }
        string temporary = string.Create(CultureInfo.InvariantCulture,
            $"{path}.tmp-{Environment.ProcessId}-{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}");
        // Each step fails with the line ACLSaveToFile logs for it; the file and then its directory are fsynced, so a
        // crash right after ACL SAVE leaves either the old file or the complete new one under the name.
        byte[] content = Acl.Bytes(text.ToString());
        if (TempFileWrite.Run(temporary, path, file => file.Write(content)) is ({ } stage, { } error))
        {
            string step = stage switch
            {
                TempFileStage.Open => "Opening temp ACL file for ACL SAVE",
                TempFileStage.Write => "Writing ACL file for ACL SAVE",
                TempFileStage.Sync => "Syncing ACL file for ACL SAVE",
                _ => "Renaming ACL file for ACL SAVE",
            };
            return $"{step}: {error.Message}";
        }
        return DirectorySync.SyncDirectoryOf(path) is { } reason ? $"Syncing ACL directory for ACL SAVE: {reason}" : null;
    }
}
