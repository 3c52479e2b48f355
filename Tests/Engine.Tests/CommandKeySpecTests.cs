using Reactor.MiniRedis.Engine.Commands;
using Reactor.MiniRedis.Engine.Tests.Support;

namespace Reactor.MiniRedis.Engine.Tests;

/// <summary>
/// Key specs: COMMAND INFO's key_specs and the keys COMMAND GETKEYS / GETKEYSANDFLAGS find with them, each
/// expected reply taken byte for byte from a real redis-server 7.0.15.
/// </summary>
public sealed class CommandKeySpecTests : CommandTestBase
{
    private const string InvalidArgumentsReply = "-ERR Invalid arguments specified for command\r\n";

    [Test]
    public void CommandInfo_LMove_RepliesTwoRangeSpecs() =>
        Assert.That(Client.Execute("COMMAND", "INFO", "lmove"), Is.EqualTo(
            "*1\r\n*10\r\n$5\r\nlmove\r\n:5\r\n*2\r\n+write\r\n+denyoom\r\n:1\r\n:2\r\n:1\r\n*3\r\n+@write\r\n+@list\r\n+@slow\r\n*0\r\n*2\r\n*6\r\n$5\r\nflags\r\n*3\r\n+RW\r\n+access\r\n+delete\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n*2\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n*6\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n*6\r\n$5\r\nflags\r\n*2\r\n+RW\r\n+insert\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n*2\r\n$5\r\nindex\r\n:2\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n*6\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n*0\r\n"));

    [Test]
    public void CommandInfo_ZUnionStore_RepliesRangeThenKeyNumSpec() =>
        Assert.That(Client.Execute("COMMAND", "INFO", "zunionstore"), Is.EqualTo(
            "*1\r\n*10\r\n$11\r\nzunionstore\r\n:-4\r\n*3\r\n+write\r\n+denyoom\r\n+movablekeys\r\n:1\r\n:1\r\n:1\r\n*3\r\n+@write\r\n+@sortedset\r\n+@slow\r\n*0\r\n*2\r\n*6\r\n$5\r\nflags\r\n*2\r\n+OW\r\n+update\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n*2\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n*6\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n*6\r\n$5\r\nflags\r\n*2\r\n+RO\r\n+access\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n*2\r\n$5\r\nindex\r\n:2\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$6\r\nkeynum\r\n$4\r\nspec\r\n*6\r\n$9\r\nkeynumidx\r\n:0\r\n$8\r\nfirstkey\r\n:1\r\n$7\r\nkeystep\r\n:1\r\n*0\r\n"));

    [Test]
    public void CommandInfo_BitOp_RepliesDestinationThenSourcesSpec() =>
        Assert.That(Client.Execute("COMMAND", "INFO", "bitop"), Is.EqualTo(
            "*1\r\n*10\r\n$5\r\nbitop\r\n:-4\r\n*2\r\n+write\r\n+denyoom\r\n:2\r\n:-1\r\n:1\r\n*3\r\n+@write\r\n+@bitmap\r\n+@slow\r\n*0\r\n*2\r\n*6\r\n$5\r\nflags\r\n*2\r\n+OW\r\n+update\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n*2\r\n$5\r\nindex\r\n:2\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n*6\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n*6\r\n$5\r\nflags\r\n*2\r\n+RO\r\n+access\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n*2\r\n$5\r\nindex\r\n:3\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n*6\r\n$7\r\nlastkey\r\n:-1\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n*0\r\n"));

