using CustomerService.Grains.Interfaces.Delivery;

namespace CustomerService.Grains.Tests.Delivery;

/// <summary>Waits for an account's delivery counts, which the conversation reports after its own write.</summary>
internal static class DeliveryCountsWaits
{
    /// <summary>Reads the counts until they satisfy <paramref name="condition"/>; fails after 30 s.</summary>
    public static async Task<DeliveryCounts> WaitForCountsAsync(IDeliveryStatsGrain stats, Func<DeliveryCounts, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var counts = await stats.GetCountsAsync();
            if (condition(counts))
            {
                return counts;
            }

            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException("The delivery counts did not catch up within 30 s.");
    }
}
