using System.Text.RegularExpressions;
using Reactor.MiniRedis.Engine.Commands;

namespace Reactor.MiniRedis.Integration.Tests;

/// <summary>
/// Keeps README.md honest: its command list must be exactly the command table, and CI must run exactly the test
/// command the README gives.
/// </summary>
public sealed partial class ReadmeTests
{
    private const string TestCommand = "dotnet test Reactor.MiniRedis.sln";

    [Test]
    public void CommandList_MatchesCommandTable()
    {
        string readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));
        int begin = readme.IndexOf("<!-- commands:begin", StringComparison.Ordinal);
        int end = readme.IndexOf("<!-- commands:end -->", StringComparison.Ordinal);
        Assert.That(begin, Is.GreaterThanOrEqualTo(0).And.LessThan(end), "README.md has no commands:begin/end block");

        // The first line is the marker comment itself, whose own `NAME` example is not a command.
        string block = readme[readme.IndexOf('\n', begin)..end];
        var listed = CommandName().Matches(block).Select(m => m.Groups["name"].Value.ToLowerInvariant()).ToHashSet();
        var table = CommandTable.All.Select(c => c.Name).ToHashSet();

        Assert.Multiple(() =>
        {
            Assert.That(table.Except(listed).Order(), Is.Empty, "in CommandTable.All but missing from README.md");
            Assert.That(listed.Except(table).Order(), Is.Empty, "in README.md but not in CommandTable.All");
        });
    }

    [Test]
    public void CiScript_RunsTheReadmeTestCommand()
    {
        string root = RepositoryRoot();
        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllText(Path.Combine(root, "README.md")), Does.Contain($"\n{TestCommand}\n"));
            Assert.That(File.ReadAllLines(Path.Combine(root, ".ci", "run")), Does.Contain(TestCommand));
        });
    }

    /// <summary>The checkout this test assembly was built from: the nearest folder above it holding the solution.</summary>
    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Reactor.MiniRedis.sln")))
            {
                return dir.FullName;
            }
        }
        throw new DirectoryNotFoundException($"No Reactor.MiniRedis.sln above {AppContext.BaseDirectory}");
    }

    /// <summary>A command name in backticks: `ZRANGEBYSCORE`.</summary>
    [GeneratedRegex("`(?<name>[A-Z][A-Z0-9_]*)`")]
    private static partial Regex CommandName();
}
