using System.Text;
using Reactor.MiniRedis.Engine.Commands;

namespace Reactor.MiniRedis.Engine.Tests;

/// <summary>
/// The command table's name lookup: every command and subcommand by its name in any case, and no name that differs
/// from one in anything but the case of an ASCII letter, whether within the first 8 bytes (compared as one folded
/// word) or after them.
/// </summary>
public sealed class CommandLookupTests
{
    private static readonly CommandLookup s_top = new(CommandTable.All);

    public static IEnumerable<CommandSpec> Containers() => CommandTable.All.Where(c => c.Subcommands is not null);

    [Test]
    public void Find_EveryCommandInLowerUpperAndMixedCase_FindsIt()
    {
        Assert.Multiple(() =>
        {
            foreach (CommandSpec command in CommandTable.All)
            {
                string name = command.LeafName;
                Assert.That(s_top.Find(Bytes(name.ToLowerInvariant())), Is.SameAs(command), name);
                Assert.That(s_top.Find(Bytes(name.ToUpperInvariant())), Is.SameAs(command), name);
                Assert.That(s_top.Find(Bytes(Alternating(name))), Is.SameAs(command), name);
            }
            Assert.That(s_top.Count, Is.EqualTo(CommandTable.All.Length));
        });
    }

    [TestCaseSource(nameof(Containers))]
    public void Find_EverySubcommandOfAContainer_FindsItInItsOwnTable(CommandSpec container)
    {
        var lookup = new CommandLookup(container.Subcommands!);
        Assert.Multiple(() =>
        {
            foreach (CommandSpec subcommand in container.Subcommands!)
            {
                Assert.That(lookup.Find(Bytes(Alternating(subcommand.LeafName))), Is.SameAs(subcommand), subcommand.Name);
            }
        });
    }

    // Every name with one byte changed, at every position: to each byte that is not the same letter in another case.
    // A byte 0x20 away from the original (the bit that tells capitals from small letters) is the near miss a case
    // fold can let through: '@' and '`', '[' and '{', '-' and '\r', or a letter and a control byte.
    [Test]
    public void Find_NameWithAnyOneByteChanged_FindsNothing()
    {
        byte[] changes = [0x00, 0x20, (byte)'@', (byte)'`', (byte)'[', (byte)'{', (byte)'-', (byte)'\r', (byte)'_', 0x7F, 0xC1, 0xE1];
        Assert.Multiple(() =>
        {
            foreach (CommandSpec command in CommandTable.All)
            {
                byte[] name = Bytes(command.LeafName);
                for (int i = 0; i < name.Length; i++)
                {
                    foreach (byte change in changes.Concat([(byte)(name[i] ^ 0x20), (byte)(name[i] ^ 0x80), (byte)(name[i] + 1)]))
                    {
                        if (Ascii.EqualsIgnoreCase([change], [name[i]]))
                        {
                            continue;
                        }
                        byte[] changed = (byte[])name.Clone();
                        changed[i] = change;
                        Assert.That(s_top.Find(changed), Is.Null.Or.Not.SameAs(command), $"{command.LeafName} with byte {i} = 0x{change:X2}");
                        if (s_top.Find(changed) is { } other)
                        {
                            Assert.That(Ascii.EqualsIgnoreCase(changed, Bytes(other.LeafName)), Is.True, "found a command of another name");
                        }
                    }
                }
            }
        });
    }

    // A name shorter than 8 bytes and the same name followed by zero bytes are the same word: only the length tells
    // them apart. Also in a table of that one command (4 slots), where such a name often starts at the command's slot.
    [Test]
    public void Find_NameFollowedByZeroBytes_FindsNothing()
    {
        Assert.Multiple(() =>
        {
            foreach (CommandSpec command in CommandTable.All)
            {
                var alone = new CommandLookup([command]);
                for (int zeros = 1; zeros <= 8; zeros++)
                {
                    byte[] padded = [.. Bytes(command.LeafName), .. new byte[zeros]];
                    Assert.That(s_top.Find(padded), Is.Null, $"{command.LeafName} and {zeros} zero bytes");
                    Assert.That(alone.Find(padded), Is.Null, $"{command.LeafName} and {zeros} zero bytes, alone");
                }
            }
        });
    }

    [TestCase("")]
    [TestCase("g")]
    [TestCase("ge")]
    [TestCase("gett")]
    [TestCase("get\0")]
    [TestCase("\0get")]
    [TestCase("zrangebyscor")]
    [TestCase("zrangebyscoree")]
    [TestCase("zrangebyscorE\r")]
    [TestCase("ZRANGEBYLEX ")]
    [TestCase("zrevrangebylex_")]
    public void Find_PrefixOrExtensionOfAName_FindsNothing(string name)
    {
        Assert.That(s_top.Find(Bytes(name)), Is.Null);
    }

    [Test]
    public void Find_LongNameDifferingOnlyAfterTheFirstEightBytes_FindsTheRightOne()
    {
        Assert.Multiple(() =>
        {
            Assert.That(s_top.Find("ZRANGEBYSCORE"u8)!.Name, Is.EqualTo("zrangebyscore"));
            Assert.That(s_top.Find("zrangebylex"u8)!.Name, Is.EqualTo("zrangebylex"));
            Assert.That(s_top.Find("zrangestore"u8)!.Name, Is.EqualTo("zrangestore"));
            Assert.That(s_top.Find("zRevRangeByLex"u8)!.Name, Is.EqualTo("zrevrangebylex"));
            Assert.That(s_top.Find("ZREVRANGEBYSCORE"u8)!.Name, Is.EqualTo("zrevrangebyscore"));
        });
    }

    [Test]
    public void Constructor_TwoCommandsOfOneName_Throws()
    {
        CommandSpec get = s_top.Find("get"u8)!;
        Assert.That(() => new CommandLookup([get, get]), Throws.ArgumentException);
    }

    private static byte[] Bytes(string text) => Encoding.ASCII.GetBytes(text);

    // fOo-BaR: every other letter a capital.
    private static string Alternating(string name) =>
        string.Concat(name.Select((c, i) => i % 2 == 0 ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c)));
}
