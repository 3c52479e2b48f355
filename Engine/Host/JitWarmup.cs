using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.CompilerServices;
using Reactor.MiniRedis.Engine.Server;
using Reactor.MiniRedis.Protocol;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Engine.Host;

/// <summary>
/// Compiles the server's code before the first client connects, so that no request pays for the JIT.
/// </summary>
/// <remarks>
/// The binary runs without tiered compilation (see the project file): each method is compiled fully optimised the
/// first time it is called, and a first call is slow. The first SET of a fresh server took 9 to 17 ms, nearly all of
/// it compiling the ~20 methods of its path (lookup, table insert, keyspace signals, slowlog), and every other
/// command's first call likewise: a stall a client sees, and the longest one left while the keyspace grows to 5
/// million keys; the first BGSAVE likewise. Compiling every method of the three assemblies up front moves that work
/// to start-up, where redis-server has its own (loading the dataset). Generic methods are left to their first call
/// (their instantiations are not known here); generic types are compiled as the server's fields instantiate them
/// (the collections' DenseDictionary&lt;T&gt;, the keyspace's two tables), which took a first SADD from 3.5 to 0.1-0.2 ms
/// and a first ZPOPMIN from 5.3 to 0.4-0.5 ms (a first ZADD still takes 1.4-1.7 ms). The price, measured: start-up
/// 0.25-0.37 s → 0.80-0.81 s (0.58-0.59 s compiling 3,766 methods, on both cores) and 10 MB more idle RSS (53.5 →
/// 63.1-63.3 MB), the code that would otherwise be compiled during the first requests. Compiling the .NET generic
/// collections the fields hold as well (List&lt;byte[]&gt;, Dictionary...) doubled the methods for 3 MB more and no
/// command faster, so it is not done. There is no JIT in a Native AOT build, where this does nothing.
/// </remarks>
internal static class JitWarmup
{
    /// <summary>
    /// Compiles every method of the Protocol, Storage and Engine assemblies that the server runs (commands,
    /// persistence, the loop); returns how many and how long it took.
    /// </summary>
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Only compiles the methods the trimmed assembly still has; enumerating fewer types just warms up less.")]
    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "As above: a method the trimmer removed cannot be called, so it need not be compiled.")]
    public static (int Methods, TimeSpan Elapsed) Run()
    {
        long started = Stopwatch.GetTimestamp();
        if (!RuntimeFeature.IsDynamicCodeCompiled)
        {
            return (0, TimeSpan.Zero);
        }
        var types = new HashSet<Type>();
        Assembly[] assemblies = [typeof(RequestDecoder).Assembly, typeof(Database).Assembly, typeof(RedisServer).Assembly];
        foreach (Assembly assembly in assemblies)
        {
            foreach (Type type in assembly.GetTypes().Where(type => !type.ContainsGenericParameters && IsServed(type)))
            {
                types.Add(type);
                // Our own generic types as the server's types hold them (DenseDictionary<SetMember>...): their
                // instantiations are known from the fields, so they can be compiled too.
                const BindingFlags fields = BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
                foreach (FieldInfo field in type.GetFields(fields))
                {
                    if (field.FieldType is { IsConstructedGenericType: true, ContainsGenericParameters: false } closed &&
                        assemblies.Contains(closed.GetGenericTypeDefinition().Assembly))
                    {
                        types.Add(closed);
                    }
                }
            }
        }
        // Nothing is served yet, so the compilation may use every core.
        int methods = 0;
        Parallel.ForEach(types, type => Interlocked.Add(ref methods, Prepare(type)));
        return (methods, Stopwatch.GetElapsedTime(started));
    }

    // Everything but the embedding API, which serves another process's test suite, and this binary's start-up code.
    // Persistence is included: without it, the first BGSAVE of a fresh server spent 1.8-2.6 ms compiling before it
    // replied and its capture steps stalled the loop up to 30 ms (12-30 ms PING maxima against 8-12 ms warmed).
    private static bool IsServed(Type type) =>
        type.Namespace is { } ns && !ns.EndsWith(".Embedding", StringComparison.Ordinal) && !ns.EndsWith(".Host", StringComparison.Ordinal);

    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = "See Run.")]
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "See Run: a trimmed method body is compiled as it is.")]
    private static int Prepare(Type type)
    {
        int prepared = 0;
        const BindingFlags all = BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
        foreach (MethodBase method in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
        {
            if (method.IsAbstract || method.ContainsGenericParameters || method.GetMethodBody() is null)
            {
                continue;
            }
            try
            {
                RuntimeHelpers.PrepareMethod(method.MethodHandle, type.IsGenericType ? [.. type.GetGenericArguments().Select(t => t.TypeHandle)] : null);
                prepared++;
            }
            catch (Exception e) when (e is ArgumentException or NotSupportedException or BadImageFormatException)
            {
                // A method the runtime will not compile ahead of its call (e.g. with a ref struct receiver); it is
                // compiled on first use as before.
            }
        }
        return prepared;
    }
}
