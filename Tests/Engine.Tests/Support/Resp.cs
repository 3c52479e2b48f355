using System.Text;

namespace Reactor.MiniRedis.Engine.Tests.Support;

/// <summary>Builds request bytes for tests.</summary>
internal static class Resp
{
    /// <summary>A RESP multibulk request from string arguments (Latin-1, so any byte value can be written as a char).</summary>
    public static byte[] Command(params string[] args)
    {
        var sb = new StringBuilder();
        sb.Append('*').Append(args.Length).Append("\r\n");
        foreach (string arg in args)
        {
            sb.Append('$').Append(Encoding.Latin1.GetByteCount(arg)).Append("\r\n").Append(arg).Append("\r\n");
        }
        return Encoding.Latin1.GetBytes(sb.ToString());
    }

    /// <summary>
    /// The expected text of an array reply of bulk strings, e.g. <c>*2\r\n$1\r\na\r\n$1\r\nb\r\n</c>: the same
    /// bytes as a request with those arguments.
    /// </summary>
    public static string BulkArray(params string[] items) => Text(Command(items));

    /// <summary>Reply bytes as a string, one char per byte.</summary>
    public static string Text(byte[] bytes) => Encoding.Latin1.GetString(bytes);
}
