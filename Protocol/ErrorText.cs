namespace Reactor.MiniRedis.Protocol;

/// <summary>
/// Redis's error replies, byte for byte (without the leading '-' and the CRLF, which the writer adds).
/// Taken from redis/redis src/server.c (shared.* objects), src/networking.c and src/object.c.
/// Retyped text drifts, so every handler takes its errors from here.
/// </summary>
public static class ErrorText
{
    public static ReadOnlySpan<byte> Syntax => "ERR syntax error"u8;
    public static ReadOnlySpan<byte> WrongType => "WRONGTYPE Operation against a key holding the wrong kind of value"u8;
    public static ReadOnlySpan<byte> NotInteger => "ERR value is not an integer or out of range"u8;
    public static ReadOnlySpan<byte> NotFloat => "ERR value is not a valid float"u8;
    public static ReadOnlySpan<byte> Overflow => "ERR increment or decrement would overflow"u8;
    public static ReadOnlySpan<byte> IncrFloatNaNOrInfinity => "ERR increment would produce NaN or Infinity"u8;
    public static ReadOnlySpan<byte> NoSuchKey => "ERR no such key"u8;
    public static ReadOnlySpan<byte> OutOfRange => "ERR index out of range"u8;
    public static ReadOnlySpan<byte> DbIndexOutOfRange => "ERR DB index is out of range"u8;
    public static ReadOnlySpan<byte> InvalidDbIndex => "ERR invalid DB index"u8;
    public static ReadOnlySpan<byte> StringTooLong => "ERR string exceeds maximum allowed size (proto-max-bulk-len)"u8;
    public static ReadOnlySpan<byte> OffsetOutOfRange => "ERR offset is out of range"u8;
    public static ReadOnlySpan<byte> NoProto => "NOPROTO unsupported protocol version"u8;
    public static ReadOnlySpan<byte> ProtocolVersionNotInteger => "ERR Protocol version is not an integer or out of range"u8;
    public static ReadOnlySpan<byte> MustBePositive => "ERR value is out of range, must be positive"u8;
    public static ReadOnlySpan<byte> TimeoutNegative => "ERR timeout is negative"u8;

    // ---- strings and keys ----
    public static ReadOnlySpan<byte> DecrementOverflow => "ERR decrement would overflow"u8;
    public static ReadOnlySpan<byte> ExpireNxConflict => "ERR NX and XX, GT or LT options at the same time are not compatible"u8;
    public static ReadOnlySpan<byte> ExpireGtLtConflict => "ERR GT and LT options at the same time are not compatible"u8;
    public static ReadOnlySpan<byte> InvalidCursor => "ERR invalid cursor"u8;
    public static ReadOnlySpan<byte> InvalidFirstDbIndex => "ERR invalid first DB index"u8;
    public static ReadOnlySpan<byte> InvalidSecondDbIndex => "ERR invalid second DB index"u8;
    public static ReadOnlySpan<byte> UnknownTypeObject => "ERR unknown type object"u8;
    public static ReadOnlySpan<byte> SameObject => "ERR source and destination objects are the same"u8;
    public static ReadOnlySpan<byte> LcsKeysNotStrings => "ERR The specified keys must contain string values"u8;
    public static ReadOnlySpan<byte> LcsLengthAndIndexes => "ERR If you want both the length and indexes, please just use IDX."u8;
    public static ReadOnlySpan<byte> LcsTableTooLarge => "ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len"u8;
    public static ReadOnlySpan<byte> FrequencyNotTracked => "ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust."u8;
    public static ReadOnlySpan<byte> IdleTimeNotTracked => "ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust."u8;

    /// <summary>
    /// <c>ERR Unsupported option x</c> from parseExtendedExpireArgumentsOrReply; the option is printed as a C string,
    /// so it stops at the first NUL byte.
    /// </summary>
    public static byte[] UnsupportedOption(ReadOnlySpan<byte> option)
    {
        int nul = option.IndexOf((byte)0);
        ReadOnlySpan<byte> shown = nul < 0 ? option : option[..nul];
        return [.. "ERR Unsupported option "u8, .. shown];
    }

