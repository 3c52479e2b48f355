using System.Globalization;
using System.Text;
using Reactor.MiniRedis.Engine.PubSub;
using Reactor.MiniRedis.Protocol;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Engine.Persistence;

/// <summary>
/// The multi-part AOF manifest of Redis 7.0 (aofManifest in redis/redis src/aof.c): the base file, the history
/// files a rewrite made obsolete, and the incremental files in sequence order, with the last sequence numbers
/// handed out. Its text form is one line per file, <c>file &lt;name&gt; seq &lt;n&gt; type &lt;b|h|i&gt;</c>, base first,
/// then history, then incr files, which is what <c>redis-check-aof</c> and redis-server read.
/// </summary>
public sealed class AofManifest
{
    /// <summary>MANIFEST_MAX_LINE: longer lines are refused.</summary>
    public const int MaxLine = 1024;

    /// <summary>The base file, or null before the first rewrite.</summary>
    public AofInfo? Base { get; private set; }

    /// <summary>Files replaced by a rewrite, to be deleted (most recent first).</summary>
    public List<AofInfo> History { get; } = [];

    /// <summary>The incremental files in the order they apply; the last is the one being appended to.</summary>
    public List<AofInfo> Incr { get; } = [];

    /// <summary>curr_base_file_seq: the last base sequence number used.</summary>
    public long CurrentBaseSeq { get; private set; }

    /// <summary>curr_incr_file_seq: the last incremental sequence number used.</summary>
    public long CurrentIncrSeq { get; private set; }

    /// <summary>Changed since it was last written (am->dirty): persisting a clean manifest does nothing.</summary>
    public bool Dirty { get; set; }

    /// <summary>True when it names no base and no incremental file.</summary>
    public bool IsEmpty => Base is null && Incr.Count == 0;

    /// <summary>The manifest's file name for <c>appendfilename</c> <paramref name="appendFilename"/> (getAofManifestFileName).</summary>
    public static string FileName(string appendFilename) => appendFilename + ".manifest";

    /// <summary>The temporary file a new manifest is written to before the rename (getTempAofManifestFileName).</summary>
    public static string TempFileName(string appendFilename) => "temp-" + appendFilename + ".manifest";

    /// <summary>The temporary incremental file used while AOF waits for its first rewrite (getTempIncrAofName).</summary>
    public static string TempIncrFileName(string appendFilename) => "temp-" + appendFilename + ".incr";

    /// <summary>aofManifestDup: a copy to change, swapped in only once the change is on disk.</summary>
    public AofManifest Clone()
    {
        var copy = new AofManifest
        {
            Base = Base,
            CurrentBaseSeq = CurrentBaseSeq,
            CurrentIncrSeq = CurrentIncrSeq,
            Dirty = Dirty,
        };
        copy.History.AddRange(History);
        copy.Incr.AddRange(Incr);
        return copy;
    }

    /// <summary>
    /// getNewBaseFileNameAndMarkPreAsHistory: names the next base (<c>name.seq.base.rdb</c> with an RDB preamble,
    /// else <c>.aof</c>), makes it the base and moves the previous base to the history.
    /// </summary>
    public string NewBaseFile(string appendFilename, bool rdbFormat)
    {
        if (Base is not null)
        {
            History.Insert(0, Base with { Type = AofFileType.History });
        }
        long seq = ++CurrentBaseSeq;
        string name = string.Create(CultureInfo.InvariantCulture, $"{appendFilename}.{seq}.base.{(rdbFormat ? "rdb" : "aof")}");
        Base = new AofInfo(name, seq, AofFileType.Base);
        Dirty = true;
        return name;
    }

    /// <summary>aofUpgradePrepare: a pre-7.0 single-file AOF named <paramref name="fileName"/> becomes the base, sequence 1.</summary>
    public void NewBaseFileNamed(string fileName)
    {
        Base = new AofInfo(fileName, 1, AofFileType.Base);
        CurrentBaseSeq = 1;
        Dirty = true;
    }

    /// <summary>getNewIncrAofName: names the next incremental file (<c>name.seq.incr.aof</c>) and appends it.</summary>
    public string NewIncrFile(string appendFilename)
    {
        long seq = ++CurrentIncrSeq;
        string name = string.Create(CultureInfo.InvariantCulture, $"{appendFilename}.{seq}.incr.aof");
        Incr.Add(new AofInfo(name, seq, AofFileType.Incr));
        Dirty = true;
        return name;
    }

    /// <summary>getLastIncrAofName: the incremental file to append to, created in the manifest if there is none.</summary>
    public string LastIncrFile(string appendFilename) => Incr.Count == 0 ? NewIncrFile(appendFilename) : Incr[^1].FileName;

    /// <summary>
    /// markRewrittenIncrAofAsHistory: after a rewrite, every incremental file the new base covers becomes history:
    /// all of them, except the last one when the AOF is open (<paramref name="keepLast"/>): that one was started
    /// when the rewrite began and holds what came after the snapshot.
    /// </summary>
    public void MarkRewrittenIncrAsHistory(bool keepLast)
    {
        int covered = keepLast ? Incr.Count - 1 : Incr.Count;
        for (int i = covered - 1; i >= 0; i--)
        {
            History.Insert(0, Incr[i] with { Type = AofFileType.History });
            Incr.RemoveAt(i);
        }
        if (covered > 0)
        {
            Dirty = true;
        }
    }

