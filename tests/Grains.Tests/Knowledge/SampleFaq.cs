namespace CustomerService.Grains.Tests.Knowledge;

/// <summary>Where the build copies the shipped sample FAQ (see src/Grains/Grains.csproj).</summary>
internal static class SampleFaq
{
    public static string OutputPath { get; } = Path.Combine(AppContext.BaseDirectory, "Knowledge", "Data", "sample-faq.csv");
}