    [Test]
    public void CommandInfo_Sort_RepliesUnknownSpecsWithNotes() =>
        Assert.That(Client.Execute("COMMAND", "INFO", "sort"), Is.EqualTo(
            "*1\r\n*10\r\n$4\r\nsort\r\n:-2\r\n*3\r\n+write\r\n+denyoom\r\n+movablekeys\r\n:1\r\n:1\r\n:1\r\n*6\r\n+@write\r\n+@set\r\n+@sortedset\r\n+@list\r\n+@slow\r\n+@dangerous\r\n*0\r\n*3\r\n*6\r\n$5\r\nflags\r\n*2\r\n+RO\r\n+access\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n*2\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n*6\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n*8\r\n$5\r\nnotes\r\n$120\r\nFor the optional BY/GET keyword. It is marked 'unknown' because the key names derive from the content of the key we sort\r\n$5\r\nflags\r\n*2\r\n+RO\r\n+access\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$7\r\nunknown\r\n$4\r\nspec\r\n*0\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$7\r\nunknown\r\n$4\r\nspec\r\n*0\r\n*8\r\n$5\r\nnotes\r\n$116\r\nFor the optional STORE keyword. It is marked 'unknown' because the keyword can appear anywhere in the argument array\r\n$5\r\nflags\r\n*2\r\n+OW\r\n+update\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$7\r\nunknown\r\n$4\r\nspec\r\n*0\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$7\r\nunknown\r\n$4\r\nspec\r\n*0\r\n*0\r\n"));

    [Test]
    public void CommandInfo_Set_RepliesVariableFlagsWithNotes() =>
        Assert.That(Client.Execute("COMMAND", "INFO", "set"), Is.EqualTo(
            "*1\r\n*10\r\n$3\r\nset\r\n:-3\r\n*2\r\n+write\r\n+denyoom\r\n:1\r\n:1\r\n:1\r\n*3\r\n+@write\r\n+@string\r\n+@slow\r\n*0\r\n*1\r\n*8\r\n$5\r\nnotes\r\n$48\r\nRW and ACCESS due to the optional `GET` argument\r\n$5\r\nflags\r\n*4\r\n+RW\r\n+access\r\n+update\r\n+variable_flags\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n*2\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n*6\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n*0\r\n"));

