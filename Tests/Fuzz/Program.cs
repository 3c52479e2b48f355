using SharpFuzz;

namespace Reactor.MiniRedis.Fuzz;

/// <summary>
/// The decoder fuzzer's entry point. Under afl-fuzz (scripts/fuzz-decoder.sh) it serves AFL++'s fork server through
/// SharpFuzz and runs <see cref="DecoderCheck.Run"/> on every input; an exception is reported as a crash.
/// With <c>--replay path...</c> it runs the check on saved inputs (files or directories) and prints each failure.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "--replay")
        {
            return Replay(args[1..]);
        }
        // Out of process: SharpFuzz restarts the child if an input kills it, so one bad input cannot end the session.
        Fuzzer.OutOfProcess.Run(stream =>
        {
            using var input = new MemoryStream();
            stream.CopyTo(input);
            DecoderCheck.Run(input.GetBuffer().AsSpan(0, (int)input.Length));
        });
        return 0;
    }

    // Runs every input under the given files and directories; prints the exception of each one that fails.
    private static int Replay(string[] paths)
    {
        int failed = 0, total = 0;
        foreach (string path in paths)
        {
            IEnumerable<string> files = Directory.Exists(path)
                ? Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                    .Where(file => !Path.GetFileName(file).StartsWith('.')) // .gitkeep
                    .Order(StringComparer.Ordinal)
                : [path];
            foreach (string file in files)
            {
                total++;
                try
                {
                    DecoderCheck.Run(File.ReadAllBytes(file));
                }
                catch (Exception e)
                {
                    failed++;
                    Console.Error.WriteLine($"FAIL {file}\n{e}\n");
                }
            }
        }
        Console.WriteLine($"{total - failed} of {total} inputs pass the decoder check");
        return failed == 0 ? 0 : 1;
    }
}