    // bitmaps and sort
    public static ReadOnlySpan<byte> BitOffsetOutOfRange => "ERR bit offset is not an integer or out of range"u8;
    public static ReadOnlySpan<byte> BitValueOutOfRange => "ERR bit is not an integer or out of range"u8;
    public static ReadOnlySpan<byte> BitPosBitArgument => "ERR The bit argument must be 1 or 0."u8;
    public static ReadOnlySpan<byte> BitOpNotSingleSource => "ERR BITOP NOT must be called with a single source key."u8;
    public static ReadOnlySpan<byte> BitfieldInvalidType =>
        "ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is."u8;
    public static ReadOnlySpan<byte> BitfieldInvalidOverflow => "ERR Invalid OVERFLOW type specified"u8;
    public static ReadOnlySpan<byte> BitfieldReadOnlyGetOnly => "ERR BITFIELD_RO only supports the GET subcommand"u8;
    public static ReadOnlySpan<byte> SortScoreNotDouble => "ERR One or more scores can't be converted into double"u8;

    // ---- lists, sets, hashes, sorted sets ----
    public static ReadOnlySpan<byte> ZAddXxAndNx => "ERR XX and NX options at the same time are not compatible"u8;
    public static ReadOnlySpan<byte> ZAddGtLtNx => "ERR GT, LT, and/or NX options at the same time are not compatible"u8;
    public static ReadOnlySpan<byte> ZAddIncrSinglePair => "ERR INCR option supports a single increment-element pair"u8;
    public static ReadOnlySpan<byte> ScoreNaN => "ERR resulting score is not a number (NaN)"u8;
    // lists
    public static ReadOnlySpan<byte> LPosRankZero =>
        "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list"u8;
    public static ReadOnlySpan<byte> LPosCountNegative => "ERR COUNT can't be negative"u8;
    public static ReadOnlySpan<byte> LPosMaxLenNegative => "ERR MAXLEN can't be negative"u8;

    // shared by LMPOP, ZMPOP, SINTERCARD, ZINTERCARD, HRANDFIELD, ZRANDMEMBER
    public static ReadOnlySpan<byte> NumKeysNotPositive => "ERR numkeys should be greater than 0"u8;
    public static ReadOnlySpan<byte> CountNotPositive => "ERR count should be greater than 0"u8;
    public static ReadOnlySpan<byte> LimitNegative => "ERR LIMIT can't be negative"u8;

    // sorted sets
    public static ReadOnlySpan<byte> MinOrMaxNotFloat => "ERR min or max is not a float"u8;
    public static ReadOnlySpan<byte> MinOrMaxNotStringRange => "ERR min or max not valid string range item"u8;
    public static ReadOnlySpan<byte> ZRangeLimitNeedsByScoreOrByLex =>
        "ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX"u8;
    public static ReadOnlySpan<byte> ZRangeWithScoresByLex => "ERR syntax error, WITHSCORES not supported in combination with BYLEX"u8;
    public static ReadOnlySpan<byte> WeightNotFloat => "ERR weight value is not a float"u8;
    public static ReadOnlySpan<byte> ValueOutOfRange => "ERR value is out of range"u8;

    /// <summary>
    /// getRangeLongFromObjectOrReply's error without a custom message:
    /// <c>ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807</c> (sic).
    /// </summary>
    public static string ValueMustBeBetween(long min, long max) => $"ERR value is out of range, value must between {min} and {max}";

    /// <summary><c>ERR at least 1 input key is needed for 'zunionstore' command</c>, naming the command in lower case.</summary>
    public static string AtLeastOneInputKey(string command) => $"ERR at least 1 input key is needed for '{command}' command";

    // hashes and sets
    public static ReadOnlySpan<byte> HashValueNotInteger => "ERR hash value is not an integer"u8;
    public static ReadOnlySpan<byte> HashValueNotFloat => "ERR hash value is not a float"u8;
    public static ReadOnlySpan<byte> IncrementNaNOrInfinity => "ERR value is NaN or Infinity"u8;
    public static ReadOnlySpan<byte> NumKeysExceedArgs => "ERR Number of keys can't be greater than number of args"u8;