    [TestCase("LMOVE src dst LEFT RIGHT", "*2\r\n$3\r\nsrc\r\n$3\r\ndst\r\n")]
    [TestCase("RPOPLPUSH src dst", "*2\r\n$3\r\nsrc\r\n$3\r\ndst\r\n")]
    [TestCase("SMOVE src dst m", "*2\r\n$3\r\nsrc\r\n$3\r\ndst\r\n")]
    [TestCase("LMPOP 2 a b LEFT COUNT 1", "*2\r\n$1\r\na\r\n$1\r\nb\r\n")]
    [TestCase("ZMPOP 1 z MIN", "*1\r\n$1\r\nz\r\n")]
    [TestCase("SINTERCARD 2 a b LIMIT 1", "*2\r\n$1\r\na\r\n$1\r\nb\r\n")]
    [TestCase("ZINTERCARD 2 a b", "*2\r\n$1\r\na\r\n$1\r\nb\r\n")]
    [TestCase("ZUNION 2 a b WITHSCORES", "*2\r\n$1\r\na\r\n$1\r\nb\r\n")]
    [TestCase("ZINTER 2 a b", "*2\r\n$1\r\na\r\n$1\r\nb\r\n")]
    [TestCase("ZDIFF 2 a b", "*2\r\n$1\r\na\r\n$1\r\nb\r\n")]
    [TestCase("ZUNIONSTORE d 2 a b WEIGHTS 1 2", "*3\r\n$1\r\nd\r\n$1\r\na\r\n$1\r\nb\r\n")]
    [TestCase("ZINTERSTORE d 2 a b", "*3\r\n$1\r\nd\r\n$1\r\na\r\n$1\r\nb\r\n")]
    [TestCase("ZDIFFSTORE d 2 a b", "*3\r\n$1\r\nd\r\n$1\r\na\r\n$1\r\nb\r\n")]
    [TestCase("SINTERSTORE d a b", "*3\r\n$1\r\nd\r\n$1\r\na\r\n$1\r\nb\r\n")]
    [TestCase("SUNIONSTORE d a b", "*3\r\n$1\r\nd\r\n$1\r\na\r\n$1\r\nb\r\n")]
    [TestCase("SDIFFSTORE d a b", "*3\r\n$1\r\nd\r\n$1\r\na\r\n$1\r\nb\r\n")]
    [TestCase("ZRANGESTORE d src 0 -1", "*2\r\n$1\r\nd\r\n$3\r\nsrc\r\n")]
    [TestCase("SORT k BY w_* GET o_* STORE d", "*2\r\n$1\r\nk\r\n$1\r\nd\r\n")]
    [TestCase("SORT k LIMIT 0 1 STORE d1 STORE d2", "*2\r\n$1\r\nk\r\n$2\r\nd2\r\n")]
    [TestCase("SORT_RO k BY w_* GET o_*", "*1\r\n$1\r\nk\r\n")]
    [TestCase("BITOP AND d a b", "*3\r\n$1\r\nd\r\n$1\r\na\r\n$1\r\nb\r\n")]
    [TestCase("RENAME a b", "*2\r\n$1\r\na\r\n$1\r\nb\r\n")]
    [TestCase("RENAMENX a b", "*2\r\n$1\r\na\r\n$1\r\nb\r\n")]
    [TestCase("MSET a 1 b 2", "*2\r\n$1\r\na\r\n$1\r\nb\r\n")]
    [TestCase("MSETNX a 1 b 2", "*2\r\n$1\r\na\r\n$1\r\nb\r\n")]
    [TestCase("MGET a b", "*2\r\n$1\r\na\r\n$1\r\nb\r\n")]
    [TestCase("DEL a b", "*2\r\n$1\r\na\r\n$1\r\nb\r\n")]
    [TestCase("EXISTS a b", "*2\r\n$1\r\na\r\n$1\r\nb\r\n")]
    public void CommandGetKeys_MultiSpecOrKeyNumCommand_RepliesEveryKey(string command, string expected) =>
        Assert.That(Client.Execute(["COMMAND", "GETKEYS", .. command.Split(' ')]), Is.EqualTo(expected));

