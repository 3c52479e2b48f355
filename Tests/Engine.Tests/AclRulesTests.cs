using System.Text;
using Reactor.MiniRedis.Engine.Commands;
using Reactor.MiniRedis.Engine.Security;

namespace Reactor.MiniRedis.Engine.Tests;

/// <summary>
/// The ACL rule engine on its own: users, selectors, password hashing, key and channel matching, categories, and
/// the description that ACL LIST writes (which must rebuild exactly the same permissions).
/// </summary>
public sealed class AclRulesTests
{
    private static AclUser User(params string[] rules)
    {
        var acl = new Acl();
        AclUser user = acl.NewUser("u");
        foreach (string rule in rules)
        {
            Assert.That(user.Apply(Encoding.Latin1.GetBytes(rule)), Is.EqualTo(AclRuleError.None), rule);
        }
        return user;
    }

    [Test]
    public void DefaultUser_IsUnrestrictedAndNeedsNoPassword()
    {
        var acl = new Acl();
        Assert.Multiple(() =>
        {
            Assert.That(acl.DefaultUser.IsUnrestricted, Is.True);
            Assert.That(acl.DefaultUser.AuthenticatesWithoutPassword, Is.True);
            Assert.That(acl.AuthRequired, Is.False);
        });
    }

    [Test]
    public void SetRequirePass_DefaultUserNeedsThePassword()
    {
        var acl = new Acl();
        acl.SetRequirePass("secret");
        Assert.Multiple(() =>
        {
            Assert.That(acl.AuthRequired, Is.True);
            Assert.That(acl.CheckCredentials("default"u8, "secret"u8), Is.SameAs(acl.DefaultUser));
            Assert.That(acl.CheckCredentials("default"u8, "Secret"u8), Is.Null);
        });
    }

    [Test]
    public void CheckPassword_AnyOfSeveral_Matches()
    {
        AclUser user = User("on", ">one", ">two");
        Assert.Multiple(() =>
        {
            Assert.That(user.CheckPassword("one"u8), Is.True);
            Assert.That(user.CheckPassword("two"u8), Is.True);
            Assert.That(user.CheckPassword("three"u8), Is.False);
        });
    }

    [Test]
    public void CheckPassword_DisabledUser_NeverMatches() =>
        Assert.That(User("off", ">one").CheckPassword("one"u8), Is.False);

    [Test]
    public void CheckPassword_NoPass_AnyPasswordMatches() =>
        Assert.That(User("on", "nopass").CheckPassword("whatever"u8), Is.True);

    [Test]
    public void PasswordHashes_AreSha256Hex() =>
        Assert.That(User(">secret").PasswordHashes, Is.EqualTo(new[] { "2bb80d537b1da3e38bd30361aa855686bde0eacd7162fef6a25fe97bf527a25b" }));

    [Test]
    public void HashRule_UpperCaseHex_IsRefused() =>
        Assert.That(new Acl().NewUser("u").Apply(Encoding.ASCII.GetBytes("#" + new string('A', 64))), Is.EqualTo(AclRuleError.BadPasswordHash));

    [TestCase("~a*", "a1", KeyFlags.RW | KeyFlags.Access | KeyFlags.Update, true)]
    [TestCase("~a*", "b1", KeyFlags.RO | KeyFlags.Access, false)]
    [TestCase("%R~a*", "a1", KeyFlags.RO | KeyFlags.Access, true)]
    [TestCase("%R~a*", "a1", KeyFlags.OW | KeyFlags.Update, false)]
    [TestCase("%W~a*", "a1", KeyFlags.RW | KeyFlags.Insert, true)]
    [TestCase("%W~a*", "a1", KeyFlags.RW | KeyFlags.Access | KeyFlags.Delete, false)]
    [TestCase("%R~a*", "a1", KeyFlags.RO, true)]   // metadata only: no permission needed
    [TestCase("%W~a*", "a1", KeyFlags.None, true)] // a key found without flags matches any pattern
    [TestCase("~a?[0-9]", "ab7", KeyFlags.RO | KeyFlags.Access, true)]
    public void CanAccessKey_ChecksPatternAndPermission(string rule, string key, KeyFlags flags, bool expected) =>
        Assert.That(User(rule).Selectors[0].CanAccessKey(Encoding.ASCII.GetBytes(key), flags), Is.EqualTo(expected));