    // ---- server, connection, client, config ----
    public static ReadOnlySpan<byte> WrongPass => "WRONGPASS invalid username-password pair or user is disabled."u8;
    public static ReadOnlySpan<byte> AuthWithoutPassword =>
        "ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?"u8;
    public static ReadOnlySpan<byte> ClientNameInvalid => "ERR Client names cannot contain spaces, newlines or special characters."u8;
    public static ReadOnlySpan<byte> InvalidClientId => "ERR Invalid client ID"u8;
    public static ReadOnlySpan<byte> ClientIdNotPositive => "ERR client-id should be greater than 0"u8;
    public static ReadOnlySpan<byte> NoSuchClient => "ERR No such client"u8;
    public static ReadOnlySpan<byte> NoConfigFile => "ERR The server is running without a config file"u8;
    public static ReadOnlySpan<byte> InvalidCommandSpecified => "ERR Invalid command specified"u8;
    public static ReadOnlySpan<byte> CommandHasNoKeys => "ERR The command has no key arguments"u8;
    public static ReadOnlySpan<byte> InvalidGetKeysArgumentCount => "ERR Invalid number of arguments specified for command"u8;
    public static ReadOnlySpan<byte> InvalidGetKeysArguments => "ERR Invalid arguments specified for command"u8;
    public static ReadOnlySpan<byte> ShutdownFailed => "ERR Errors trying to SHUTDOWN. Check logs."u8;
    public static ReadOnlySpan<byte> NoShutdownInProgress => "ERR No shutdown in progress."u8;

    /// <summary>configRewriteCommand's reply when rewriteConfig fails: strerror(errno).</summary>
    public static string RewriteFailed(string reason) => $"ERR Rewriting config file: {reason}";

    // ---- embedding (fault injection of an embedded server) ----
    /// <summary>shared.loadingerr: what Redis answers while it loads the dataset at start-up.</summary>
    public static ReadOnlySpan<byte> Loading => "LOADING Redis is loading the dataset in memory"u8;
    /// <summary>shared.slowevalerr: what Redis answers while a script runs past busy-reply-threshold.</summary>
    public static ReadOnlySpan<byte> BusyScript => "BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE."u8;

    // ---- persistence: SAVE, BGSAVE, DUMP, RESTORE ----
    public static ReadOnlySpan<byte> BackgroundSaveError =>
        "MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to disk. Commands that may modify the data set are disabled, because this instance is configured to report errors during writes if RDB snapshotting fails (stop-writes-on-bgsave-error option). Please check the Redis logs for details about the RDB error."u8;
    public static ReadOnlySpan<byte> BackgroundSaveInProgress => "ERR Background save already in progress"u8;
    /// <summary>bgsaveCommand while another child (an AOF rewrite) runs, without SCHEDULE (redis-server 7.0.15's text).</summary>
    public static ReadOnlySpan<byte> BackgroundSaveOtherChildActive =>
        "ERR Another child process is active (AOF?): can't BGSAVE right now. Use BGSAVE SCHEDULE in order to schedule a BGSAVE whenever possible."u8;
    public static ReadOnlySpan<byte> SaveFailed => "ERR"u8;
    public static ReadOnlySpan<byte> DumpPayloadInvalid => "ERR DUMP payload version or checksum are wrong"u8;
    public static ReadOnlySpan<byte> BadDataFormat => "ERR Bad data format"u8;
    public static ReadOnlySpan<byte> BusyKey => "BUSYKEY Target key name already exists."u8;
    public static ReadOnlySpan<byte> InvalidTtlValue => "ERR Invalid TTL value, must be >= 0"u8;
    public static ReadOnlySpan<byte> InvalidIdleTimeValue => "ERR Invalid IDLETIME value, must be >= 0"u8;
    public static ReadOnlySpan<byte> InvalidFreqValue => "ERR Invalid FREQ value, must be >= 0 and <= 255"u8;

    // ---- append-only file: BGREWRITEAOF, MISCONF ----
    public static ReadOnlySpan<byte> AofRewriteInProgress => "ERR Background append only file rewriting already in progress"u8;
    public static ReadOnlySpan<byte> AofRewriteFailed => "ERR Can't execute an AOF background rewriting. Please check the server logs for more information."u8;

