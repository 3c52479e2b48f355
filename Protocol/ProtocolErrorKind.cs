namespace Reactor.MiniRedis.Protocol;

/// <summary>Why a request was rejected as invalid RESP (see <see cref="ErrorText.ForProtocolError"/>).</summary>
public enum ProtocolErrorKind
{
    None,
    InvalidMultibulkLength,
    InvalidBulkLength,
    ExpectedDollar,
    TooBigMultibulkCount,
    TooBigBulkCount,
    TooBigInlineRequest,
    UnbalancedQuotes,
}
