namespace Reactor.MiniRedis.Engine.Server;

/// <summary>
/// How CONFIG REWRITE writes a parameter's line: the rewrite function of its standardConfig entry in redis/redis
/// src/config.c. Every kind compares the current value with <see cref="ConfigParameter.Default"/> to decide whether a
/// parameter the file does not mention yet must be appended (Redis's <c>force</c>).
/// </summary>
public enum ConfigRewriteKind
{
    /// <summary>
    /// <c>name value</c>, the value as CONFIG GET shows it (rewriteConfigNumericalOption, rewriteConfigYesNoOption,
    /// rewriteConfigEnumOption, rewriteConfigBindOption).
    /// </summary>
    Plain,

    /// <summary><c>name 64mb</c>: a byte count in the largest exact unit (rewriteConfigBytesOption).</summary>
    Memory,

    /// <summary><c>name "value"</c>, quoted and escaped as sdscatrepr does (rewriteConfigStringOption, ALLOW_EMPTY_STRING).</summary>
    String,

    /// <summary>
    /// A string whose empty value is NULL and whose default is NULL (EMPTY_STRING_IS_NULL, e.g. <c>requirepass</c>,
    /// <c>pidfile</c>; also <c>dir</c>, rewritten with no default): empty means no line at all, any other value is
    /// always written quoted.
    /// </summary>
    NullableString,

    /// <summary><c>save "seconds changes"</c> points, one line each, or <c>save ""</c> (rewriteConfigSaveOption).</summary>
    Save,

    /// <summary>One line per client class, each forced when it is not its default (rewriteConfigClientOutputBufferLimitOption).</summary>
    ClientOutputBufferLimit,

    /// <summary>
    /// <c>name word word ...</c>, always written, or <c>name ""</c> for an empty list so the next start does not fall
    /// back to the default (rewriteConfigLatencyTrackingInfoPercentilesOutputOption).
    /// </summary>
    ForcedList,
}