    /// <summary><c>-MISCONF Errors writing to the AOF file: reason</c>: writes refused while the AOF cannot be written.</summary>
    public static string AofWriteError(string reason) => $"MISCONF Errors writing to the AOF file: {reason}";

    /// <summary><c>ERR Syntax error in HELLO option 'x'</c>, quoting the option as sent.</summary>
    public static byte[] HelloSyntax(ReadOnlySpan<byte> option) => ServerErrorQuoting("ERR Syntax error in HELLO option '"u8, option, "'"u8);

    /// <summary><c>ERR Unknown client type 'x'</c> (CLIENT LIST/KILL TYPE).</summary>
    public static byte[] UnknownClientType(ReadOnlySpan<byte> type) => ServerErrorQuoting("ERR Unknown client type '"u8, type, "'"u8);

    /// <summary><c>ERR No such user 'x'</c> (CLIENT KILL USER).</summary>
    public static byte[] NoSuchUser(ReadOnlySpan<byte> user) => ServerErrorQuoting("ERR No such user '"u8, user, "'"u8);

    /// <summary><c>ERR Unrecognized option 'x'</c> (CLIENT SETINFO).</summary>
    public static byte[] UnrecognizedOption(ReadOnlySpan<byte> option) => ServerErrorQuoting("ERR Unrecognized option '"u8, option, "'"u8);

    /// <summary><c>ERR lib-name cannot contain spaces, newlines or special characters.</c>, naming the attribute as sent.</summary>
    public static byte[] ClientAttributeInvalid(ReadOnlySpan<byte> attribute) =>
        ServerErrorQuoting("ERR "u8, attribute, " cannot contain spaces, newlines or special characters."u8);

    /// <summary><c>ERR Unknown option or number of arguments for CONFIG SET - 'x'</c>.</summary>
    public static byte[] ConfigSetUnknownOption(ReadOnlySpan<byte> name) =>
        ServerErrorQuoting("ERR Unknown option or number of arguments for CONFIG SET - '"u8, name, "'"u8);

    /// <summary><c>ERR CONFIG SET failed (possibly related to argument 'x') - reason</c>.</summary>
    public static string ConfigSetFailed(string name, string reason) =>
        $"ERR CONFIG SET failed (possibly related to argument '{name}') - {reason}";

    // ---- access control (AUTH, HELLO, ACL, protected mode) ----
    public static ReadOnlySpan<byte> NoAuth => "NOAUTH Authentication required."u8;
    public static ReadOnlySpan<byte> HelloNoAuth =>
        "NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time"u8;
    public static ReadOnlySpan<byte> NoPermKey => "NOPERM this user has no permissions to access one of the keys used as arguments"u8;
    public static ReadOnlySpan<byte> NoPermChannel => "NOPERM this user has no permissions to access one of the channels used as arguments"u8;
    public static ReadOnlySpan<byte> AclUsernameHasSpaces => "ERR Usernames can't contain spaces or null characters"u8;
    public static ReadOnlySpan<byte> AclDefaultUserUndeletable => "ERR The 'default' user cannot be removed"u8;
    public static ReadOnlySpan<byte> AclNoAclFile =>
        "ERR This Redis instance is not configured to use an ACL file. You may want to specify users via the ACL SETUSER command and then issue a CONFIG REWRITE (assuming you have a Redis configuration file set) in order to store users in the Redis configuration."u8;
    public static ReadOnlySpan<byte> AclSaveFailed =>
        "ERR There was an error trying to save the ACLs. Please check the server logs for more information"u8;
    public static ReadOnlySpan<byte> AclGenPassRange =>
        "ERR ACL GENPASS argument must be the number of bits for the output password, a positive number up to 4096"u8;

