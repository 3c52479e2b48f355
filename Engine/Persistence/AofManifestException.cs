namespace Reactor.MiniRedis.Engine.Persistence;

/// <summary>
/// A manifest that cannot be read (the loaderr path of aofLoadManifestFromFile): Redis's message, and the line it
/// was found at (0 and null when the problem is the file as a whole).
/// </summary>
public sealed class AofManifestException : Exception
{
    /// <summary>Creates the error <paramref name="message"/> found at line <paramref name="lineNumber"/>.</summary>
    public AofManifestException(string message, int lineNumber, string? line)
        : base(message)
    {
        LineNumber = lineNumber;
        Line = line;
    }

    /// <summary>The 1-based line the error is on, 0 for the whole file.</summary>
    public int LineNumber { get; }

    /// <summary>The offending line (trimmed), or null.</summary>
    public string? Line { get; }
}
