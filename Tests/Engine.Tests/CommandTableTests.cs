using Reactor.MiniRedis.Engine.Commands;
using Reactor.MiniRedis.Engine.Tests.Support;

namespace Reactor.MiniRedis.Engine.Tests;

/// <summary>
/// Checks every row of <see cref="CommandTable.All"/> (subcommands included), so rows added later are covered too,
/// and the COMMAND command that reports the table.
/// </summary>
public sealed class CommandTableTests : CommandTestBase
{
    /// <summary>Every row: top-level commands and the subcommands of containers.</summary>
    public static IEnumerable<CommandSpec> AllRows() =>
        CommandTable.All.SelectMany(c => (CommandSpec[])[c, .. c.Subcommands ?? []]);

    /// <summary>
    /// One request per row that breaks the row's arity, with the expected error. Rows that accept any number
    /// of arguments (arity -1) cannot be given a wrong count and are left out.
    /// </summary>
    public static IEnumerable<TestCaseData> WrongArityRequests()
    {
        foreach (CommandSpec row in AllRows())
        {
            int wrongCount = row.Arity > 0 ? row.Arity + 1 : -row.Arity - 1;
            if (wrongCount < 1 || (row.Name.Contains('|') && wrongCount < 2))
            {
                continue;
            }
            string[] words = row.Name.Split('|');
            string[] request = [.. words, .. Enumerable.Repeat("x", wrongCount - words.Length)];
            // A rejected EXEC aborts the transaction (execCommandAbort), quoting the arity error without its code.
            string error = row.Name == "exec" ? "EXECABORT Transaction discarded because of: " : "ERR ";
            yield return new TestCaseData((object)request, $"-{error}wrong number of arguments for '{row.Name}' command\r\n")
                .SetName($"WrongArity_{row.Name.Replace('|', '_')}_RepliesArityError");
        }
    }