    /// <summary>
    /// The reply clientAcceptHandler writes (as a raw line, CRLF included) to a client from a non-loopback address
    /// while protected mode is on and the default user has no password; the connection is then closed.
    /// </summary>
    public static ReadOnlySpan<byte> ProtectedModeDenied =>
        "-DENIED Redis is running in protected mode because protected mode is enabled and no password is set for the default user. In this mode connections are only accepted from the loopback interface. If you want to connect from external computers to Redis you may adopt one of the following solutions: 1) Just disable protected mode sending the command 'CONFIG SET protected-mode no' from the loopback interface by connecting to Redis from the same host the server is running, however MAKE SURE Redis is not publicly accessible from internet if you do so. Use CONFIG REWRITE to make this change permanent. 2) Alternatively you can just disable the protected mode by editing the Redis configuration file, and setting the protected mode option to 'no', and then restarting the server. 3) If you started the server manually just for testing, restart it with the '--protected-mode no' option. 4) Setup a an authentication password for the default user. NOTE: You only need to do one of the above things in order for the server to start accepting connections from the outside.\r\n"u8;

    /// <summary><c>NOPERM this user has no permissions to run the 'get' command</c>, with the full name (<c>config|set</c>).</summary>
    public static string NoPermCommand(string fullName) => $"NOPERM this user has no permissions to run the '{fullName}' command";

    /// <summary>ACL DRYRUN's bulk-string answer for a denied command.</summary>
    public static string DryRunNoPermCommand(string fullName) => $"This user has no permissions to run the '{fullName}' command";

    /// <summary>ACL DRYRUN's bulk-string answer for a denied key (<paramref name="what"/> is <c>key</c>) or channel.</summary>
    public static byte[] DryRunNoPermObject(ReadOnlySpan<byte> name, string what) =>
        ServerErrorQuoting("This user has no permissions to access the '"u8, name, System.Text.Encoding.ASCII.GetBytes($"' {what}"));

    /// <summary><c>ERR Error in ACL SETUSER modifier 'x': reason</c>, for a rule ACLSetUser refused.</summary>
    public static byte[] AclSetUserModifier(ReadOnlySpan<byte> rule, string reason) =>
        ServerErrorQuoting("ERR Error in ACL SETUSER modifier '"u8, rule, System.Text.Encoding.ASCII.GetBytes("': " + reason));

    /// <summary><c>ERR Unmatched parenthesis in acl selector starting at 'x'.</c></summary>
    public static byte[] AclUnmatchedParenthesis(ReadOnlySpan<byte> argument) =>
        ServerErrorQuoting("ERR Unmatched parenthesis in acl selector starting at '"u8, argument, "'."u8);

    /// <summary><c>ERR Unknown category 'x'</c>, the name cut at 128 bytes.</summary>
    public static byte[] AclUnknownCategory(ReadOnlySpan<byte> name) =>
        ServerErrorQuoting("ERR Unknown category '"u8, name[..Math.Min(name.Length, 128)], "'"u8);

    /// <summary><c>ERR User 'x' not found</c> (ACL DRYRUN).</summary>
    public static byte[] AclUserNotFound(ReadOnlySpan<byte> name) => ServerErrorQuoting("ERR User '"u8, name, "' not found"u8);

    /// <summary><c>ERR Command 'x' not found</c> (ACL DRYRUN).</summary>
    public static byte[] AclCommandNotFound(ReadOnlySpan<byte> name) => ServerErrorQuoting("ERR Command '"u8, name, "' not found"u8);

    // ACLSetUserStringError: why ACLSetUser refused a rule, one text per errno value.
    public const string AclRuleSyntax = "Syntax error";
    public const string AclRuleUnknownCommand = "Unknown command or category name in ACL";
    public const string AclRuleKeyAfterAllKeys =
        "Adding a pattern after the * pattern (or the 'allkeys' flag) is not valid and does not have any effect. Try 'resetkeys' to start with an empty list of patterns";
    public const string AclRuleChannelAfterAllChannels =
        "Adding a pattern after the * pattern (or the 'allchannels' flag) is not valid and does not have any effect. Try 'resetchannels' to start with an empty list of channels";
    public const string AclRuleNoSuchPassword = "The password you are trying to remove from the user does not exist";
    public const string AclRuleBadHash = "The password hash must be exactly 64 characters and contain only lowercase hexadecimal characters";
    public const string AclRuleFirstArgOfSubcommand = "Allowing first-arg of a subcommand is not supported";

