using Reactor.MiniRedis.Engine.Server;

namespace Reactor.MiniRedis.Engine.Tests;

/// <summary>
/// The config-file parser's line splitting (sdssplitargs) and its <c>user</c> lines (ACLAppendUserForLoading,
/// ACLLoadConfiguredUsers): what CONFIG REWRITE writes must read back.
/// </summary>
public sealed class ConfigLoaderTests
{
    [Test]
    public void SplitArgs_QuotesAndEscapes_GiveRedisWords() =>
        Assert.That(ConfigLoader.SplitArgs("a \"b c\" 'd\\'e' \"\\x41\\n\\\\\\\"\" x\"y z\""),
            Is.EqualTo(new[] { "a", "b c", "d'e", "A\n\\\"", "xy z" }));

    [TestCase("\"abc")]
    [TestCase("'abc")]
    [TestCase("\"a\"b")]
    [TestCase("'a'b")]
    public void SplitArgs_UnbalancedOrGluedQuotes_IsNull(string line) =>
        Assert.That(ConfigLoader.SplitArgs(line), Is.Null);

    [Test]
    public void Apply_EscapedUtf8String_IsReadAsUtf8()
    {
        var config = new ServerConfig();
        ConfigLoader.Apply(config, "requirepass \"caf\\xc3\\xa9\"\n");
        Assert.That(config.GetPassive("requirepass"), Is.EqualTo("caf\u00e9"));
    }

    [Test]
    public void Apply_UserLine_CreatesTheUserWithItsRules()
    {
        var config = new ServerConfig();
        ConfigLoader.Apply(config, "user alice on nopass ~k* +get\n");
        Assert.That(config.Acl.Find("alice"u8)!.Describe(), Is.EqualTo("on nopass ~k* resetchannels -@all +get"));
    }

    // As in redis-server 7.0.15: reset turns sanitize-payload on, so the default user shows it after such a line.
    [Test]
    public void Apply_DefaultUserLine_ResetsTheDefaultUserFirst()
    {
        var config = new ServerConfig();
        ConfigLoader.Apply(config, "user default on nopass +ping\n");
        Assert.That(config.Acl.DefaultUser.Describe(), Is.EqualTo("on nopass sanitize-payload resetchannels -@all +ping"));
    }

    [Test]
    public void Apply_UserTwice_IsRefused() =>
        Assert.That(() => ConfigLoader.Apply(new ServerConfig(), "user a on\nuser a off\n"),
            Throws.TypeOf<ConfigException>().With.Message.Contains("Duplicate user found"));

    [Test]
    public void Apply_BadUserRule_IsRefused() =>
        Assert.That(() => ConfigLoader.Apply(new ServerConfig(), "user a on +nosuchcommand\n"),
            Throws.TypeOf<ConfigException>().With.Message.Contains("Error in user declaration '+nosuchcommand'"));

    [Test]
    public void Apply_UsersAndAclFile_IsRefused() =>
        Assert.That(() => ConfigLoader.Apply(new ServerConfig(), "aclfile /etc/users.acl\nuser a on\n"),
            Throws.TypeOf<ConfigException>().With.Message.StartsWith("Configuring Redis with users defined in redis.conf and at the same setting an ACL file path is invalid."));
}
