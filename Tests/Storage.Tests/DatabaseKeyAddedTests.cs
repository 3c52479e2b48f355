using System.Text;
using Microsoft.Extensions.Time.Testing;

namespace Reactor.MiniRedis.Storage.Tests;

/// <summary>
/// <see cref="Database.KeyAdded"/>, the dbAdd hook blocked clients listen on: every new key is reported once,
/// overwrites are not (dbOverwrite does not signal either).
/// </summary>
public sealed class DatabaseKeyAddedTests
{
    private Database _db = null!;
    private List<string> _added = null!;

    [SetUp]
    public void SetUp()
    {
        _db = new Database(0, new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000)));
        _added = [];
        _db.KeyAdded = (db, key) => _added.Add($"{db.Id}:{Encoding.ASCII.GetString(key)}");
    }

    private static RedisString Value(string text) => RedisString.FromBytes(Encoding.ASCII.GetBytes(text));

    [Test]
    public void Set_NewKey_IsReported()
    {
        _db.Set("k"u8, Value("v"));
        Assert.That(_added, Is.EqualTo(new[] { "0:k" }));
    }

    [Test]
    public void Set_ExistingKey_IsNotReported()
    {
        _db.Set("k"u8, Value("v"));
        _db.Set("k"u8, Value("w"));
        Assert.That(_added, Has.Count.EqualTo(1));
    }

    [Test]
    public void Add_NewKey_IsReported()
    {
        _db.Add("k"u8, Value("v"));
        Assert.That(_added, Is.EqualTo(new[] { "0:k" }));
    }

    [Test]
    public void Add_ExistingKey_IsNotReported()
    {
        _db.Add("k"u8, Value("v"));
        _db.Add("k"u8, Value("w"));
        Assert.That(_added, Has.Count.EqualTo(1));
    }

    [Test]
    public void GetValueRefOrAddDefault_NewKey_IsReported()
    {
        _db.GetValueRefOrAddDefault("k"u8, out _) = Value("v");
        Assert.That(_added, Is.EqualTo(new[] { "0:k" }));
    }

    [Test]
    public void Rename_OntoExistingKey_ReportsTheDestinationAsNew()
    {
        _db.Set("a"u8, Value("1"));
        _db.Set("b"u8, Value("2"));
        _added.Clear();
        _db.Rename("a"u8, "b"u8);
        Assert.That(_added, Is.EqualTo(new[] { "0:b" }));
    }

    [Test]
    public void NoListener_SetStillStores()
    {
        _db.KeyAdded = null;
        _db.Set("k"u8, Value("v"));
        Assert.That(_db.Count, Is.EqualTo(1));
    }
}
