namespace CustomerService.Integration.Tests.Cluster;

/// <summary>One silo's row of a membership table: <c>127.0.0.1:port@generation</c>, its status and gateway port.</summary>
public sealed record MembershipEntry(string SiloAddress, int Status, int GatewayPort);
