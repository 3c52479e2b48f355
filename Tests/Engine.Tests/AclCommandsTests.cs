using System.Text.RegularExpressions;
using Reactor.MiniRedis.Engine.Tests.Support;

namespace Reactor.MiniRedis.Engine.Tests;

/// <summary>The ACL subcommands, with replies compared against Redis 7.0.15's.</summary>
public sealed partial class AclCommandsTests : CommandTestBase
{
    private const string Ok = "+OK\r\n";

    // SHA-256 of "pass1" and "pass2".
    private const string Pass1Hash = "e6c3da5b206634d7f3f3586d747ffdb36b5c675757b380c6a5fe5c570c714349";
    private const string Pass2Hash = "1ba3d16e9881959f8c9a9762854f72c6e6321cdd44358a10a4e939033117eab9";

    [GeneratedRegex("^\\$64\\r\\n[0-9a-f]{64}\\r\\n$")]
    private static partial Regex Hex256();

    private static string SetUserError(string rule, string reason) => $"-ERR Error in ACL SETUSER modifier '{rule}': {reason}\r\n";

    // ---- SETUSER, LIST, GETUSER ----

    [Test]
    public void SetUser_NewUserWithoutRules_IsOffWithNothingAllowed()
    {
        Assert.That(Run("ACL", "SETUSER", "alice"), Is.EqualTo(Ok));
        Assert.That(Run("ACL", "LIST"), Is.EqualTo(Resp.BulkArray("user alice off resetchannels -@all", "user default on nopass ~* &* +@all")));
    }

    [Test]
    public void GetUser_NewUser_RepliesEmptyRules() =>
        Assert.That(Run("ACL", "SETUSER", "alice") + Run("ACL", "GETUSER", "alice"), Is.EqualTo(Ok +
            "*12\r\n$5\r\nflags\r\n*1\r\n$3\r\noff\r\n$9\r\npasswords\r\n*0\r\n$8\r\ncommands\r\n$5\r\n-@all\r\n"
            + "$4\r\nkeys\r\n$0\r\n\r\n$8\r\nchannels\r\n$0\r\n\r\n$9\r\nselectors\r\n*0\r\n"));

    [Test]
    public void GetUser_DefaultUser_RepliesEverythingAllowed() =>
        Assert.That(Run("ACL", "GETUSER", "default"), Is.EqualTo(
            "*12\r\n$5\r\nflags\r\n*2\r\n$2\r\non\r\n$6\r\nnopass\r\n$9\r\npasswords\r\n*0\r\n$8\r\ncommands\r\n$5\r\n+@all\r\n"
            + "$4\r\nkeys\r\n$2\r\n~*\r\n$8\r\nchannels\r\n$2\r\n&*\r\n$9\r\nselectors\r\n*0\r\n"));

    [Test]
    public void GetUser_PasswordsPatternsAndCategory_DescribesThem()
    {
        Run("ACL", "SETUSER", "bob", "on", ">pass1", ">pass2", "~foo*", "%R~bar*", "%W~baz*", "&chan*", "+get", "-@all", "+@string", "-append");
        Assert.That(Run("ACL", "GETUSER", "bob"), Is.EqualTo(
            "*12\r\n$5\r\nflags\r\n*1\r\n$2\r\non\r\n$9\r\npasswords\r\n*2\r\n"
            + $"$64\r\n{Pass1Hash}\r\n$64\r\n{Pass2Hash}\r\n"
            + "$8\r\ncommands\r\n$22\r\n-@all +@string -append\r\n$4\r\nkeys\r\n$21\r\n~foo* %R~bar* %W~baz*\r\n"
            + "$8\r\nchannels\r\n$6\r\n&chan*\r\n$9\r\nselectors\r\n*0\r\n"));
    }

    [Test]
    public void List_UserWithEverything_DescribesInAclFileFormat()
    {
        Run("ACL", "SETUSER", "bob", "on", ">pass1", "~foo*", "%R~bar*", "&chan*", "-@all", "+@string", "-append");
        Assert.That(Run("ACL", "LIST"), Is.EqualTo(Resp.BulkArray(
            $"user bob on #{Pass1Hash} ~foo* %R~bar* resetchannels &chan* -@all +@string -append",
            "user default on nopass ~* &* +@all")));
    }

