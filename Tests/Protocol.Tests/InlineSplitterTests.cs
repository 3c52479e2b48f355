using System.Text;

namespace Reactor.MiniRedis.Protocol.Tests;

/// <summary>
/// Inline argument splitting against sdssplitargs in redis/redis src/sds.c. Expected arguments are separated by
/// '|' in the tables. Cases marked "verified" were sent as <c>ECHO ...</c> inline requests to a real
/// redis-server 7.0.15 and gave the asserted argument.
/// </summary>
public sealed class InlineSplitterTests
{
    [TestCase("PING", "PING")]
    [TestCase("  SET  k \t v  ", "SET|k|v")]                 // blank runs and trailing blanks
    [TestCase("a\rb", "a|b")]                                // a bare CR separates unquoted arguments (verified)
    [TestCase("a\vb", "a\vb")]                               // \v is a blank only between arguments, not inside one
    [TestCase("\"a b\"", "a b")]                             // double quotes keep blanks
    [TestCase("\"\"", "")]                                   // empty double quotes: an empty argument (verified)
    [TestCase("''", "")]                                     // empty single quotes (verified)
    [TestCase("\"a\" \"b\"", "a|b")]                         // two quoted arguments (verified)
    [TestCase("\"a\"\tb", "a|b")]                            // a tab after the closing quote is a blank (verified)
    [TestCase("a\"b c\"", "ab c")]                           // a quote inside a word opens quoting there (verified)
    [TestCase("\"\\n\\r\\t\\b\\a\"", "\n\r\t\b\a")]           // the five letter escapes
    [TestCase("\"\\t\\b\\a\\r\\\"\\q\"", "\t\b\a\r\"q")]      // \" and an unknown escape keep the character (verified)
    [TestCase("\"\\\\\"", "\\")]                             // an escaped backslash
    [TestCase("\"\\x41\\x62\"", "Ab")]                        // \xHH, upper and lower case digits
    [TestCase("\"\\xFF\\x00\"", "\u00ff\0")]                  // \xHH gives any byte, NUL included (verified)
    [TestCase("\"\\x4g\"", "x4g")]                            // \x without two hex digits is just 'x' (verified)
    [TestCase("\"\\x4\"", "x4")]                              // ... also at the end of the quotes
    [TestCase("'a\\'b'", "a'b")]                              // \' inside single quotes (verified)
    [TestCase("'a\\nb'", "a\\nb")]                            // no other escapes inside single quotes (verified)
    [TestCase("'a\"b'", "a\"b")]                              // a double quote inside single quotes
    [TestCase("\"a'b\"", "a'b")]                              // a single quote inside double quotes
    [TestCase("\"a\"", "a")]                                  // a closing quote at the end of the line
    [TestCase("a\0b", "a|b")]                                // NUL ends an unquoted argument, as in sdssplitargs
    [TestCase("\"q\" abcdefghijklmnopqrstuvwxyz0123456789-abcdefghijklmnopqrstuvwxyz \"r\"", "q|abcdefghijklmnopqrstuvwxyz0123456789-abcdefghijklmnopqrstuvwxyz|r")] // long plain run between quoted ones
    [TestCase("abcdefghijklmnopqrstuvwxyz0123456789\"x y\"", "abcdefghijklmnopqrstuvwxyz0123456789x y")] // a quote after a long plain run
    public void TrySplit_ValidLine_GivesArguments(string line, string expected)
    {
        Assert.That(Split(line), Is.EqualTo(expected.Split('|')));
    }

    [TestCase("")]              // nothing
    [TestCase("   \t \v\f")]   // only blanks (isspace in the C locale)
    public void TrySplit_BlankLine_GivesNoArguments(string line) =>
        Assert.That(Split(line), Is.Empty);

    [TestCase("\"abc")]          // unterminated double quotes
    [TestCase("'abc")]           // unterminated single quotes
    [TestCase("\"a\"b")]         // a closing double quote followed by a non-blank (verified)
    [TestCase("'a'b")]           // likewise for single quotes
    [TestCase("\"a\\")]          // a backslash at the end of the line (verified)
    [TestCase("'a\\'")]          // \' leaves the single quotes open
    [TestCase("\"")]             // a lone quote
    public void TrySplit_UnbalancedQuotes_Fails(string line)
    {
        byte[] bytes = Encoding.Latin1.GetBytes(line);
        ArgSlice[] args = new ArgSlice[4];
        Assert.That(InlineSplitter.TrySplit(bytes, ref args, out _), Is.False);
    }

    [Test]
    public void TrySplit_MoreArgumentsThanTheArray_GrowsIt()
    {
        string[] words = Enumerable.Range(0, 20).Select(i => "w" + i).ToArray();
        Assert.That(Split(string.Join(' ', words), initialCapacity: 2), Is.EqualTo(words));
    }

    [Test]
    public void TrySplit_EscapedArgument_IsUnescapedInPlace()
    {
        byte[] line = Encoding.Latin1.GetBytes("ECHO \"\\x41\"");
        ArgSlice[] args = new ArgSlice[4];
        InlineSplitter.TrySplit(line, ref args, out int count);
        Assert.Multiple(() =>
        {
            Assert.That(count, Is.EqualTo(2));
            Assert.That(args[1], Is.EqualTo(new ArgSlice(5, 1)));
            Assert.That(line[5], Is.EqualTo((byte)'A'));
        });
    }

    private static string[] Split(string line, int initialCapacity = 4)
    {
        byte[] bytes = Encoding.Latin1.GetBytes(line);
        ArgSlice[] args = new ArgSlice[initialCapacity];
        Assert.That(InlineSplitter.TrySplit(bytes, ref args, out int count), Is.True);
        return args.Take(count).Select(a => Encoding.Latin1.GetString(bytes, a.Offset, a.Length)).ToArray();
    }
}