    [TestCase("LMOVE src dst LEFT RIGHT", "*2\r\n*2\r\n$3\r\nsrc\r\n*3\r\n+RW\r\n+access\r\n+delete\r\n*2\r\n$3\r\ndst\r\n*2\r\n+RW\r\n+insert\r\n")]
    [TestCase("RPOPLPUSH src dst", "*2\r\n*2\r\n$3\r\nsrc\r\n*3\r\n+RW\r\n+access\r\n+delete\r\n*2\r\n$3\r\ndst\r\n*2\r\n+RW\r\n+insert\r\n")]
    [TestCase("SMOVE src dst m", "*2\r\n*2\r\n$3\r\nsrc\r\n*3\r\n+RW\r\n+access\r\n+delete\r\n*2\r\n$3\r\ndst\r\n*2\r\n+RW\r\n+insert\r\n")]
    [TestCase("LMPOP 2 a b LEFT COUNT 1", "*2\r\n*2\r\n$1\r\na\r\n*3\r\n+RW\r\n+access\r\n+delete\r\n*2\r\n$1\r\nb\r\n*3\r\n+RW\r\n+access\r\n+delete\r\n")]
    [TestCase("ZMPOP 1 z MIN", "*1\r\n*2\r\n$1\r\nz\r\n*3\r\n+RW\r\n+access\r\n+delete\r\n")]
    [TestCase("SINTERCARD 2 a b LIMIT 1", "*2\r\n*2\r\n$1\r\na\r\n*2\r\n+RO\r\n+access\r\n*2\r\n$1\r\nb\r\n*2\r\n+RO\r\n+access\r\n")]
    [TestCase("ZINTERCARD 2 a b", "*2\r\n*2\r\n$1\r\na\r\n*2\r\n+RO\r\n+access\r\n*2\r\n$1\r\nb\r\n*2\r\n+RO\r\n+access\r\n")]
    [TestCase("ZUNION 2 a b WITHSCORES", "*2\r\n*2\r\n$1\r\na\r\n*2\r\n+RO\r\n+access\r\n*2\r\n$1\r\nb\r\n*2\r\n+RO\r\n+access\r\n")]
    [TestCase("ZINTER 2 a b", "*2\r\n*2\r\n$1\r\na\r\n*2\r\n+RO\r\n+access\r\n*2\r\n$1\r\nb\r\n*2\r\n+RO\r\n+access\r\n")]
    [TestCase("ZDIFF 2 a b", "*2\r\n*2\r\n$1\r\na\r\n*2\r\n+RO\r\n+access\r\n*2\r\n$1\r\nb\r\n*2\r\n+RO\r\n+access\r\n")]
    [TestCase("ZUNIONSTORE d 2 a b WEIGHTS 1 2", "*3\r\n*2\r\n$1\r\nd\r\n*2\r\n+OW\r\n+update\r\n*2\r\n$1\r\na\r\n*2\r\n+RO\r\n+access\r\n*2\r\n$1\r\nb\r\n*2\r\n+RO\r\n+access\r\n")]
    [TestCase("ZINTERSTORE d 2 a b", "*3\r\n*2\r\n$1\r\nd\r\n*2\r\n+OW\r\n+update\r\n*2\r\n$1\r\na\r\n*2\r\n+RO\r\n+access\r\n*2\r\n$1\r\nb\r\n*2\r\n+RO\r\n+access\r\n")]
    [TestCase("ZDIFFSTORE d 2 a b", "*3\r\n*2\r\n$1\r\nd\r\n*2\r\n+OW\r\n+update\r\n*2\r\n$1\r\na\r\n*2\r\n+RO\r\n+access\r\n*2\r\n$1\r\nb\r\n*2\r\n+RO\r\n+access\r\n")]
    [TestCase("SINTERSTORE d a b", "*3\r\n*2\r\n$1\r\nd\r\n*2\r\n+RW\r\n+update\r\n*2\r\n$1\r\na\r\n*2\r\n+RO\r\n+access\r\n*2\r\n$1\r\nb\r\n*2\r\n+RO\r\n+access\r\n")]
    [TestCase("SUNIONSTORE d a b", "*3\r\n*2\r\n$1\r\nd\r\n*2\r\n+OW\r\n+update\r\n*2\r\n$1\r\na\r\n*2\r\n+RO\r\n+access\r\n*2\r\n$1\r\nb\r\n*2\r\n+RO\r\n+access\r\n")]
    [TestCase("SDIFFSTORE d a b", "*3\r\n*2\r\n$1\r\nd\r\n*2\r\n+OW\r\n+update\r\n*2\r\n$1\r\na\r\n*2\r\n+RO\r\n+access\r\n*2\r\n$1\r\nb\r\n*2\r\n+RO\r\n+access\r\n")]
    [TestCase("ZRANGESTORE d src 0 -1", "*2\r\n*2\r\n$1\r\nd\r\n*2\r\n+OW\r\n+update\r\n*2\r\n$3\r\nsrc\r\n*2\r\n+RO\r\n+access\r\n")]
    [TestCase("SORT k BY w_* GET o_* STORE d", "*2\r\n*2\r\n$1\r\nk\r\n*2\r\n+RO\r\n+access\r\n*2\r\n$1\r\nd\r\n*2\r\n+OW\r\n+update\r\n")]
    [TestCase("SORT k LIMIT 0 1 STORE d1 STORE d2", "*2\r\n*2\r\n$1\r\nk\r\n*2\r\n+RO\r\n+access\r\n*2\r\n$2\r\nd2\r\n*2\r\n+OW\r\n+update\r\n")]
    [TestCase("SORT_RO k BY w_* GET o_*", "*1\r\n*2\r\n$1\r\nk\r\n*2\r\n+RO\r\n+access\r\n")]
    [TestCase("BITOP AND d a b", "*3\r\n*2\r\n$1\r\nd\r\n*2\r\n+OW\r\n+update\r\n*2\r\n$1\r\na\r\n*2\r\n+RO\r\n+access\r\n*2\r\n$1\r\nb\r\n*2\r\n+RO\r\n+access\r\n")]
    [TestCase("RENAME a b", "*2\r\n*2\r\n$1\r\na\r\n*3\r\n+RW\r\n+access\r\n+delete\r\n*2\r\n$1\r\nb\r\n*2\r\n+OW\r\n+update\r\n")]
    [TestCase("RENAMENX a b", "*2\r\n*2\r\n$1\r\na\r\n*3\r\n+RW\r\n+access\r\n+delete\r\n*2\r\n$1\r\nb\r\n*2\r\n+OW\r\n+insert\r\n")]
    [TestCase("MSET a 1 b 2", "*2\r\n*2\r\n$1\r\na\r\n*2\r\n+OW\r\n+update\r\n*2\r\n$1\r\nb\r\n*2\r\n+OW\r\n+update\r\n")]
    [TestCase("MSETNX a 1 b 2", "*2\r\n*2\r\n$1\r\na\r\n*2\r\n+OW\r\n+insert\r\n*2\r\n$1\r\nb\r\n*2\r\n+OW\r\n+insert\r\n")]
    [TestCase("MGET a b", "*2\r\n*2\r\n$1\r\na\r\n*2\r\n+RO\r\n+access\r\n*2\r\n$1\r\nb\r\n*2\r\n+RO\r\n+access\r\n")]
    [TestCase("DEL a b", "*2\r\n*2\r\n$1\r\na\r\n*2\r\n+RM\r\n+delete\r\n*2\r\n$1\r\nb\r\n*2\r\n+RM\r\n+delete\r\n")]
    [TestCase("EXISTS a b", "*2\r\n*2\r\n$1\r\na\r\n*1\r\n+RO\r\n*2\r\n$1\r\nb\r\n*1\r\n+RO\r\n")]
    [TestCase("SET k v", "*1\r\n*2\r\n$1\r\nk\r\n*2\r\n+OW\r\n+update\r\n")]
    [TestCase("SET k v GET", "*1\r\n*2\r\n$1\r\nk\r\n*3\r\n+RW\r\n+access\r\n+update\r\n")]
    [TestCase("BITFIELD k GET u8 0", "*1\r\n*2\r\n$1\r\nk\r\n*2\r\n+RO\r\n+access\r\n")]
    [TestCase("BITFIELD k SET u8 0 1", "*1\r\n*2\r\n$1\r\nk\r\n*3\r\n+RW\r\n+access\r\n+update\r\n")]
    [TestCase("GETEX k", "*1\r\n*2\r\n$1\r\nk\r\n*3\r\n+RW\r\n+access\r\n+update\r\n")]
    [TestCase("LPUSH k a", "*1\r\n*2\r\n$1\r\nk\r\n*2\r\n+RW\r\n+insert\r\n")]
    [TestCase("LLEN k", "*1\r\n*2\r\n$1\r\nk\r\n*1\r\n+RO\r\n")]
    [TestCase("HSETNX h f v", "*1\r\n*2\r\n$1\r\nh\r\n*2\r\n+RW\r\n+insert\r\n")]
    public void CommandGetKeysAndFlags_Command_RepliesKeysWithTheirSpecFlags(string command, string expected) =>
        Assert.That(Client.Execute(["COMMAND", "GETKEYSANDFLAGS", .. command.Split(' ')]), Is.EqualTo(expected));