    [Test]
    public void List_AllCommandsMinusOne_StartsFromAll()
    {
        Run("ACL", "SETUSER", "carol", "on", "nopass", "allkeys", "allchannels", "allcommands", "-flushall");
        Assert.That(Run("ACL", "LIST"), Does.Contain("user carol on nopass ~* &* +@all -flushall\r\n"));
    }

    [Test]
    public void SetUser_Reset_IsOffWithSanitizePayload()
    {
        Run("ACL", "SETUSER", "dave", "on", "nopass", "+@all", "~*", "reset");
        Assert.That(Run("ACL", "LIST"), Does.Contain("user dave off sanitize-payload resetchannels -@all\r\n"));
    }

    [Test]
    public void SetUser_PasswordRules_AddRemoveAndNoPass()
    {
        Run("ACL", "SETUSER", "u", "on", ">a", ">b", ">a", "resetpass", ">c", "nopass", ">d", "<d");
        Assert.That(Run("ACL", "GETUSER", "u"), Does.StartWith("*12\r\n$5\r\nflags\r\n*1\r\n$2\r\non\r\n$9\r\npasswords\r\n*0\r\n"));
    }

    [Test]
    public void SetUser_HashRule_StoresTheHash()
    {
        Run("ACL", "SETUSER", "u", "on", "#" + Pass1Hash, "+@all", "~*");
        Assert.That(Run("AUTH", "u", "pass1"), Is.EqualTo(Ok));
    }

    [Test]
    public void SetUser_RemoveHashRule_RemovesThePassword()
    {
        Run("ACL", "SETUSER", "u", "on", ">pass1", ">pass2", "!" + Pass1Hash);
        Assert.That(Run("ACL", "LIST"), Does.Contain($"user u on #{Pass2Hash} resetchannels -@all\r\n"));
    }

    [Test]
    public void SetUser_SamePatternTwice_MergesPermissions()
    {
        Run("ACL", "SETUSER", "u", "~x", "~x", "%R~x", "%W~y", "%RW~z", "%WR~q", "&c", "&c");
        Assert.That(Run("ACL", "LIST"), Does.Contain("user u off ~x %W~y ~z ~q resetchannels &c -@all\r\n"));
    }

    [Test]
    public void SetUser_PermissionWithoutPattern_IsAnEmptyPattern()
    {
        Run("ACL", "SETUSER", "u", "%R");
        Assert.That(Run("ACL", "LIST"), Does.Contain("user u off %R~ resetchannels -@all\r\n"));
    }

    [Test]
    public void SetUser_ContainerRule_CoversSubcommands()
    {
        Run("ACL", "SETUSER", "u", "+@all", "-client", "+client|id");
        Assert.That(Run("ACL", "LIST"), Does.Contain("user u off resetchannels +@all -client +client|id\r\n"));
    }

    [Test]
    public void SetUser_FirstArgRule_IsDescribedAfterItsCommand()
    {
        Run("ACL", "SETUSER", "u", "-@all", "+select|0");
        Assert.That(Run("ACL", "LIST"), Does.Contain("user u off resetchannels -@all +select|0\r\n"));
    }

    [Test]
    public void SetUser_Selectors_AreDescribedInParentheses()
    {
        Run("ACL", "SETUSER", "eve", "on", "nopass", "~k", "(+set", "~w*)", "(+get %R~r*)");
        Assert.That(Run("ACL", "LIST"), Does.Contain(
            "user eve on nopass ~k resetchannels -@all (~w* resetchannels -@all +set) (%R~r* resetchannels -@all +get)\r\n"));
    }

    [Test]
    public void GetUser_Selectors_ListsEachAsAMap()
    {
        Run("ACL", "SETUSER", "eve", "(+get %R~r*)");
        Assert.That(Run("ACL", "GETUSER", "eve"), Does.EndWith(
            "$9\r\nselectors\r\n*1\r\n*6\r\n$8\r\ncommands\r\n$10\r\n-@all +get\r\n$4\r\nkeys\r\n$5\r\n%R~r*\r\n$8\r\nchannels\r\n$0\r\n\r\n"));
    }

    [Test]
    public void SetUser_ClearSelectors_KeepsTheRootRules()
    {
        Run("ACL", "SETUSER", "eve", "+get", "(+set ~w*)", "clearselectors");
        Assert.That(Run("ACL", "LIST"), Does.Contain("user eve off resetchannels -@all +get\r\n"));
    }

