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
/// to start-up, where redis-server has its own (loading the dataset). Generic types are compiled as the server's
/// fields instantiate them (the collections' DenseDictionary&lt;T&gt;, the keyspace's two tables), which took a first
/// SADD from 3.5 to 0.1-0.2 ms and a first ZPOPMIN from 5.3 to 0.4-0.5 ms; generic methods constrained to our own
/// types are closed over every type of ours that fits (see CloseConstrainedGenericMethods), which took a first ZADD
/// from 0.5-1.7 ms to 34 µs and a first ZRANGEBYSCORE from 4-8 ms to 5 µs. The price, measured: start-up
/// 0.25-0.37 s → 0.80-0.81 s (0.58-0.59 s compiling 3,766 methods, on both cores) and 10 MB more idle RSS (53.5 →
/// 63.1-63.3 MB), the code that would otherwise be compiled during the first requests. Compiling the .NET generic
/// collections the fields hold as well (List&lt;byte[]&gt;, Dictionary...) doubled the methods for 3 MB more and no
/// command faster, so it is not done. There is no JIT in a Native AOT build, where this does nothing.
/// </remarks>
internal static class JitWarmup
{
    /// <summary>Every member a type declares itself, public or not, static or not.</summary>
    private const BindingFlags Declared = BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;

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
        HashSet<Type> types = ServedTypes();
        List<MethodInfo> closedMethods = CloseConstrainedGenericMethods(types);
        // Nothing is served yet, so the compilation may use every core.
        int methods = 0;
        Parallel.ForEach(types, type => Interlocked.Add(ref methods, Prepare(type)));
        Parallel.ForEach(closedMethods, method => Interlocked.Add(ref methods, Prepare(method, method.DeclaringType!) ? 1 : 0));
        return (methods, Stopwatch.GetElapsedTime(started));
    }

    /// <summary>
    /// The closed types whose methods the server runs: every non-generic type of the three assemblies but the
    /// embedding API and this binary's start-up code, and our own generic types as their fields instantiate them.
    /// </summary>
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "See Run.")]
    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "See Run.")]
    internal static HashSet<Type> ServedTypes()
    {
        var types = new HashSet<Type>();
        Assembly[] assemblies = [typeof(RequestDecoder).Assembly, typeof(Database).Assembly, typeof(RedisServer).Assembly];
        foreach (Assembly assembly in assemblies)
        {
            foreach (Type type in assembly.GetTypes().Where(type => !type.ContainsGenericParameters && IsServed(type)))
            {
                types.Add(type);
                // Our own generic types as the server's types hold them (DenseDictionary<SetMember>...): their
                // instantiations are known from the fields, so they can be compiled too.
                foreach (FieldInfo field in type.GetFields(Declared))
                {
                    if (field.FieldType is { IsConstructedGenericType: true, ContainsGenericParameters: false } closed &&
                        assemblies.Contains(closed.GetGenericTypeDefinition().Assembly))
                    {
                        types.Add(closed);
                    }
                }
            }
        }
        return types;
    }

    /*
     * Generic methods whose type parameters are constrained to our own types are written for them
     * (RedisSortedSet.FirstInRange<TRange> over ScoreRange and LexRange, the skip list's walk over its step rules,
     * ScanKey<T> over the collections), and each value-type instantiation is its own code: a fresh server's first
     * ZRANGEBYSCORE spent 4-8 ms compiling them. Their instantiations can be found: every type of ours that meets
     * the constraints, including our generic structs closed over such types (SkipList's BelowMin<ScoreRange>),
     * found to a fixed point. Parameters without a constraint of ours (a TState) could be anything and are left to
     * the first call.
     */
    [UnconditionalSuppressMessage("Trimming", "IL2055", Justification = "See Run.")]
    [UnconditionalSuppressMessage("Trimming", "IL2060", Justification = "See Run.")]
    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = "See Run.")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Only runs where code is compiled at run time (checked in Run).")]
    internal static List<MethodInfo> CloseConstrainedGenericMethods(HashSet<Type> types)
    {
        Type[] definitions = [.. types.Select(t => t.Assembly).Distinct().SelectMany(a => a.GetTypes())
            .Where(t => t.IsGenericTypeDefinition && t.IsValueType && IsServed(t))];
        var candidates = new HashSet<Type>(types);
        for (bool grown = true; grown;)
        {
            grown = false;
            foreach (Type definition in definitions)
            {
                foreach (Type[] arguments in Instantiations(definition.GetGenericArguments(), candidates))
                {
                    if (TryClose(() => definition.MakeGenericType(arguments)) is { } closed && candidates.Add(closed))
                    {
                        grown = true;
                    }
                }
            }
        }
        var methods = new List<MethodInfo>();
        foreach (Type type in candidates)
        {
            foreach (MethodInfo method in type.GetMethods(Declared).Where(m => m.IsGenericMethodDefinition && !m.IsAbstract))
            {
                foreach (Type[] arguments in Instantiations(method.GetGenericArguments(), candidates))
                {
                    if (TryClose(() => method.MakeGenericMethod(arguments)) is { } closed)
                    {
                        methods.Add(closed);
                    }
                }
            }
        }
        return methods;
    }

    // Every choice of arguments from candidates meeting each parameter's constraints; none when a parameter has no
    // constraint of ours (an interface or a base class in our assemblies).
    private static IEnumerable<Type[]> Instantiations(Type[] parameters, HashSet<Type> candidates)
    {
        var choices = new List<Type[]>();
        foreach (Type parameter in parameters)
        {
            Type[] constraints = parameter.GetGenericParameterConstraints();
            if (!constraints.Any(c => c.Namespace?.StartsWith("Reactor.MiniRedis", StringComparison.Ordinal) == true))
            {
                return [];
            }
            choices.Add([.. candidates.Where(c => !c.IsAbstract && constraints.All(i => i.IsAssignableFrom(c) || ImplementsGeneric(c, i)))]);
        }
        IEnumerable<Type[]> product = [[]];
        foreach (Type[] choice in choices)
        {
            product = product.SelectMany(prefix => choice.Select(c => (Type[])[.. prefix, c]));
        }
        return product;
    }

    // An interface constraint that mentions the parameter itself (IRedisCollection<T>) is open: match its definition.
    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = "See Run.")]
    private static bool ImplementsGeneric(Type candidate, Type constraint) =>
        constraint.ContainsGenericParameters && constraint.IsGenericType &&
        candidate.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == constraint.GetGenericTypeDefinition());

    // The runtime checks the rest (struct, new(), allows ref struct); an instantiation it refuses is skipped.
    private static T? TryClose<T>(Func<T> close) where T : class
    {
        try
        {
            return close();
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    // Everything but the embedding API, which serves another process's test suite, and this binary's start-up code.
    // Persistence is included: without it, the first BGSAVE of a fresh server spent 1.8-2.6 ms compiling before it
    // replied and its capture steps stalled the loop up to 30 ms (12-30 ms PING maxima against 8-12 ms warmed).
    private static bool IsServed(Type type) =>
        type.Namespace is { } ns && !ns.EndsWith(".Embedding", StringComparison.Ordinal) && !ns.EndsWith(".Host", StringComparison.Ordinal);

    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = "See Run.")]
    private static int Prepare(Type type)
    {
        return type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared))
            .Count(method => !method.IsAbstract && !method.ContainsGenericParameters && Prepare(method, type));
    }

    // Compiles one method of type (closed); false when it has no body or the runtime will not compile it ahead of
    // its call (e.g. with a ref struct receiver): it is then compiled on first use as before.
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "See Run: a trimmed method body is compiled as it is.")]
    private static bool Prepare(MethodBase method, Type type)
    {
        if (method.GetMethodBody() is null)
        {
            return false;
        }
        try
        {
            RuntimeTypeHandle[]? typeArguments = type.IsGenericType ? [.. type.GetGenericArguments().Select(t => t.TypeHandle)] : null;
            if (method.IsGenericMethod)
            {
                typeArguments = [.. typeArguments ?? [], .. method.GetGenericArguments().Select(t => t.TypeHandle)];
            }
            RuntimeHelpers.PrepareMethod(method.MethodHandle, typeArguments);
            return true;
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or BadImageFormatException)
        {
            return false;
        }
    }
}
