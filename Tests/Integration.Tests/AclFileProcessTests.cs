using System.Globalization;
using Reactor.MiniRedis.Integration.Tests.Support;

namespace Reactor.MiniRedis.Integration.Tests;

/// <summary>
/// The server program with <c>--aclfile</c>: the file's users are loaded at startup (ACLLoadUsersAtStartup), and a
/// file with errors stops the start, as Redis does.
/// </summary>
public sealed class AclFileProcessTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    private string _aclFile = null!;

    [SetUp]
    public void CreateAclFile() => _aclFile = Path.Combine(Path.GetTempPath(), $"mini-redis-test-{Guid.NewGuid():N}.acl");

    [TearDown]
    public void DeleteAclFile() => File.Delete(_aclFile);

    [Test]
    public void AclFile_AtStartup_UsersCanAuthenticate()
    {
        File.WriteAllText(_aclFile, "user default on nopass ~* &* +@all\nuser app on >app-pass ~app:* +get\n");
        int port = ServerProcess.FreePort();
        using ServerProcess server = ServerProcess.Start("--port", port.ToString(CultureInfo.InvariantCulture), "--aclfile", _aclFile);
        Assert.That(server.WaitForOutput("Ready to accept connections", s_timeout), Is.True, server.Output);

        using RawClient client = RawClient.Connect("127.0.0.1", port);
        Assert.Multiple(() =>
        {
            Assert.That(client.Execute("AUTH", "app", "app-pass"), Is.EqualTo("+OK\r\n"));
            Assert.That(client.Execute("GET", "app:x"), Is.EqualTo("$-1\r\n"));
            Assert.That(client.Execute("SET", "app:x", "v"), Is.EqualTo("-NOPERM this user has no permissions to run the 'set' command\r\n"));
        });
        server.Terminate();
        Assert.That(server.WaitForExit(s_timeout), Is.Zero, server.Output);
    }

    [Test]
    public void AclFile_WithErrors_AbortsStartup()
    {
        File.WriteAllText(_aclFile, "user app on bogus\n");
        using ServerProcess server = ServerProcess.Start("--port", ServerProcess.FreePort().ToString(CultureInfo.InvariantCulture), "--aclfile", _aclFile);
        Assert.Multiple(() =>
        {
            Assert.That(server.WaitForExit(s_timeout), Is.EqualTo(1), server.Output);
            Assert.That(server.Output, Does.Contain($"Aborting Redis startup because of ACL errors: {_aclFile}:1: Syntax error. "));
        });
    }
}