    [Test]
    public void SetUser_AclPubsubDefaultAllChannels_NewUserGetsAllChannels()
    {
        Run("CONFIG", "SET", "acl-pubsub-default", "allchannels");
        Run("ACL", "SETUSER", "u");
        Assert.That(Run("ACL", "LIST"), Does.Contain("user u off &* -@all\r\n"));
    }

    [Test]
    public void SetUser_ExistingUser_RulesAddUp()
    {
        Run("ACL", "SETUSER", "u", "on", "+get");
        Run("ACL", "SETUSER", "u", "+set", "~*");
        Assert.That(Run("ACL", "LIST"), Does.Contain("user u on ~* resetchannels -@all +get +set\r\n"));
    }

    [Test]
    public void SetUser_OneBadRule_ChangesNothing()
    {
        Run("ACL", "SETUSER", "u", "on", "+get");
        Run("ACL", "SETUSER", "u", "+set", "bogus");
        Assert.That(Run("ACL", "LIST"), Does.Contain("user u on resetchannels -@all +get\r\n"));
    }

    [Test]
    public void SetUser_EmptyRule_IsIgnored() =>
        Assert.That(Run("ACL", "SETUSER", "u", ""), Is.EqualTo(Ok));

    [TestCase("foo", "Syntax error")]
    [TestCase("<nonexist", "The password you are trying to remove from the user does not exist")]
    [TestCase("#abc", "The password hash must be exactly 64 characters and contain only lowercase hexadecimal characters")]
    [TestCase("!abc", "The password hash must be exactly 64 characters and contain only lowercase hexadecimal characters")]
    [TestCase("+nosuchcmd", "Unknown command or category name in ACL")]
    [TestCase("+@nosuchcat", "Unknown command or category name in ACL")]
    [TestCase("+config|get|x", "Allowing first-arg of a subcommand is not supported")]
    [TestCase("+get|", "Syntax error")]
    [TestCase("-select|0", "Unknown command or category name in ACL")]
    [TestCase("+config|nosuch", "Unknown command or category name in ACL")]
    [TestCase("-config|nosuch", "Unknown command or category name in ACL")]
    [TestCase("%~a", "Syntax error")]
    [TestCase("%", "Syntax error")]
    [TestCase("%RWR~a", "Syntax error")]
    [TestCase("%X~a", "Syntax error")]
    [TestCase("~a b", "Syntax error")]
    [TestCase("(on)", "Syntax error")]
    public void SetUser_BadRule_RepliesWhy(string rule, string reason) =>
        Assert.That(Run("ACL", "SETUSER", "x", rule), Is.EqualTo(SetUserError(rule, reason)));

    [Test]
    public void SetUser_KeyPatternAfterAllKeys_RepliesWhy() =>
        Assert.That(Run("ACL", "SETUSER", "x", "allkeys", "~a*"), Is.EqualTo(SetUserError("~a*",
            "Adding a pattern after the * pattern (or the 'allkeys' flag) is not valid and does not have any effect. Try 'resetkeys' to start with an empty list of patterns")));

    [Test]
    public void SetUser_ChannelPatternAfterAllChannels_RepliesWhy() =>
        Assert.That(Run("ACL", "SETUSER", "x", "allchannels", "&a*"), Is.EqualTo(SetUserError("&a*",
            "Adding a pattern after the * pattern (or the 'allchannels' flag) is not valid and does not have any effect. Try 'resetchannels' to start with an empty list of channels")));

    [Test]
    public void SetUser_NameWithSpace_RepliesUsernameError() =>
        Assert.That(Run("ACL", "SETUSER", "a b"), Is.EqualTo("-ERR Usernames can't contain spaces or null characters\r\n"));

    [Test]
    public void SetUser_UnclosedSelector_RepliesUnmatchedParenthesis() =>
        Assert.That(Run("ACL", "SETUSER", "x", "on", "(+get", "~a"), Is.EqualTo("-ERR Unmatched parenthesis in acl selector starting at '(+get'.\r\n"));

    [Test]
    public void SetUser_NoName_RepliesArityError() =>
        Assert.That(Run("ACL", "SETUSER"), Is.EqualTo("-ERR wrong number of arguments for 'acl|setuser' command\r\n"));

    // ---- DELUSER, USERS, WHOAMI ----

