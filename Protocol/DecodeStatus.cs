namespace Reactor.MiniRedis.Protocol;

/// <summary>The outcome of one <see cref="RequestDecoder.Decode"/> call.</summary>
public enum DecodeStatus
{
    /// <summary>The buffer ends inside a request; call again with more bytes appended.</summary>
    NeedMoreData,

    /// <summary>A whole request was decoded; its arguments are in <see cref="RequestDecoder.Arguments"/>.</summary>
    CommandReady,

    /// <summary>The bytes are not valid RESP; <see cref="RequestDecoder.Error"/> says why.</summary>
    ProtocolError,
}
