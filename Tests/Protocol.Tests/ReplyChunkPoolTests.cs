namespace Reactor.MiniRedis.Protocol.Tests;

/// <summary>The free list of reply chunks: standard chunks come back, other sizes go to the shared pool, and it is bounded.</summary>
public sealed class ReplyChunkPoolTests
{
    [Test]
    public void Rent_AfterReturn_HandsOutTheSameChunk()
    {
        byte[] chunk = ReplyChunkPool.Rent(100);
        ReplyChunkPool.Return(chunk);
        Assert.That(ReplyChunkPool.Rent(100), Is.SameAs(chunk));
    }

    [Test]
    public void Rent_UpToAChunk_GivesAStandardChunk() =>
        Assert.That(ReplyChunkPool.Rent(ReplyBuffer.ChunkSize), Has.Length.EqualTo(ReplyBuffer.ChunkSize));

    [Test]
    public void Rent_BiggerThanAChunk_GivesABigEnoughArray() =>
        Assert.That(ReplyChunkPool.Rent(ReplyBuffer.ChunkSize + 1), Has.Length.GreaterThan(ReplyBuffer.ChunkSize));

    [Test]
    public void Return_MoreThanMaxRetained_KeepsOnlyMaxRetained()
    {
        var chunks = new byte[ReplyChunkPool.MaxRetained + 10][];
        for (int i = 0; i < chunks.Length; i++)
        {
            chunks[i] = ReplyChunkPool.Rent(1);
        }
        foreach (byte[] chunk in chunks)
        {
            ReplyChunkPool.Return(chunk);
        }
        Assert.That(ReplyChunkPool.Count, Is.EqualTo(ReplyChunkPool.MaxRetained));
    }

    [Test]
    public void ReplyBuffer_DrainedOverflowChunk_GoesBackToThePool()
    {
        var buffer = new ReplyBuffer();
        buffer.Write(new byte[ReplyBuffer.ChunkSize + 100]); // fills the first chunk and starts an overflow chunk
        while (ReplyChunkPool.Count > 0)
        {
            ReplyChunkPool.Rent(1); // empty the pool so the count below is this buffer's chunk
        }
        buffer.Consume((int)buffer.Length);
        Assert.That(ReplyChunkPool.Count, Is.EqualTo(1));
    }

    [Test]
    public void ReleasePooledChunks_AfterReturns_LeavesThePoolEmpty()
    {
        ReplyChunkPool.Return(ReplyChunkPool.Rent(1));
        ReplyBuffer.ReleasePooledChunks();
        Assert.That(ReplyChunkPool.Count, Is.Zero);
    }
}
