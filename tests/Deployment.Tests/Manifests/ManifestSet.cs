using System.Text.RegularExpressions;
using k8s;
using k8s.Models;
using YamlDotNet.Core;

namespace CustomerService.Deployment.Tests.Manifests;

/// <summary>
/// Every object of a set of manifest files, loaded with KubernetesClient's YAML loader in strict mode: the lenient
/// default silently drops a misspelt field (a <c>readinesProbe</c> would vanish and the pod run without one), and the
/// API server would reject it. A file that does not load throws <see cref="InvalidDataException"/> naming the file.
/// </summary>
public sealed partial class ManifestSet
{
    private ManifestSet(IReadOnlyList<LoadedManifest> items) => Items = items;

    public IReadOnlyList<LoadedManifest> Items { get; }

    /// <summary>The Deployments and StatefulSets, with their pod templates.</summary>
    public IReadOnlyList<PodWorkload> Workloads => [.. Items.Select(PodWorkload.From).OfType<PodWorkload>()];

    /// <summary>The repository's <c>k8s/*.yaml</c>.</summary>
    public static ManifestSet LoadRepository() => Load(RepositoryFiles());

    /// <summary>
    /// The repository's manifests with one edit: <paramref name="original"/>, which must occur exactly once in
    /// <paramref name="file"/>, replaced by <paramref name="replacement"/>. Negative tests break the real manifests
    /// this way, so that each check is shown to catch a regression in the files it guards.
    /// </summary>
    public static ManifestSet LoadRepositoryWith(string file, string original, string replacement) =>
        Load(RepositoryFiles().Select(f => f.File == file ? (f.File, ReplaceOnce(f.File, f.Yaml, original, replacement)) : f));

    public static ManifestSet Load(params (string File, string Yaml)[] files) => Load(files.AsEnumerable());

    public static ManifestSet Load(IEnumerable<(string File, string Yaml)> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var items = new List<LoadedManifest>();
        foreach (var (file, yaml) in files)
        {
            items.AddRange(LoadFile(file, yaml));
        }

        var duplicate = items.GroupBy(i => (i.Kind, i.Namespace, i.Name)).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidDataException($"{duplicate.Key.Kind} {duplicate.Key.Name} is defined twice: {string.Join(", ", duplicate.Select(d => d.File))}.");
        }

        return new ManifestSet(items);
    }

    public IEnumerable<T> OfType<T>() => Items.Select(i => i.Manifest).OfType<T>();

    /// <summary>The file an object came from, for messages.</summary>
    public string FileOf(IKubernetesObject<V1ObjectMeta> manifest) => Items.First(i => ReferenceEquals(i.Manifest, manifest)).File;

    private static IEnumerable<(string File, string Yaml)> RepositoryFiles() =>
        Directory.GetFiles(RepositoryRoot.ManifestDirectory, "*.yaml")
            .Concat(Directory.GetFiles(RepositoryRoot.ManifestDirectory, "*.yml"))
            .Order(StringComparer.Ordinal)
            .Select(path => (Path.GetFileName(path), File.ReadAllText(path)));

    private static string ReplaceOnce(string file, string yaml, string original, string replacement)
    {
        var first = yaml.IndexOf(original, StringComparison.Ordinal);
        if (first < 0 || yaml.IndexOf(original, first + 1, StringComparison.Ordinal) >= 0)
        {
            throw new InvalidOperationException($"The test's edit needs exactly one \"{original}\" in {file}.");
        }

        return string.Concat(yaml.AsSpan(0, first), replacement, yaml.AsSpan(first + original.Length));
    }

    private static List<LoadedManifest> LoadFile(string file, string yaml)
    {
        // An empty document (two separators in a row, a trailing separator, or only comments between them) is a
        // leftover of an edit; the loader would fail on it without saying where, so name it here.
        var documents = DocumentSeparator().Split(yaml.ReplaceLineEndings("\n"));
        for (var i = 0; i < documents.Length; i++)
        {
            if (!documents[i].Split('\n').Any(IsContent))
            {
                throw new InvalidDataException($"{file}: document {i + 1} of {documents.Length} is empty.");
            }
        }

        List<object> objects;
        try
        {
            objects = KubernetesYaml.LoadAllFromString(yaml, strict: true);
        }
        catch (YamlException e)
        {
            throw new InvalidDataException($"{file}: {e.Message} {e.InnerException?.Message}".TrimEnd(), e);
        }
        catch (KeyNotFoundException e)
        {
            // The loader's lookup of an apiVersion/kind it does not know, or of a document without one.
            throw new InvalidDataException($"{file}: unknown or missing apiVersion/kind ({e.Message})", e);
        }

        if (objects.Count != documents.Length)
        {
            throw new InvalidDataException($"{file}: {documents.Length} documents but {objects.Count} objects loaded.");
        }

        var loaded = new List<LoadedManifest>();
        foreach (var item in objects)
        {
            if (item is not IKubernetesObject<V1ObjectMeta> manifest || string.IsNullOrEmpty(manifest.Metadata?.Name))
            {
                throw new InvalidDataException($"{file}: a {item?.GetType().Name ?? "null"} object without metadata.name.");
            }

            loaded.Add(new LoadedManifest(file, manifest));
        }

        return loaded;
    }

    private static bool IsContent(string line)
    {
        var text = line.Trim();
        return text.Length > 0 && !text.StartsWith('#') && text != "...";
    }

    [GeneratedRegex(@"^---[ \t]*(?:#.*)?$", RegexOptions.Multiline)]
    private static partial Regex DocumentSeparator();
}