    [Test]
    public void DelUser_ExistingAndMissing_CountsDeleted()
    {
        Run("ACL", "SETUSER", "x");
        Assert.That(Run("ACL", "DELUSER", "x", "nosuch"), Is.EqualTo(":1\r\n"));
    }

    [Test]
    public void DelUser_Default_RepliesErrorAndDeletesNothing()
    {
        Run("ACL", "SETUSER", "x");
        Assert.Multiple(() =>
        {
            Assert.That(Run("ACL", "DELUSER", "x", "default"), Is.EqualTo("-ERR The 'default' user cannot be removed\r\n"));
            Assert.That(Run("ACL", "USERS"), Is.EqualTo(Resp.BulkArray("default", "x")));
        });
    }

    [Test]
    public void DelUser_OwnUser_RepliesThenCloses()
    {
        Run("ACL", "SETUSER", "x", "on", "nopass", "+@all");
        Run("AUTH", "x", "any");
        Assert.Multiple(() =>
        {
            Assert.That(Run("ACL", "DELUSER", "x"), Is.EqualTo(":1\r\n"));
            Assert.That(Client.Connection.IsClosed, Is.True);
        });
    }

    [Test]
    public void DelUser_OtherClientsOfTheUser_AreClosed()
    {
        Run("ACL", "SETUSER", "x", "on", "nopass", "+@all");
        TestClient other = Harness.Connect();
        other.Execute("AUTH", "x", "any");
        Run("ACL", "DELUSER", "x");
        Assert.That(other.Connection.IsClosed, Is.True);
    }

    [Test]
    public void Users_ListsNamesSortedByBytes()
    {
        Run("ACL", "SETUSER", "zed");
        Run("ACL", "SETUSER", "Bob");
        Run("ACL", "SETUSER", "alice");
        Assert.That(Run("ACL", "USERS"), Is.EqualTo(Resp.BulkArray("Bob", "alice", "default", "zed")));
    }

    [Test]
    public void WhoAmI_NewConnection_IsDefault() =>
        Assert.That(Run("ACL", "WHOAMI"), Is.EqualTo("$7\r\ndefault\r\n"));

    [Test]
    public void GetUser_Missing_RepliesNull() =>
        Assert.That(Run("ACL", "GETUSER", "nosuch"), Is.EqualTo("$-1\r\n"));

    // ---- CAT ----

    [Test]
    public void Cat_NoArgument_ListsCategoriesInBitOrder() =>
        Assert.That(Run("ACL", "CAT"), Is.EqualTo(Resp.BulkArray(
            "keyspace", "read", "write", "set", "sortedset", "list", "hash", "string", "bitmap", "hyperloglog", "geo", "stream",
            "pubsub", "admin", "fast", "slow", "blocking", "dangerous", "connection", "transaction", "scripting")));

    [Test]
    public void Cat_Category_ListsItsCommandsAndSubcommands()
    {
        string reply = Run("ACL", "CAT", "connection");
        Assert.That(reply, Does.Contain("$4\r\nauth\r\n").And.Contain("$9\r\nclient|id\r\n").And.Not.Contain("$3\r\nget\r\n"));
    }

    [Test]
    public void Cat_CategoryAnyCase_IsFound() =>
        Assert.That(Run("ACL", "CAT", "STRING"), Does.Contain("$6\r\nappend\r\n"));

    [Test]
    public void Cat_UnknownCategory_RepliesError() =>
        Assert.That(Run("ACL", "CAT", "nosuch"), Is.EqualTo("-ERR Unknown category 'nosuch'\r\n"));

    [Test]
    public void Cat_TooManyArguments_RepliesSubcommandSyntaxError() =>
        Assert.That(Run("acl", "cat", "a", "b"), Is.EqualTo("-ERR unknown subcommand or wrong number of arguments for 'cat'. Try ACL HELP.\r\n"));

    // ---- GENPASS ----

    [Test]
    public void GenPass_Default_Is64HexDigits() =>
        Assert.That(Run("ACL", "GENPASS"), Does.Match(Hex256()));

    [Test]
    public void GenPass_Bits_RoundsUpToHexDigits() =>
        Assert.That(Run("ACL", "GENPASS", "5"), Does.Match("^\\$2\\r\\n[0-9a-f]{2}\\r\\n$"));

    [TestCase("0")]
    [TestCase("4097")]
    public void GenPass_OutOfRange_RepliesError(string bits) =>
        Assert.That(Run("ACL", "GENPASS", bits), Is.EqualTo(
            "-ERR ACL GENPASS argument must be the number of bits for the output password, a positive number up to 4096\r\n"));

