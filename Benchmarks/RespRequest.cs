using System.Text;

namespace Reactor.MiniRedis.Benchmarks;

/// <summary>Builds the request bytes a client library would send (RESP multibulk of bulk strings).</summary>
internal static class RespRequest
{
    /// <summary>Appends <c>*N\r\n$len\r\narg\r\n...</c> for <paramref name="args"/> (ASCII) to <paramref name="text"/>.</summary>
    public static StringBuilder Append(StringBuilder text, params string[] args)
    {
        text.Append('*').Append(args.Length).Append("\r\n");
        foreach (string arg in args)
        {
            text.Append('$').Append(arg.Length).Append("\r\n").Append(arg).Append("\r\n");
        }
        return text;
    }

    /// <summary>One request as bytes.</summary>
    public static byte[] Build(params string[] args) => Encoding.ASCII.GetBytes(Append(new StringBuilder(), args).ToString());
}
