namespace Reactor.MiniRedis.Engine.Server;

/// <summary>A config file or command-line setting the server cannot start with.</summary>
public sealed class ConfigException(string message) : Exception(message);