    [Test]
    public void GenPass_NotANumber_RepliesNotInteger() =>
        Assert.That(Run("ACL", "GENPASS", "abc"), Is.EqualTo("-ERR value is not an integer or out of range\r\n"));

    [Test]
    public void GenPass_TwoArguments_RepliesSubcommandSyntaxError() =>
        Assert.That(Run("ACL", "GENPASS", "1", "2"), Is.EqualTo("-ERR unknown subcommand or wrong number of arguments for 'GENPASS'. Try ACL HELP.\r\n"));

    // ---- LOG ----

    [Test]
    public void Log_FailedAuth_RecordsEntry()
    {
        Run("ACL", "SETUSER", "u", "on", ">pw");
        Run("AUTH", "u", "wrong");
        Harness.Time.Advance(TimeSpan.FromMilliseconds(1500));
        string log = Run("ACL", "LOG");
        Assert.That(log, Does.StartWith(
            "*1\r\n*14\r\n$5\r\ncount\r\n:1\r\n$6\r\nreason\r\n$4\r\nauth\r\n$7\r\ncontext\r\n$8\r\ntoplevel\r\n"
            + "$6\r\nobject\r\n$4\r\nAUTH\r\n$8\r\nusername\r\n$1\r\nu\r\n$11\r\nage-seconds\r\n$3\r\n1.5\r\n$11\r\nclient-info\r\n")
            .And.Contain(" cmd=auth user=default redir=-1 resp=2\r\n"));
    }

    [Test]
    public void Log_SameDenialTwice_BumpsCount()
    {
        Run("AUTH", "u", "wrong");
        Run("AUTH", "u", "wrong");
        Assert.That(Run("ACL", "LOG"), Does.StartWith("*1\r\n*14\r\n$5\r\ncount\r\n:2\r\n"));
    }

    [Test]
    public void Log_SameDenialMoreThanAMinuteApart_AddsEntry()
    {
        Run("AUTH", "u", "wrong");
        Harness.Time.Advance(TimeSpan.FromSeconds(61));
        Run("AUTH", "u", "wrong");
        Assert.That(Run("ACL", "LOG"), Does.StartWith("*2\r\n"));
    }

    [Test]
    public void Log_Count_LimitsEntries()
    {
        Run("AUTH", "a", "wrong");
        Run("AUTH", "b", "wrong");
        Assert.That(Run("ACL", "LOG", "1"), Does.StartWith("*1\r\n").And.Contain("$8\r\nusername\r\n$1\r\nb\r\n"));
    }

    [Test]
    public void Log_NegativeCount_RepliesEmpty()
    {
        Run("AUTH", "a", "wrong");
        Assert.That(Run("ACL", "LOG", "-1"), Is.EqualTo("*0\r\n"));
    }

    [Test]
    public void Log_Reset_EmptiesLog()
    {
        Run("AUTH", "a", "wrong");
        Assert.That(Run("ACL", "LOG", "RESET") + Run("ACL", "LOG"), Is.EqualTo(Ok + "*0\r\n"));
    }

    [Test]
    public void Log_MaxLen_DropsOldest()
    {
        Run("CONFIG", "SET", "acllog-max-len", "1");
        Run("AUTH", "a", "wrong");
        Run("AUTH", "b", "wrong");
        Assert.That(Run("ACL", "LOG"), Does.StartWith("*1\r\n").And.Contain("$1\r\nb\r\n"));
    }

    [Test]
    public void Log_NotANumber_RepliesNotInteger() =>
        Assert.That(Run("ACL", "LOG", "abc"), Is.EqualTo("-ERR value is not an integer or out of range\r\n"));

    // ---- DRYRUN ----

    [Test]
    public void DryRun_Allowed_RepliesOk()
    {
        Run("ACL", "SETUSER", "u", "on", "+get", "~a*");
        Assert.That(Run("ACL", "DRYRUN", "u", "get", "a1"), Is.EqualTo(Ok));
    }

    [Test]
    public void DryRun_DeniedKey_NamesTheKey()
    {
        Run("ACL", "SETUSER", "u", "on", "+mget", "~a*");
        Assert.That(Run("ACL", "DRYRUN", "u", "mget", "a1", "b1"), Is.EqualTo(
            "$51\r\nThis user has no permissions to access the 'b1' key\r\n"));
    }