    // ---- client tracking: CLIENT TRACKING and CLIENT CACHING (clientCommand, checkPrefixCollisionsOrReply) ----
    public static ReadOnlySpan<byte> TrackingSingleRedirect => "ERR A client can only redirect to a single other client"u8;
    public static ReadOnlySpan<byte> TrackingRedirectMissing => "ERR The client ID you want redirect to does not exist"u8;
    public static ReadOnlySpan<byte> TrackingPrefixWithoutBcast => "ERR PREFIX option requires BCAST mode to be enabled"u8;
    public static ReadOnlySpan<byte> TrackingBcastSwitch =>
        "ERR You can't switch BCAST mode on/off before disabling tracking for this client, and then re-enabling it with a different mode."u8;
    public static ReadOnlySpan<byte> TrackingOptWithBcast => "ERR OPTIN and OPTOUT are not compatible with BCAST"u8;
    public static ReadOnlySpan<byte> TrackingOptInAndOptOut => "ERR You can't specify both OPTIN mode and OPTOUT mode"u8;
    public static ReadOnlySpan<byte> TrackingOptSwitch =>
        "ERR You can't switch OPTIN/OPTOUT mode before disabling tracking for this client, and then re-enabling it with a different mode."u8;
    public static ReadOnlySpan<byte> CachingWithoutTracking =>
        "ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or OPTOUT mode enabled"u8;
    public static ReadOnlySpan<byte> CachingYesWithoutOptIn => "ERR CLIENT CACHING YES is only valid when tracking is enabled in OPTIN mode."u8;
    public static ReadOnlySpan<byte> CachingNoWithoutOptOut => "ERR CLIENT CACHING NO is only valid when tracking is enabled in OPTOUT mode."u8;

    /// <summary><c>ERR Prefix 'ab' overlaps with an existing prefix 'a'. ...</c>: a new BCAST prefix against one the client has.</summary>
    public static byte[] TrackingPrefixOverlapsExisting(ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> existing) =>
        PrefixOverlap(prefix, "' overlaps with an existing prefix '"u8, existing);

    /// <summary><c>ERR Prefix 'a' overlaps with another provided prefix 'ab'. ...</c>: two prefixes of one CLIENT TRACKING call.</summary>
    public static byte[] TrackingPrefixOverlapsProvided(ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> other) =>
        PrefixOverlap(prefix, "' overlaps with another provided prefix '"u8, other);

    // The prefixes are printed with %s, so each stops at its first NUL byte as in Redis.
    private static byte[] PrefixOverlap(ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> middle, ReadOnlySpan<byte> other)
    {
        ReadOnlySpan<byte> suffix = "'. Prefixes for a single client must not overlap."u8;
        byte[] first = ServerErrorQuoting("ERR Prefix '"u8, CString(prefix), middle);
        return ServerErrorQuoting(first, CString(other), suffix);
    }

    private static ReadOnlySpan<byte> CString(ReadOnlySpan<byte> text) => text.IndexOf((byte)0) is int nul and >= 0 ? text[..nul] : text;

    private static byte[] ServerErrorQuoting(ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> value, ReadOnlySpan<byte> suffix)
    {
        byte[] text = new byte[prefix.Length + value.Length + suffix.Length];
        prefix.CopyTo(text);
        value.CopyTo(text.AsSpan(prefix.Length));
        suffix.CopyTo(text.AsSpan(prefix.Length + value.Length));
        return text;
    }

