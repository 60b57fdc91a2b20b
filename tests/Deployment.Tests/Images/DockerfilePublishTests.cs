using System.Diagnostics;
using System.Text.Json;
using CustomerService.Silo.Hosting.Migrations;
using CustomerService.Silo.Hosting.Storage;

namespace CustomerService.Deployment.Tests.Images;

/// <summary>
/// The Dockerfile's build stages, run without Docker (<see cref="PublishedImages"/>), produce for each image the
/// assembly its ENTRYPOINT starts, with what that assembly needs at run time.
/// </summary>
public sealed class DockerfilePublishTests(PublishedImages images) : IClassFixture<PublishedImages>
{
    [Theory]
    [InlineData("silo")]
    [InlineData("ingress-api")]
    public void Publish_ImageTarget_EntrypointAssemblyAndItsRuntimeFiles(string target)
    {
        var folder = images.ApplicationFolder(target);
        var entrypoint = images.Dockerfile.Entrypoint(images.Dockerfile.Stage(target));

        Assert.NotNull(entrypoint);
        Assert.Equal("dotnet", entrypoint[0]);
        var assembly = entrypoint[1];
        Assert.True(File.Exists(Path.Combine(folder, assembly)), $"{assembly} is not in {folder}:\n{images.Build.Log}");
        using var runtimeConfig = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, Path.ChangeExtension(assembly, ".runtimeconfig.json"))));
        var frameworks = runtimeConfig.RootElement.GetProperty("runtimeOptions").GetProperty("frameworks").EnumerateArray().Select(f => f.GetProperty("name").GetString());
        // The runtime image is aspnet: the application must need nothing beyond ASP.NET Core's shared framework.
        Assert.Equal(["Microsoft.AspNetCore.App", "Microsoft.NETCore.App"], frameworks.Order(StringComparer.Ordinal));
        // The default FAQ, read relative to the working directory (/app).
        Assert.True(File.Exists(Path.Combine(folder, "Knowledge", "Data", "sample-faq.csv")));
    }

    [Fact]
    public async Task Publish_Silo_MigrateCommandRunsAndAsksForTheOwnerConnectionString()
    {
        // What the silo pods' initContainer runs: the image's entrypoint with the argument "migrate". With no
        // connection string it must fail, naming the setting the manifests give it.
        var folder = images.ApplicationFolder("silo");
        var entrypoint = images.Dockerfile.Entrypoint(images.Dockerfile.Stage("silo"))!;
        var start = new ProcessStartInfo(entrypoint[0]) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(folder, entrypoint[1]));
        start.ArgumentList.Add(MigrateCommand.Name);
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("ConnectionStrings", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(key);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);

        Assert.Equal(1, process.ExitCode);
        Assert.Equal("", await output);
        Assert.StartsWith($"migrate: set ConnectionStrings:{PostgresStorage.MigrateConnectionStringName} (the table owner role)", await error, StringComparison.Ordinal);
    }
}