    /// <summary>getAofManifestAsString: the base, then the history, then the incremental files, one line each.</summary>
    public byte[] Format()
    {
        var text = new List<byte>();
        if (Base is not null)
        {
            AppendLine(text, Base);
        }
        foreach (AofInfo info in History)
        {
            AppendLine(text, info);
        }
        foreach (AofInfo info in Incr)
        {
            AppendLine(text, info);
        }
        return [.. text];
    }

    /*
     * aofLoadManifestFromFile: parses a manifest. '#' lines are comments; every other line must end with a newline
     * within MANIFEST_MAX_LINE bytes and hold at least "file", "seq" and "type" as key/value pairs (quoted as
     * sdssplitargs reads them; unknown keys are skipped, for forward compatibility). There is one base at most,
     * and incremental sequence numbers must increase. Any error throws with Redis's message.
     */
    public static AofManifest Parse(ReadOnlySpan<byte> content)
    {
        var manifest = new AofManifest();
        long maxSeq = 0;
        int lineNumber = 0;
        ArgSlice[] args = new ArgSlice[8];
        while (!content.IsEmpty)
        {
            int newline = content[..Math.Min(content.Length, MaxLine)].IndexOf((byte)'\n');
            ReadOnlySpan<byte> raw = newline < 0 ? content[..Math.Min(content.Length, MaxLine)] : content[..(newline + 1)];
            content = content[raw.Length..];
            lineNumber++;
            if (raw[0] == (byte)'#')
            {
                continue;
            }
            string line = Encoding.UTF8.GetString(raw).Trim(' ', '\t', '\r', '\n');
            if (newline < 0)
            {
                throw new AofManifestException("The AOF manifest file contains too long line", lineNumber, line);
            }
            manifest.ParseLine(line, lineNumber, ref args, ref maxSeq);
        }
        if (lineNumber == 0)
        {
            throw new AofManifestException("Found an empty AOF manifest", 0, null);
        }
        return manifest;
    }

    // One non-comment line of the manifest, already known to end with a newline.
    private void ParseLine(string line, int lineNumber, ref ArgSlice[] args, ref long maxSeq)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(line);
        if (bytes.Length == 0 || !InlineSplitter.TrySplit(bytes, ref args, out int argc) || argc < 6 || argc % 2 != 0)
        {
            throw new AofManifestException("Invalid AOF manifest file format", lineNumber, line);
        }
        string? fileName = null;
        long seq = 0;
        byte type = 0;
        for (int i = 0; i < argc; i += 2)
        {
            ReadOnlySpan<byte> key = bytes.AsSpan(args[i].Offset, args[i].Length);
            ReadOnlySpan<byte> value = bytes.AsSpan(args[i + 1].Offset, args[i + 1].Length);
            if (System.Text.Ascii.EqualsIgnoreCase(key, "file"u8))
            {
                fileName = Encoding.UTF8.GetString(value);
                if (!IsBaseName(fileName))
                {
                    throw new AofManifestException("File can't be a path, just a filename", lineNumber, line);
                }
            }
            else if (System.Text.Ascii.EqualsIgnoreCase(key, "seq"u8))
            {
                seq = NumericText.Strtoll(value); // atoll
            }
            else if (System.Text.Ascii.EqualsIgnoreCase(key, "type"u8))
            {
                type = value.IsEmpty ? (byte)0 : value[0];
            }
        }
        if (fileName is null || seq == 0 || type == 0)
        {
            throw new AofManifestException("Invalid AOF manifest file format", lineNumber, line);
        }
        switch ((AofFileType)type)
        {
            case AofFileType.Base:
                if (Base is not null)
                {
                    throw new AofManifestException("Found duplicate base file information", lineNumber, line);
                }
                Base = new AofInfo(fileName, seq, AofFileType.Base);
                CurrentBaseSeq = seq;
                break;
            case AofFileType.History:
                History.Add(new AofInfo(fileName, seq, AofFileType.History));
                break;
            case AofFileType.Incr:
                if (seq <= maxSeq)
                {
                    throw new AofManifestException("Found a non-monotonic sequence number", lineNumber, line);
                }
                Incr.Add(new AofInfo(fileName, seq, AofFileType.Incr));
                CurrentIncrSeq = seq;
                maxSeq = seq;
                break;
            default:
                throw new AofManifestException("Unknown AOF file type", lineNumber, line);
        }
    }

    /// <summary>pathIsBaseName: no directory separator.</summary>
    public static bool IsBaseName(string path) => !path.Contains('/') && !path.Contains('\\');

    // aofInfoFormat: "file <name> seq <n> type <t>\n", the name quoted (sdscatrepr) when it needs it.
    private static void AppendLine(List<byte> text, AofInfo info)
    {
        byte[] name = Encoding.UTF8.GetBytes(info.FileName);
        text.AddRange("file "u8);
        if (NeedsRepr(name))
        {
            byte[] quoted = new byte[name.Length * 4 + 2];
            text.AddRange(quoted.AsSpan(0, MonitorFeed.WriteRepr(quoted, name)));
        }
        else
        {
            text.AddRange(name);
        }
        text.AddRange(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $" seq {info.Seq} type {(char)info.Type}\n")));
    }

    // sdsneedsrepr: quotes, backslashes, blanks, control and non-printable bytes need quoting.
    private static bool NeedsRepr(ReadOnlySpan<byte> name)
    {
        foreach (byte b in name)
        {
            if (b is (byte)'\\' or (byte)'"' or <= 0x20 or >= 0x7f)
            {
                return true;
            }
        }
        return false;
    }
}
