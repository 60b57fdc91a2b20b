namespace CustomerService.Integration.Tests.Postgres;

/// <summary>A grain_state row: the provider's payload bytes and the version that is its ETag.</summary>
public sealed record StoredRow(byte[]? Payload, long Version);