    // A count that is not a non-negative integer, or that runs past the arguments, fails the key spec; genericGetKeys
    // then finds nothing either.
    [TestCase("LMPOP 0 a LEFT")]
    [TestCase("LMPOP x a LEFT")]
    [TestCase("LMPOP 3 a LEFT")]
    [TestCase("ZUNION 0 a")]
    [TestCase("ZUNIONSTORE d 3 a b")]
    [TestCase("SINTERCARD -1 a b")]
    public void CommandGetKeys_BadKeyCount_RepliesInvalidArguments(string command) =>
        Assert.That(Client.Execute(["COMMAND", "GETKEYS", .. command.Split(' ')]), Is.EqualTo(InvalidArgumentsReply));

    [Test]
    public void CommandGetKeys_CountCoversTheNextArgument_TakesItAsAKey() =>
        Assert.That(Client.Execute("COMMAND", "GETKEYS", "ZMPOP", "2", "a", "MIN"), Is.EqualTo("*2\r\n$1\r\na\r\n$3\r\nMIN\r\n"));

    // "2x" fails the key spec's strict count, but genericGetKeys reads it with atoi: keys without flags, the
    // destination last.
    [TestCase("LMPOP 2x a b LEFT", "*2\r\n*2\r\n$1\r\na\r\n*0\r\n*2\r\n$1\r\nb\r\n*0\r\n")]
    [TestCase("ZUNIONSTORE d 2x a b", "*3\r\n*2\r\n$1\r\na\r\n*0\r\n*2\r\n$1\r\nb\r\n*0\r\n*2\r\n$1\r\nd\r\n*0\r\n")]
    public void CommandGetKeysAndFlags_CountWithTrailingText_FallsBackToGetKeysFunction(string command, string expected) =>
        Assert.That(Client.Execute(["COMMAND", "GETKEYSANDFLAGS", .. command.Split(' ')]), Is.EqualTo(expected));