    /// <summary>The <c>-ERR Protocol error: ...</c> text for a decoder failure (the unexpected byte is used by ExpectedDollar).</summary>
    public static string ForProtocolError(ProtocolErrorKind kind, byte unexpected) => kind switch
    {
        ProtocolErrorKind.InvalidMultibulkLength => "ERR Protocol error: invalid multibulk length",
        ProtocolErrorKind.InvalidBulkLength => "ERR Protocol error: invalid bulk length",
        ProtocolErrorKind.ExpectedDollar => "ERR Protocol error: expected '$', got '" + (char)unexpected + "'",
        ProtocolErrorKind.TooBigMultibulkCount => "ERR Protocol error: too big mbulk count string",
        ProtocolErrorKind.TooBigBulkCount => "ERR Protocol error: too big bulk count string",
        ProtocolErrorKind.TooBigInlineRequest => "ERR Protocol error: too big inline request",
        ProtocolErrorKind.UnbalancedQuotes => "ERR Protocol error: unbalanced quotes in request",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary><c>ERR wrong number of arguments for 'get' command</c>; <paramref name="fullName"/> is lower case, e.g. <c>config|get</c>.</summary>
    public static string WrongArity(string fullName) => $"ERR wrong number of arguments for '{fullName}' command";

    /// <summary><c>ERR invalid expire time in 'set' command</c>.</summary>
    public static string InvalidExpireTime(string command) => $"ERR invalid expire time in '{command}' command";

    /// <summary>
    /// The unknown-command error of processCommand in redis/redis src/server.c: the name cut at 128 bytes, then each
    /// argument quoted and followed by a space, stopping once the preview reaches 128 bytes.
    /// </summary>
    public static byte[] UnknownCommand(ReadOnlySpan<byte> name, ReadOnlySpan<ArgSlice> args, ReadOnlySpan<byte> buffer)
    {
        var text = new List<byte>(64 + name.Length);
        text.AddRange("ERR unknown command '"u8);
        text.AddRange(name[..Math.Min(name.Length, 128)]);
        text.AddRange("', with args beginning with: "u8);
        int previewLength = 0;
        for (int i = 1; i < args.Length && previewLength < 128; i++)
        {
            var arg = buffer.Slice(args[i].Offset, args[i].Length);
            arg = arg[..Math.Min(arg.Length, 128 - previewLength)];
            text.Add((byte)'\'');
            text.AddRange(arg);
            text.AddRange("' "u8);
            previewLength += arg.Length + 3;
        }
        return [.. text];
    }

    /// <summary><c>ERR unknown subcommand 'x'. Try CONFIG HELP.</c></summary>
    public static byte[] UnknownSubcommand(ReadOnlySpan<byte> subcommand, string containerUpper)
    {
        var text = new List<byte>(64);
        text.AddRange("ERR unknown subcommand '"u8);
        text.AddRange(subcommand[..Math.Min(subcommand.Length, 128)]);
        text.AddRange(System.Text.Encoding.ASCII.GetBytes($"'. Try {containerUpper} HELP."));
        return [.. text];
    }

    // ---- transactions, client pause ----
    public static ReadOnlySpan<byte> MultiNested => "ERR MULTI calls can not be nested"u8;
    public static ReadOnlySpan<byte> ExecWithoutMulti => "ERR EXEC without MULTI"u8;
    public static ReadOnlySpan<byte> DiscardWithoutMulti => "ERR DISCARD without MULTI"u8;
    public static ReadOnlySpan<byte> WatchInsideMulti => "ERR WATCH inside MULTI is not allowed"u8;
    public static ReadOnlySpan<byte> ExecAbort => "EXECABORT Transaction discarded because of previous errors."u8;
    public static string CommandNotAllowedInMulti => "ERR Command not allowed inside a transaction";
    public static ReadOnlySpan<byte> PauseModeInvalid => "ERR CLIENT PAUSE mode must be WRITE or ALL"u8;
    public static ReadOnlySpan<byte> TimeoutNotInteger => "ERR timeout is not an integer or out of range"u8;

    /// <summary>
    /// execCommandAbort's <c>EXECABORT Transaction discarded because of: reason</c>, for an EXEC that was itself
    /// rejected. <paramref name="reason"/> is the rejection's error; its <c>ERR </c> code is dropped, as Redis
    /// formats these errors without one, while other codes (<c>NOAUTH</c>, <c>OOM</c>...) stay.
    /// </summary>
    public static string ExecAbortBecauseOf(string reason) =>
        "EXECABORT Transaction discarded because of: " + (reason.StartsWith("ERR ", StringComparison.Ordinal) ? reason[4..] : reason);

    // ---- cluster connection commands ----
    public static ReadOnlySpan<byte> ClusterSupportDisabled => "ERR This instance has cluster support disabled"u8;

    // ---- memory (maxmemory) ----

    /// <summary>shared.oomerr: processCommand's refusal of a deny-oom command while over maxmemory with nothing left to evict.</summary>
    public const string OutOfMemory = "OOM command not allowed when used memory > 'maxmemory'.";

    // ---- pub/sub, monitor ----

    /// <summary>
    /// processCommand's refusal of a command in the RESP2 Pub/Sub context, naming it by its full name
    /// (<c>client|list</c>).
    /// </summary>
    public static string PubSubContext(string fullName) =>
        $"ERR Can't execute '{fullName}': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context";

    /// <summary>processCommand's refusal of a keyspace command from a replica, which a MONITOR client is flagged as.</summary>
    public const string ReplicaKeyspaceAccess = "ERR Replica can't interact with the keyspace";

    /// <summary>monitorCommand's refusal inside MULTI/EXEC, where a client expects one reply per command.</summary>
    public static ReadOnlySpan<byte> MonitorDenyBlocking => "ERR MONITOR isn't allowed for DENY BLOCKING client"u8;

    /// <summary>
    /// addReplySubcommandSyntaxError: <c>ERR unknown subcommand or wrong number of arguments for 'x'. Try PUBSUB HELP.</c> (CLIENT, ACL...),
    /// quoting the subcommand and the command as sent (the command upper-cased).
    /// </summary>
    public static byte[] SubcommandSyntax(ReadOnlySpan<byte> subcommand, ReadOnlySpan<byte> command)
    {
        byte[] upper = new byte[command.Length];
        System.Text.Ascii.ToUpper(command, upper, out _);
        byte[] head = ServerErrorQuoting("ERR unknown subcommand or wrong number of arguments for '"u8, subcommand[..Math.Min(subcommand.Length, 128)], "'. Try "u8);
        return ServerErrorQuoting(head, upper, " HELP."u8);
    }

    // ---- blocking commands, CLIENT UNBLOCK ----
    public static ReadOnlySpan<byte> TimeoutNotFloat => "ERR timeout is not a float or out of range"u8;
    public static ReadOnlySpan<byte> UnblockedByClientUnblock => "UNBLOCKED client unblocked via CLIENT UNBLOCK"u8;
    public static ReadOnlySpan<byte> UnblockReasonInvalid => "ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR"u8;

    // ---- debug ----
    /// <summary>processCommand's refusal of DEBUG (CMD_PROTECTED) when enable-debug-command does not allow the client.</summary>
    public const string DebugCommandNotAllowed = "ERR DEBUG command not allowed. If the enable-debug-command option is set to \"local\", you can run it from a local connection, otherwise you need to set this option in the configuration file, and then restart the server.";

    /// <summary>DEBUG PROTOCOL with a type it does not know.</summary>
    public static ReadOnlySpan<byte> DebugProtocolWrongType => "ERR Wrong protocol type name. Please use one of the following: string|integer|double|bignum|null|array|set|map|attrib|push|verbatim|true|false"u8;

    /// <summary>DEBUG PROTOCOL push on a RESP2 connection.</summary>
    public static ReadOnlySpan<byte> Resp2NotSupported => "ERR RESP2 is not supported by this command"u8;

    /// <summary>DEBUG RELOAD with an option other than MERGE, NOFLUSH and NOSAVE.</summary>
    public static ReadOnlySpan<byte> DebugReloadOptions => "ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options."u8;

    /// <summary>DEBUG RELOAD when the RDB file could not be loaded back.</summary>
    public static ReadOnlySpan<byte> DebugReloadFailed => "ERR Error trying to load the RDB dump, check server logs."u8;

    /// <summary>DEBUG CONFIG-REWRITE-FORCE-ALL's failure, with strerror's text.</summary>
    public static string ConfigRewriteForceAllFailed(string reason) => $"ERR CONFIG-REWRITE-FORCE-ALL failed: {reason}";

    // ---- slow log ----
    /// <summary>SLOWLOG GET's count that is not a number, or below -1 (slowlogCommand).</summary>
    public static ReadOnlySpan<byte> SlowlogCountOutOfRange => "ERR count should be greater than or equal to -1"u8;

    // ---- latency monitor ----
    /// <summary>LATENCY GRAPH of an event without samples (latencyCommand's nodataerr), quoting the name as sent.</summary>
    public static byte[] NoLatencySamples(ReadOnlySpan<byte> eventName) =>
        ServerErrorQuoting("ERR No samples available for event '"u8, CString(eventName), "'"u8);
}