    [Test]
    public void Names_AreUniqueAndLowerCase()
    {
        List<string> names = AllRows().Select(r => r.Name).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(names, Is.Unique);
            Assert.That(names.Where(n => n != n.ToLowerInvariant()), Is.Empty);
        });
    }

    [TestCaseSource(nameof(AllRows))]
    public void Row_ArityIsNotZero(CommandSpec row) => Assert.That(row.Arity, Is.Not.Zero);

    [TestCaseSource(nameof(AllRows))]
    public void Row_KeyPositionsFitTheArity(CommandSpec row)
    {
        if (row.FirstKey == 0)
        {
            Assert.That((row.LastKey, row.Step), Is.EqualTo((0, 0)), "a row without keys has no last key or step");
            return;
        }
        // SUNSUBSCRIBE's optional shard channels sit in the key positions (flagged not_key), as in Redis.
        int minimumArguments = row.KeySpecs.All(k => (k.Flags & KeyFlags.NotKey) != 0) ? Math.Abs(row.Arity) + 1 : Math.Abs(row.Arity);
        Assert.Multiple(() =>
        {
            Assert.That(row.FirstKey, Is.Positive.And.LessThan(minimumArguments), "the first key is always present");
            Assert.That(row.Step, Is.Positive);
            if (row.LastKey >= 0)
            {
                Assert.That(row.LastKey, Is.GreaterThanOrEqualTo(row.FirstKey));
                Assert.That(row.LastKey, row.Arity > 0 ? Is.LessThan(row.Arity) : Is.GreaterThanOrEqualTo(row.FirstKey));
            }
            else
            {
                Assert.That(row.Arity, Is.Negative, "a last key counted from the end needs a variable argument count");
            }
        });
    }

    [TestCaseSource(nameof(AllRows))]
    public void Row_HasAHandlerOrSubcommands(CommandSpec row) =>
        Assert.That(row.Handler is not null || row.Subcommands is { Length: > 0 }, Is.True);

    [TestCaseSource(nameof(AllRows))]
    public void Row_HasDocumentation(CommandSpec row)
    {
        CommandDoc? doc = CommandDocs.Find(row.Name);
        Assert.That(doc, Is.Not.Null, $"add an entry for '{row.Name}' to CommandDocs");
        // Redis documents no complexity for MONITOR.
        Assert.That(row.Name == "monitor" ? [doc!.Summary, doc.Since] : new[] { doc!.Summary, doc.Since, doc.Complexity }, Has.None.Empty);
    }

    [Test]
    public void Subcommands_AreNamedAfterTheirContainer()
    {
        foreach (CommandSpec container in CommandTable.All.Where(c => c.IsContainer))
        {
            Assert.That(container.Subcommands!.Select(s => s.Name), Has.All.StartsWith(container.Name + "|"));
        }
    }

    [TestCaseSource(nameof(WrongArityRequests))]
    public void WrongArity(string[] request, string expected) => Assert.That(Client.Execute(request), Is.EqualTo(expected));

    [Test]
    public void CommandCount_RepliesNumberOfTopLevelRows() =>
        Assert.That(Client.Execute("COMMAND", "COUNT"), Is.EqualTo($":{CommandTable.All.Length}\r\n"));

    [Test]
    public void Command_RepliesOneEntryPerTopLevelRow() =>
        Assert.That(Client.Execute("COMMAND"), Does.StartWith($"*{CommandTable.All.Length}\r\n*10\r\n"));

    [Test]
    public void CommandInfo_Get_RepliesRedisEntry() =>
        Assert.That(Client.Execute("COMMAND", "INFO", "GET"), Is.EqualTo(
            "*1\r\n*10\r\n$3\r\nget\r\n:2\r\n*2\r\n+readonly\r\n+fast\r\n:1\r\n:1\r\n:1\r\n*3\r\n+@read\r\n+@string\r\n+@fast\r\n*0\r\n"
            + "*1\r\n*6\r\n$5\r\nflags\r\n*2\r\n+RO\r\n+access\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n"
            + "*2\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n*6\r\n$7\r\nlastkey\r\n:0\r\n"
            + "$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n*0\r\n"));

    [Test]
    public void CommandInfo_UnknownName_RepliesNilEntry() =>
        Assert.That(Client.Execute("COMMAND", "INFO", "nosuch"), Is.EqualTo("*1\r\n$-1\r\n"));

    [Test]
    public void CommandInfo_SubcommandFullName_RepliesItsEntry() =>
        Assert.That(Client.Execute("COMMAND", "INFO", "config|get"), Is.EqualTo(
            "*1\r\n*10\r\n$10\r\nconfig|get\r\n:-3\r\n*4\r\n+admin\r\n+noscript\r\n+loading\r\n+stale\r\n:0\r\n:0\r\n:0\r\n"
            + "*3\r\n+@admin\r\n+@slow\r\n+@dangerous\r\n*0\r\n*0\r\n*0\r\n"));

    [Test]
    public void CommandInfo_Container_ListsSubcommands()
    {
        string reply = Client.Execute("COMMAND", "INFO", "config");
        Assert.That(reply, Does.StartWith("*1\r\n*10\r\n$6\r\nconfig\r\n:-2\r\n*0\r\n:0\r\n:0\r\n:0\r\n*1\r\n+@slow\r\n*0\r\n*0\r\n*5\r\n"));
    }

    [Test]
    public void CommandDocs_Get_RepliesRedisDocumentation() =>
        Assert.That(Client.Execute("COMMAND", "DOCS", "get"), Is.EqualTo(
            "*2\r\n$3\r\nget\r\n*10\r\n$7\r\nsummary\r\n$22\r\nGet the value of a key\r\n$5\r\nsince\r\n$5\r\n1.0.0\r\n"
            + "$5\r\ngroup\r\n$6\r\nstring\r\n$10\r\ncomplexity\r\n$4\r\nO(1)\r\n$9\r\narguments\r\n*1\r\n*6\r\n$4\r\nname\r\n$3\r\nkey\r\n"
            + "$4\r\ntype\r\n$3\r\nkey\r\n$14\r\nkey_spec_index\r\n:0\r\n"));

    [Test]
    public void CommandDocs_SubcommandWithHistoryAndBlock_RepliesRedisDocumentation() =>
        Assert.That(Client.Execute("COMMAND", "DOCS", "CONFIG|GET"), Is.EqualTo(
            "*2\r\n$10\r\nconfig|get\r\n*12\r\n$7\r\nsummary\r\n$42\r\nGet the values of configuration parameters\r\n"
            + "$5\r\nsince\r\n$5\r\n2.0.0\r\n$5\r\ngroup\r\n$6\r\nserver\r\n$10\r\ncomplexity\r\n"
            + "$62\r\nO(N) when N is the number of configuration parameters provided\r\n$7\r\nhistory\r\n*1\r\n*2\r\n$5\r\n7.0.0\r\n"
            + "$65\r\nAdded the ability to pass multiple pattern parameters in one call\r\n$9\r\narguments\r\n*1\r\n*8\r\n"
            + "$4\r\nname\r\n$9\r\nparameter\r\n$4\r\ntype\r\n$5\r\nblock\r\n$5\r\nflags\r\n*1\r\n+multiple\r\n$9\r\narguments\r\n"
            + "*1\r\n*4\r\n$4\r\nname\r\n$9\r\nparameter\r\n$4\r\ntype\r\n$6\r\nstring\r\n"));

    [Test]
    public void CommandDocs_UnknownName_IsLeftOut() =>
        Assert.That(Client.Execute("COMMAND", "DOCS", "nosuch"), Is.EqualTo("*0\r\n"));

    [Test]
    public void CommandDocs_NoNames_DocumentsEveryCommand() =>
        Assert.That(Client.Execute("COMMAND", "DOCS"), Does.StartWith($"*{CommandTable.All.Length * 2}\r\n"));

    [Test]
    public void CommandList_RepliesCommandsAndSubcommands()
    {
        string reply = Client.Execute("COMMAND", "LIST");
        Assert.That(reply, Does.StartWith($"*{AllRows().Count()}\r\n").And.Contain("$10\r\nconfig|get\r\n"));
    }

    [Test]
    public void CommandList_FilterByPattern_MatchesFullNames() =>
        Assert.That(Client.Execute("COMMAND", "LIST", "FILTERBY", "PATTERN", "config*"), Is.EqualTo(
            "*6\r\n$6\r\nconfig\r\n$10\r\nconfig|get\r\n$10\r\nconfig|set\r\n$16\r\nconfig|resetstat\r\n$14\r\nconfig|rewrite\r\n$11\r\nconfig|help\r\n"));

    [Test]
    public void CommandList_FilterByAclCategory_MatchesCategory() =>
        Assert.That(Client.Execute("COMMAND", "LIST", "FILTERBY", "ACLCAT", "string"), Does.Contain("$3\r\nget\r\n").And.Not.Contain("$4\r\nping\r\n"));

    [Test]
    public void CommandList_FilterByModule_MatchesNothing() =>
        Assert.That(Client.Execute("COMMAND", "LIST", "FILTERBY", "MODULE", "x"), Is.EqualTo("*0\r\n"));

    [TestCase("FOO")]
    [TestCase("FILTERBY", "FOO", "x")]
    [TestCase("FILTERBY", "PATTERN")]
    public void CommandList_BadFilter_RepliesSyntaxError(params string[] options) =>
        Assert.That(Client.Execute(["COMMAND", "LIST", .. options]), Is.EqualTo("-ERR syntax error\r\n"));

    [Test]
    public void CommandGetKeys_Get_RepliesKey() =>
        Assert.That(Client.Execute("COMMAND", "GETKEYS", "GET", "k"), Is.EqualTo("*1\r\n$1\r\nk\r\n"));

    [Test]
    public void CommandGetKeysAndFlags_Get_RepliesKeyWithFlags() =>
        Assert.That(Client.Execute("COMMAND", "GETKEYSANDFLAGS", "get", "k"), Is.EqualTo("*1\r\n*2\r\n$1\r\nk\r\n*2\r\n+RO\r\n+access\r\n"));

    [TestCase(new[] { "nosuch", "a" }, "-ERR Invalid command specified\r\n")]
    [TestCase(new[] { "ping", "a" }, "-ERR The command has no key arguments\r\n")]
    [TestCase(new[] { "config", "get" }, "-ERR The command has no key arguments\r\n")]
    [TestCase(new[] { "config", "nosuch" }, "-ERR Invalid command specified\r\n")]
    [TestCase(new[] { "get", "a", "b" }, "-ERR Invalid number of arguments specified for command\r\n")]
    public void CommandGetKeys_Refused_RepliesRedisError(string[] command, string expected) =>
        Assert.That(Client.Execute(["COMMAND", "GETKEYS", .. command]), Is.EqualTo(expected));

    [Test]
    public void FindKeys_DerivedSpecLastKeyFromTheEndWithStep_SkipsValues()
    {
        var mset = new CommandSpec("mset", -3, CommandFlags.Write, 1, -1, 2, CommandGroup.String, _ => { });
        byte[][] argv = [.. new[] { "mset", "a", "1", "b", "2", "c", "3" }.Select(s => System.Text.Encoding.ASCII.GetBytes(s))];
        Assert.That(CommandKeys.Find(mset, argv).Select(k => k.Position), Is.EqualTo(new[] { 1, 3, 5 }));
    }

    [Test]
    public void AclCategories_AdminCommand_AddsAdminDangerousAndSlow() =>
        Assert.That(CommandCommands.AclCategories(CommandCommands.FindByFullName("client|kill"u8)!),
            Is.EqualTo(new[] { "@admin", "@slow", "@dangerous", "@connection" }));

    [Test]
    public void CommandHelp_RepliesRedisHelpText()
    {
        string reply = Client.Execute("command", "help");
        Assert.That(reply, Does.StartWith("*21\r\n+COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n+(no subcommand)\r\n")
            .And.EndWith("+GETKEYSANDFLAGS <full-command>\r\n+    Return the keys and the access flags from a full Redis command.\r\n+HELP\r\n+    Prints this help.\r\n"));
    }

    [Test]
    public void Command_UnknownSubcommand_RepliesRedisError() =>
        Assert.That(Client.Execute("COMMAND", "foo"), Is.EqualTo("-ERR unknown subcommand 'foo'. Try COMMAND HELP.\r\n"));
}