    [Test]
    public void CommandGetKeys_SortStoreWithoutKey_RepliesSortedKeyOnly() =>
        Assert.That(Client.Execute("COMMAND", "GETKEYS", "SORT", "k", "STORE"), Is.EqualTo("*1\r\n$1\r\nk\r\n"));

    [Test]
    public void CommandGetKeys_SortStoreAsLimitArgument_IsNotAKey() =>
        Assert.That(Client.Execute("COMMAND", "GETKEYS", "SORT", "k", "LIMIT", "STORE", "d"), Is.EqualTo("*1\r\n$1\r\nk\r\n"));

    [Test]
    public void Find_KeywordSpec_TakesKeysAfterTheKeywordSearchedFromTheEnd()
    {
        // MIGRATE's second spec: the keys after KEYS, searched backwards from the second-to-last argument.
        var migrate = new CommandSpec("migrate", -6, CommandFlags.Write, 3, 3, 1, CommandGroup.Generic, _ => { },
            KeySpecs: [KeySpec.KeywordRange("KEYS", -2, -1, 1, KeyFlags.RW | KeyFlags.Access | KeyFlags.Delete)]);
        byte[][] argv = [.. "MIGRATE h 1 \"\" 0 5000 keys a b".Split(' ').Select(s => System.Text.Encoding.ASCII.GetBytes(s))];

        Assert.That(CommandKeys.Find(migrate, argv).Select(k => k.Position), Is.EqualTo(new[] { 7, 8 }));
    }

    [Test]
    public void Find_KeywordSpecWithoutKeyword_FindsNoKeys()
    {
        var migrate = new CommandSpec("migrate", -6, CommandFlags.Write, 3, 3, 1, CommandGroup.Generic, _ => { },
            KeySpecs: [KeySpec.KeywordRange("KEYS", -2, -1, 1, KeyFlags.RW | KeyFlags.Access | KeyFlags.Delete)]);
        byte[][] argv = [.. "MIGRATE h 1 k 0 5000".Split(' ').Select(s => System.Text.Encoding.ASCII.GetBytes(s))];

        Assert.That(CommandKeys.Find(migrate, argv), Is.Empty);
    }
}
