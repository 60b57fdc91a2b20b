using CustomerService.Deployment.Tests.Manifests;

namespace CustomerService.Deployment.Tests.Checks;

/// <summary>Every image is pinned: a digest, or a tag other than <c>latest</c>. An untagged image means latest.</summary>
public static class ImageChecks
{
    public static IReadOnlyList<string> Check(ManifestSet manifests)
    {
        ArgumentNullException.ThrowIfNull(manifests);
        var problems = new List<string>();
        foreach (var workload in manifests.Workloads)
        {
            foreach (var container in workload.AllContainers)
            {
                if (Unpinned(container.Image) is { } reason)
                {
                    problems.Add($"{workload} container {container.Name}: image '{container.Image}' {reason}");
                }
            }
        }

        return problems;
    }

    /// <summary>Why an image reference is not pinned, or null when it is.</summary>
    public static string? Unpinned(string? image)
    {
        if (string.IsNullOrWhiteSpace(image))
        {
            return "is missing";
        }

        if (image.Contains('$', StringComparison.Ordinal))
        {
            return "is not a literal reference";
        }

        if (image.Contains("@sha256:", StringComparison.Ordinal))
        {
            return null;
        }

        // The tag follows the last colon of the last path segment (a registry's port is in the first segment).
        var lastSegment = image[(image.LastIndexOf('/') + 1)..];
        var colon = lastSegment.LastIndexOf(':');
        if (colon < 0)
        {
            return "has no tag (so it means latest)";
        }

        var tag = lastSegment[(colon + 1)..];
        return tag.Length == 0 || string.Equals(tag, "latest", StringComparison.OrdinalIgnoreCase) ? "is tagged latest" : null;
    }
}