    [TestCase("&news.*", "news.sport", false, true)]
    [TestCase("&news.*", "weather", false, false)]
    [TestCase("&news.*", "news.*", true, true)]     // PSUBSCRIBE news.* is allowed only as written
    [TestCase("&news.*", "news.s*", true, false)]
    public void CanUseChannel_MatchesGlobOrLiteral(string rule, string channel, bool literal, bool expected) =>
        Assert.That(User(rule).Selectors[0].CanUseChannel(Encoding.ASCII.GetBytes(channel), literal), Is.EqualTo(expected));

    [Test]
    public void AllChannels_AnyChannel_IsAllowed() =>
        Assert.That(User("allchannels").Selectors[0].CanUseChannel("x"u8, literal: false), Is.True);

    [TestCase(new[] { "+@all" }, "+@all")]
    [TestCase(new[] { "-@all" }, "-@all")]
    [TestCase(new[] { "+@all", "-flushall" }, "+@all -flushall")]
    [TestCase(new[] { "+@string" }, "-@all +@string")]
    [TestCase(new[] { "+@string", "-append", "+config|get" }, "-@all +@string +config|get -append")]
    [TestCase(new[] { "+client" }, "-@all +client")]
    [TestCase(new[] { "+@all", "-client", "+client|id" }, "+@all -client +client|id")]
    [TestCase(new[] { "+select|0", "+select|1" }, "-@all +select|0 +select|1")]
    [TestCase(new[] { "+@all", "-@dangerous" }, "+@all -@dangerous")]
    [TestCase(new[] { "+@read", "+@write" }, "-@all +@write +@read")]
    public void DescribeCommandRules_WritesRulesThatRebuildTheBitmap(string[] rules, string expected) =>
        Assert.That(User(rules).Selectors[0].DescribeCommandRules(), Is.EqualTo(expected));

    [Test]
    public void DescribeCommandRules_EveryCategoryAloneOrRemoved_RoundTrips()
    {
        // The description throws when its rules would not rebuild the bitmap exactly; replaying it must match too.
        foreach (string name in AclCategories.Names)
        {
            foreach (string[] rules in (string[][])[["+@" + name], ["+@all", "-@" + name], ["+@" + name, "-get", "+config|get"]])
            {
                string description = User(rules).Selectors[0].DescribeCommandRules();
                string replayed = User([.. description.Split(' ')]).Selectors[0].DescribeCommandRules();
                Assert.That(replayed, Is.EqualTo(description), string.Join(' ', rules));
            }
        }
    }

    [Test]
    public void Describe_User_FlagsPasswordsKeysChannelsCommands() =>
        Assert.That(User("on", ">secret", "~k*", "&c", "+get").Describe(), Is.EqualTo(
            "on #2bb80d537b1da3e38bd30361aa855686bde0eacd7162fef6a25fe97bf527a25b ~k* resetchannels &c -@all +get"));

    [Test]
    public void LookupCommand_FullNames_FindsCommandsAndSubcommands()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Acl.LookupCommand("GET"u8)?.Name, Is.EqualTo("get"));
            Assert.That(Acl.LookupCommand("Config|Get"u8)?.Name, Is.EqualTo("config|get"));
            Assert.That(Acl.LookupCommand("select|0"u8), Is.Null);
            Assert.That(Acl.LookupCommand("config|get|x"u8), Is.Null);
        });
    }

    [Test]
    public void Categories_DerivedFromDocsGroupAndFlags()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Acl.LookupCommand("get"u8)!.Categories, Is.EqualTo(AclCategory.Read | AclCategory.String | AclCategory.Fast));
            Assert.That(Acl.LookupCommand("del"u8)!.Categories, Is.EqualTo(AclCategory.Keyspace | AclCategory.Write | AclCategory.Slow));
            Assert.That(Acl.LookupCommand("config|set"u8)!.Categories, Is.EqualTo(AclCategory.Admin | AclCategory.Slow | AclCategory.Dangerous));
            Assert.That(Acl.LookupCommand("acl|whoami"u8)!.Categories, Is.EqualTo(AclCategory.Slow));
        });
    }

    [Test]
    public void MergeSelectorArguments_JoinsParenthesizedWords()
    {
        List<string>? rules = Acl.MergeSelectorArguments(["on", "(+get", "~a", "%R~b)", "(+set)"], out _);
        Assert.That(rules, Is.EqualTo(new[] { "on", "(+get ~a %R~b)", "(+set)" }));
    }

    [Test]
    public void MergeSelectorArguments_Unclosed_ReturnsNullAndWhere()
    {
        List<string>? rules = Acl.MergeSelectorArguments(["on", "(+get", "~a"], out int unmatched);
        Assert.Multiple(() =>
        {
            Assert.That(rules, Is.Null);
            Assert.That(unmatched, Is.EqualTo(1));
        });
    }
}
