namespace Reactor.MiniRedis.Engine.Server;

/// <summary>
/// Random 40-character hex identifiers for INFO's <c>run_id</c> and <c>master_replid</c> (getRandomHexChars in
/// redis/redis src/util.c).
/// </summary>
/// <remarks>
/// The bytes come from <see cref="Guid.NewGuid"/>, which reads the operating system's secure generator from the
/// core library, rather than from <c>RandomNumberGenerator</c>, which on Linux loads OpenSSL: that would map
/// libcrypto and System.Security.Cryptography into every server at startup, about 6 MB of resident memory, for two
/// identifiers. OpenSSL still loads on demand where it is really needed (ACL password hashing, ACL GENPASS).
/// </remarks>
internal static class RandomHex
{
    /// <summary>Length of a run id in hex characters (CONFIG_RUN_ID_SIZE).</summary>
    public const int Length = 40;

    /// <summary>A new random run id: 40 lowercase hex characters.</summary>
    public static string RunId()
    {
        Span<byte> random = stackalloc byte[Length / 2];
        int filled = 0;
        Span<byte> guid = stackalloc byte[16];
        while (filled < random.Length)
        {
            Guid.NewGuid().TryWriteBytes(guid);
            // A version 4 GUID is random except for its version nibble (byte 7) and variant bits (byte 8).
            filled += Take(guid[..7], random[filled..]);
            filled += Take(guid[9..], random[filled..]);
        }
        return Convert.ToHexStringLower(random);
    }

    private static int Take(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        int n = Math.Min(source.Length, destination.Length);
        source[..n].CopyTo(destination);
        return n;
    }
}
