using System.Text;

namespace Reactor.MiniRedis.Integration.Tests.Support;

/// <summary>How an external tool exited and what it printed.</summary>
public sealed record ToolResult(int ExitCode, byte[] Output, string Error)
{
    /// <summary>Standard output as text, one char per byte, so binary output compares exactly.</summary>
    public string Text => Encoding.Latin1.GetString(Output);
}
