using System.Text;
using Reactor.MiniRedis.Engine.Persistence;

namespace Reactor.MiniRedis.Engine.Tests.Persistence;

/// <summary>The manifest's text form and its parser, with the error texts of aofLoadManifestFromFile.</summary>
public sealed class AofManifestTests
{
    [Test]
    public void Format_BaseHistoryAndIncr_WritesRedisLinesInThatOrder()
    {
        var manifest = new AofManifest();
        manifest.NewBaseFile("appendonly.aof", rdbFormat: true);
        manifest.NewIncrFile("appendonly.aof");
        manifest.NewBaseFile("appendonly.aof", rdbFormat: false);
        Assert.That(Encoding.ASCII.GetString(manifest.Format()), Is.EqualTo(
            "file appendonly.aof.2.base.aof seq 2 type b\n" +
            "file appendonly.aof.1.base.rdb seq 1 type h\n" +
            "file appendonly.aof.1.incr.aof seq 1 type i\n"));
    }

    [Test]
    public void Format_NameWithSpace_QuotesIt()
    {
        var manifest = new AofManifest();
        manifest.NewIncrFile("my file");
        Assert.That(Encoding.ASCII.GetString(manifest.Format()), Is.EqualTo("file \"my file.1.incr.aof\" seq 1 type i\n"));
    }

    [Test]
    public void Parse_WhatFormatWrote_GivesTheSameManifest()
    {
        var manifest = new AofManifest();
        manifest.NewBaseFile("a b", rdbFormat: true);
        manifest.NewIncrFile("a b");
        manifest.NewIncrFile("a b");
        AofManifest parsed = AofManifest.Parse(manifest.Format());
        Assert.Multiple(() =>
        {
            Assert.That(parsed.Base, Is.EqualTo(new AofInfo("a b.1.base.rdb", 1, AofFileType.Base)));
            Assert.That(parsed.Incr, Is.EqualTo(new[] { new AofInfo("a b.1.incr.aof", 1, AofFileType.Incr), new AofInfo("a b.2.incr.aof", 2, AofFileType.Incr) }));
            Assert.That((parsed.CurrentBaseSeq, parsed.CurrentIncrSeq), Is.EqualTo((1L, 2L)));
        });
    }

    [Test]
    public void Parse_CommentsAndUnknownKeys_AreSkipped()
    {
        AofManifest parsed = AofManifest.Parse("# a comment\nfile x.1.incr.aof seq 1 type i future yes\n"u8);
        Assert.That(parsed.Incr, Has.Count.EqualTo(1));
    }

    [Test]
    public void MarkRewrittenIncrAsHistory_KeepLast_MovesTheOthers()
    {
        var manifest = new AofManifest();
        manifest.NewIncrFile("a");
        manifest.NewIncrFile("a");
        manifest.NewIncrFile("a");
        manifest.MarkRewrittenIncrAsHistory(keepLast: true);
        Assert.Multiple(() =>
        {
            Assert.That(manifest.Incr.Select(i => i.FileName), Is.EqualTo(new[] { "a.3.incr.aof" }));
            Assert.That(manifest.History.Select(i => (i.FileName, i.Type)),
                Is.EqualTo(new[] { ("a.1.incr.aof", AofFileType.History), ("a.2.incr.aof", AofFileType.History) }));
        });
    }

    [TestCase("", "Found an empty AOF manifest", 0)]
    [TestCase("file a seq 1 type i", "The AOF manifest file contains too long line", 1)]
    [TestCase("\n", "Invalid AOF manifest file format", 1)]
    [TestCase("file a seq 1\n", "Invalid AOF manifest file format", 1)]
    [TestCase("file a seq 0 type i\n", "Invalid AOF manifest file format", 1)]
    [TestCase("file dir/a seq 1 type i\n", "File can't be a path, just a filename", 1)]
    [TestCase("file a seq 1 type b\nfile b seq 2 type b\n", "Found duplicate base file information", 2)]
    [TestCase("file a seq 2 type i\nfile b seq 2 type i\n", "Found a non-monotonic sequence number", 2)]
    [TestCase("file a seq 1 type x\n", "Unknown AOF file type", 1)]
    [TestCase("file \"a seq 1 type i\n", "Invalid AOF manifest file format", 1)]
    public void Parse_Invalid_ThrowsRedisError(string text, string message, int line)
    {
        var error = Assert.Throws<AofManifestException>(() => AofManifest.Parse(Encoding.ASCII.GetBytes(text)));
        Assert.That((error!.Message, error.LineNumber), Is.EqualTo((message, line)));
    }
}
