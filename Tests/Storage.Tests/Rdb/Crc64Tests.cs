using Reactor.MiniRedis.Storage.Rdb;

namespace Reactor.MiniRedis.Storage.Tests.Rdb;

public sealed class Crc64Tests
{
    [Test]
    public void Update_CheckString_IsJonesCrc64() =>
        Assert.That(Crc64.Update(0, "123456789"u8), Is.EqualTo(0xe9c6d914c4b8d9caUL));

    [Test]
    public void Update_Empty_KeepsCrc() => Assert.That(Crc64.Update(0x1234, []), Is.EqualTo(0x1234UL));

    // The eight-bytes-at-a-time path and the byte path must agree wherever the data is split.
    [TestCase(1)]
    [TestCase(7)]
    [TestCase(8)]
    [TestCase(13)]
    [TestCase(500)]
    public void Update_InPieces_EqualsWhole(int split)
    {
        byte[] data = new byte[1000];
        new Random(42).NextBytes(data);
        ulong whole = Crc64.Update(0, data);
        ulong pieces = Crc64.Update(Crc64.Update(0, data.AsSpan(0, split)), data.AsSpan(split));
        Assert.That(pieces, Is.EqualTo(whole));
    }
}