    [Test]
    public void DryRun_DeniedSubcommand_NamesItsFullName()
    {
        Run("ACL", "SETUSER", "u", "on", "+config|get");
        Assert.That(Run("ACL", "DRYRUN", "u", "config", "set", "maxmemory", "1"), Is.EqualTo(
            "$60\r\nThis user has no permissions to run the 'config|set' command\r\n"));
    }

    [Test]
    public void DryRun_UnknownUser_RepliesError() =>
        Assert.That(Run("ACL", "DRYRUN", "nosuch", "get", "k"), Is.EqualTo("-ERR User 'nosuch' not found\r\n"));

    [TestCase("nosuch", "Command 'nosuch' not found")]
    [TestCase("config", "Command 'config' not found")]
    public void DryRun_UnknownCommand_RepliesError(string command, string error) =>
        Assert.That(Run("ACL", "DRYRUN", "default", command, "nosuch"), Is.EqualTo($"-ERR {error}\r\n"));

    [Test]
    public void DryRun_WrongArity_RepliesArityError() =>
        Assert.That(Run("ACL", "DRYRUN", "default", "get"), Is.EqualTo("-ERR wrong number of arguments for 'get' command\r\n"));

    [Test]
    public void DryRun_Denied_LogsNothing()
    {
        Run("ACL", "SETUSER", "u", "on");
        Run("ACL", "DRYRUN", "u", "get", "k");
        Assert.That(Run("ACL", "LOG"), Is.EqualTo("*0\r\n"));
    }

    // ---- LOAD, SAVE, HELP ----

    [TestCase("LOAD")]
    [TestCase("SAVE")]
    public void LoadOrSave_NoAclFile_RepliesError(string subcommand) =>
        Assert.That(Run("ACL", subcommand), Does.StartWith("-ERR This Redis instance is not configured to use an ACL file."));

    [Test]
    public void SaveThenLoad_AclFile_RestoresUsers()
    {
        string path = Path.Combine(Path.GetTempPath(), $"acl-{Guid.NewGuid():N}.acl");
        try
        {
            using var harness = new ServerHarness(c => c.Find("aclfile")!.Apply(path));
            TestClient client = harness.Connect();
            client.Execute("ACL", "SETUSER", "bob", "on", ">pass1", "~k*", "+get");
            Assert.That(client.Execute("ACL", "SAVE"), Is.EqualTo(Ok));
            client.Execute("ACL", "DELUSER", "bob");
            Assert.Multiple(() =>
            {
                Assert.That(File.ReadAllText(path), Is.EqualTo(
                    $"user bob on #{Pass1Hash} ~k* resetchannels -@all +get\nuser default on nopass ~* &* +@all\n"));
                Assert.That(client.Execute("ACL", "LOAD"), Is.EqualTo(Ok));
                Assert.That(client.Execute("ACL", "USERS"), Is.EqualTo(Resp.BulkArray("bob", "default")));
            });
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void Load_BadLine_ChangesNothingAndNamesTheLine()
    {
        string path = Path.Combine(Path.GetTempPath(), $"acl-{Guid.NewGuid():N}.acl");
        try
        {
            File.WriteAllText(path, "user bob on +get\nuser carol bogus\n");
            using var harness = new ServerHarness(c => c.Find("aclfile")!.Apply(path));
            TestClient client = harness.Connect();
            Assert.Multiple(() =>
            {
                Assert.That(client.Execute("ACL", "LOAD"), Is.EqualTo(
                    $"-ERR {path}:2: Syntax error. WARNING: ACL errors detected, no change to the previously active ACL rules was performed\r\n"));
                Assert.That(client.Execute("ACL", "USERS"), Is.EqualTo(Resp.BulkArray("default")));
            });
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void Help_ListsSubcommands() =>
        Assert.That(Run("ACL", "HELP"), Does.StartWith("*29\r\n+ACL <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n+CAT [<category>]\r\n")
            .And.EndWith("+WHOAMI\r\n+    Return the current connection username.\r\n+HELP\r\n+    Prints this help.\r\n"));

    [Test]
    public void UnknownSubcommand_RepliesError() =>
        Assert.That(Run("ACL", "nosuch"), Is.EqualTo("-ERR unknown subcommand 'nosuch'. Try ACL HELP.\r\n"));
}
