using System.Diagnostics;
using System.Text;

namespace CustomerService.Deployment.Tests.Docker;

/// <summary>
/// Runs a Dockerfile's build stages without Docker (CI has none): a temporary folder stands for the image's root
/// filesystem, COPY copies from the build context as Docker would (honouring <c>.dockerignore</c>), WORKDIR and ENV
/// apply, and each RUN's dotnet command runs as written, its absolute paths placed under that folder. Only dotnet
/// commands are run; any other RUN in a build stage is refused, so that what is tested is what Docker would build.
/// </summary>
public sealed class DockerBuild : IDisposable
{
    // What a RUN inherits from this machine: the SDK's and NuGet's own settings, and the package cache in HOME (the
    // offline restore relies on it). Nothing of the test host's MSBuild or test-platform variables leaks in.
    private static readonly string[] InheritedPrefixes = ["DOTNET_", "NUGET_", "LC_", "SSL_CERT_"];
    private static readonly string[] InheritedNames = ["PATH", "HOME", "USER", "LANG", "TMPDIR", "MSBUILDDISABLENODEREUSE", "http_proxy", "https_proxy", "no_proxy", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY"];

    private readonly Dockerfile _dockerfile;
    private readonly DockerIgnore _ignore;
    private readonly string _context;
    // Each built stage's WORKDIR and ENV at its end: a stage built FROM another starts with them, as in Docker.
    private readonly Dictionary<DockerStage, (string Workdir, Dictionary<string, string> Environment)> _built = [];

    public DockerBuild(Dockerfile dockerfile, DockerIgnore ignore, string context)
    {
        _dockerfile = dockerfile;
        _ignore = ignore;
        _context = context;
        Root = Path.Combine(Path.GetTempPath(), "cs-docker-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    /// <summary>The folder that stands for the image's root filesystem.</summary>
    public string Root { get; }

    /// <summary>Everything the dotnet commands printed, for failure messages.</summary>
    public StringBuilder Log { get; } = new();

    /// <summary>A path inside the image, as a path on this machine.</summary>
    public string HostPath(string imagePath) => Path.Combine(Root, imagePath.TrimStart('/'));

    /// <summary>Builds a stage and the stages it builds on (each once, sharing one root, as the layers would).</summary>
    public async Task BuildAsync(string stageName, CancellationToken cancellationToken)
    {
        DockerStage? parent = null;
        foreach (var stage in _dockerfile.Chain(_dockerfile.Stage(stageName)))
        {
            if (!_built.ContainsKey(stage))
            {
                var (workdir, environment) = parent is null ? ("/", []) : _built[parent];
                _built[stage] = await RunStageAsync(stage, workdir, new Dictionary<string, string>(environment, StringComparer.Ordinal), cancellationToken);
            }

            parent = stage;
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is not worth failing a test run for.
        }
    }

    private async Task<(string Workdir, Dictionary<string, string> Environment)> RunStageAsync(
        DockerStage stage, string workdir, Dictionary<string, string> environment, CancellationToken cancellationToken)
    {
        foreach (var instruction in stage.Instructions)
        {
            switch (instruction.Keyword)
            {
                case "WORKDIR":
                    workdir = ImagePath(workdir, instruction.Arguments);
                    Directory.CreateDirectory(HostPath(workdir));
                    break;
                case "ENV":
                    foreach (var (key, value) in ParseEnv(instruction))
                    {
                        environment[key] = value;
                    }

                    break;
                case "COPY":
                    Copy(DockerCopy.Parse(instruction), workdir, instruction);
                    break;
                case "RUN":
                    await RunAsync(instruction, workdir, environment, cancellationToken);
                    break;
                case "ARG" or "LABEL" or "EXPOSE" or "USER" or "ENTRYPOINT" or "CMD":
                    break;
                default:
                    throw new NotSupportedException($"Dockerfile {instruction}: not supported by the test's build");
            }
        }

        return (workdir, environment);
    }

    private void Copy(DockerCopy copy, string workdir, DockerInstruction instruction)
    {
        if (copy.FromStage is not null)
        {
            throw new NotSupportedException($"Dockerfile {instruction}: COPY --from belongs in the image stages, which the test does not build");
        }

        var destination = ImagePath(workdir, copy.Destination);
        var intoFolder = copy.Destination.EndsWith('/') || copy.Sources.Count > 1;
        foreach (var source in copy.Sources)
        {
            var relative = source.Trim('/');
            var full = Path.Combine(_context, relative);
            if (_ignore.IsExcluded(relative) || (!File.Exists(full) && !Directory.Exists(full)))
            {
                throw new InvalidDataException($"Dockerfile {instruction}: {source} is not in the build context");
            }

            if (File.Exists(full))
            {
                var target = intoFolder ? Path.Combine(HostPath(destination), Path.GetFileName(full)) : HostPath(destination);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(full, target, overwrite: true);
                continue;
            }

            // A folder's contents, not the folder itself, as Docker copies them.
            foreach (var file in Directory.EnumerateFiles(full, "*", SearchOption.AllDirectories))
            {
                var contextPath = Path.GetRelativePath(_context, file).Replace('\\', '/');
                if (_ignore.IsExcluded(contextPath))
                {
                    continue;
                }

                var target = Path.Combine(HostPath(destination), Path.GetRelativePath(full, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target, overwrite: true);
            }
        }
    }

    private async Task RunAsync(DockerInstruction instruction, string workdir, Dictionary<string, string> environment, CancellationToken cancellationToken)
    {
        var arguments = instruction.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (arguments.Length < 2 || arguments[0] != "dotnet" || arguments.Any(a => a.IndexOfAny(['&', '|', ';', '>', '<', '$', '`', '"', '\'']) >= 0))
        {
            throw new NotSupportedException($"Dockerfile {instruction}: a build stage's RUN must be one plain dotnet command");
        }

        // nice: the publish shares this machine's cores with the other test projects, whose timings matter more.
        var start = new ProcessStartInfo(File.Exists("/usr/bin/nice") ? "/usr/bin/nice" : "dotnet")
        {
            WorkingDirectory = HostPath(workdir),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (start.FileName != "dotnet")
        {
            start.ArgumentList.Add("-n");
            start.ArgumentList.Add("10");
            start.ArgumentList.Add("dotnet");
        }

        foreach (var argument in arguments.Skip(1))
        {
            start.ArgumentList.Add(argument.StartsWith('/') ? HostPath(argument) : argument);
        }

        start.Environment.Clear();
        foreach (var (key, value) in Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>().Select(e => ((string)e.Key, (string?)e.Value)))
        {
            if (value is not null && (InheritedNames.Contains(key) || InheritedPrefixes.Any(p => key.StartsWith(p, StringComparison.Ordinal))))
            {
                start.Environment[key] = value;
            }
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        // No build servers outliving the test (the MSBuild node, the shared compiler): they would hold the temporary
        // folder and spend this machine's cores after the test has ended.
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["UseSharedCompilation"] = "false";

        Log.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"$ {instruction.Arguments}");
        using var process = new Process { StartInfo = start };
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        lock (output)
        {
            Log.Append(output);
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"Dockerfile {instruction} exited with {process.ExitCode}:\n{Tail(Log.ToString())}");
        }
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string Tail(string text) => text.Length <= 6000 ? text : text[^6000..];

    private static string ImagePath(string workdir, string path) =>
        path.StartsWith('/') ? path : (workdir.TrimEnd('/') + "/" + path).Replace("/./", "/", StringComparison.Ordinal);

    private static IEnumerable<(string Key, string Value)> ParseEnv(DockerInstruction instruction)
    {
        var parts = instruction.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length > 0 && !parts[0].Contains('=', StringComparison.Ordinal))
        {
            // The legacy form: ENV KEY value with spaces.
            yield return (parts[0], string.Join(' ', parts.Skip(1)));
            yield break;
        }

        foreach (var part in parts)
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new NotSupportedException($"Dockerfile {instruction}: expected KEY=value pairs");
            }

            yield return (part[..equals], part[(equals + 1)..].Trim('"'));
        }
    }
}
