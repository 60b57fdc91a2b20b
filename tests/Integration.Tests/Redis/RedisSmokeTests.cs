using CustomerService.Integration.Tests.Hosting;
using StackExchange.Redis;

namespace CustomerService.Integration.Tests.Redis;

/// <summary>The Redis that the test command provisions answers; clustering tests build on it.</summary>
[Trait("Category", "Integration")]
[Trait("Provider", "Redis")]
public sealed class RedisSmokeTests
{
    [Fact]
    public async Task Ping_ProvisionedRedis_AnswersPong()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(TestEnvironment.Require(TestEnvironment.RedisVariable));
        var server = redis.GetServer(redis.GetEndPoints().Single());

        var reply = await server.ExecuteAsync("PING");

        Assert.Equal("PONG", reply.ToString());
    }

    [Fact]
    public async Task StringSet_ThenGet_ReturnsTheValue()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(TestEnvironment.Require(TestEnvironment.RedisVariable));
        var database = redis.GetDatabase();
        var key = "cs-test:" + Guid.NewGuid().ToString("N");

        await database.StringSetAsync(key, "你好", TimeSpan.FromMinutes(1));

        Assert.Equal("你好", (string?)await database.StringGetAsync(key));
    }
}
