namespace Reactor.MiniRedis.Protocol.Tests;

/// <summary>Test data shared by the protocol tests.</summary>
internal static class TestBytes
{
    /// <summary>A deterministic run of every byte value, so a misplaced or dropped byte shows up.</summary>
    public static byte[] Pattern(int length)
    {
        var bytes = new byte[length];
        for (int i = 0; i < length; i++)
        {
            bytes[i] = (byte)(i * 31 + 7);
        }
        return bytes;
    }
}
