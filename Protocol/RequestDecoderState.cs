namespace Reactor.MiniRedis.Protocol;

/// <summary>Where the decoder is inside the current request.</summary>
internal enum DecoderStep : byte
{
    /// <summary>Nothing of the request has been seen; the first byte picks RESP (<c>*</c>) or inline.</summary>
    Start,

    /// <summary>Inside the <c>*N\r\n</c> header.</summary>
    ArrayLength,

    /// <summary>Inside a <c>$N\r\n</c> header.</summary>
    BulkLength,

    /// <summary>Waiting for <see cref="RequestDecoderState.BulkLength"/> payload bytes plus CRLF.</summary>
    BulkPayload,

    /// <summary>Inside an inline request, waiting for its LF.</summary>
    Inline,
}

/// <summary>
/// The resumable part of the decoder, the equivalent of <c>reqtype</c>, <c>multibulklen</c>, <c>bulklen</c> and
/// <c>qb_pos</c> on Redis's <c>client</c> (redis/redis src/networking.c). All offsets are relative to the start
/// of the current request, so the caller may move the request's bytes between calls.
/// </summary>
internal struct RequestDecoderState
{
    internal DecoderStep Step;

    /// <summary>Bulk strings still expected in this array.</summary>
    internal int ArgsRemaining;

    /// <summary>The payload length announced by the last <c>$</c> header; -1 until it has been read.</summary>
    internal long BulkLength;

    /// <summary>The first byte not yet accepted: everything before it has been parsed and is never scanned again.</summary>
    internal int Position;

    /// <summary>Where the next CR/LF search resumes, so a header split across reads is scanned once.</summary>
    internal int ScanFrom;

    internal void Reset()
    {
        Step = DecoderStep.Start;
        ArgsRemaining = 0;
        BulkLength = -1;
        Position = 0;
        ScanFrom = 0;
    }
}
