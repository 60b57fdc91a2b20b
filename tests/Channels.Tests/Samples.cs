using System.Text.Json;

namespace CustomerService.Channels.Tests;

/// <summary>Loads the sample vectors copied into Samples/ (copied to the output folder at build time).</summary>
internal static class Samples
{
    public static string Dir(string platform) => Path.Combine(AppContext.BaseDirectory, "Samples", platform);

    public static IEnumerable<string> Names(string platform, string pattern = "*.json") =>
        Directory.EnumerateFiles(Dir(platform), pattern)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Order(StringComparer.Ordinal);

    public static JsonElement Load(string platform, string file)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Dir(platform), file)));
        return doc.RootElement.Clone();
    }

    /// <summary>The top-level WeChat vectors whose <c>kind</c> is one of <paramref name="kinds"/>.</summary>
    public static TheoryData<string> WeChatVectorsOfKind(params string[] kinds) =>
        new(Names("WeChat").Where(file => kinds.Contains(Load("WeChat", file).GetProperty("kind").GetString())));

    /// <summary>The top-level WeChat vectors that satisfy <paramref name="predicate"/>.</summary>
    public static TheoryData<string> WeChatVectorsWith(Func<JsonElement, bool> predicate) =>
        new(Names("WeChat").Where(file => predicate(Load("WeChat", file))));

    public static string String(this JsonElement element, string name) =>
        element.GetProperty(name).GetString() ?? throw new InvalidOperationException($"{name} is null");

    public static string? OptionalString(this JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.GetString() : null;

    /// <summary>The receive id of a vector's input: its appid, corpid or receiveid.</summary>
    public static string ReceiveId(this JsonElement input) =>
        input.OptionalString("appid") ?? input.OptionalString("corpid") ?? input.String("receiveid");
}
