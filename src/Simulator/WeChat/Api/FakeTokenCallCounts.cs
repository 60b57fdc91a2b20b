namespace CustomerService.Simulator.WeChat.Api;

/// <summary>stable_token calls received for one AppId.</summary>
/// <param name="Normal">Normal-mode calls.</param>
/// <param name="ForceRefresh">Force-refresh calls (whether they refreshed or not).</param>
public readonly record struct FakeTokenCallCounts(int Normal, int ForceRefresh);
