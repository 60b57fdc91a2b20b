using System.Text.RegularExpressions;
using CustomerService.Deployment.Tests.Manifests;
using k8s.Models;

namespace CustomerService.Deployment.Tests.Checks;

/// <summary>
/// No secret value is committed: no Secret object carries data, every variable whose name looks secret comes from a
/// Secret key (<c>secretKeyRef</c>), no ConfigMap holds a secret-looking key, and no literal holds a password.
/// </summary>
public static partial class SecretChecks
{
    public static IReadOnlyList<string> Check(ManifestSet manifests)
    {
        ArgumentNullException.ThrowIfNull(manifests);
        var problems = new List<string>();
        foreach (var secret in manifests.OfType<V1Secret>())
        {
            if ((secret.Data?.Count ?? 0) > 0 || (secret.StringData?.Count ?? 0) > 0)
            {
                problems.Add($"Secret {secret.Metadata.Name}: committed values; reference Secrets by name and create them outside the repository");
            }
        }

        foreach (var workload in manifests.Workloads)
        {
            foreach (var container in workload.AllContainers)
            {
                var where = $"{workload} container {container.Name}";
                if ((container.EnvFrom ?? []).Any(e => e.SecretRef is not null))
                {
                    problems.Add($"{where}: envFrom a whole Secret; name each variable with secretKeyRef");
                }

                foreach (var variable in container.Env ?? [])
                {
                    if (LooksSecret(variable.Name) && variable.ValueFrom?.SecretKeyRef is null)
                    {
                        problems.Add($"{where}: {variable.Name} looks secret but does not come from a secretKeyRef");
                    }

                    if (variable.Value is { } value && HoldsPassword(value))
                    {
                        problems.Add($"{where}: {variable.Name} has a password in its value");
                    }
                }
            }
        }

        foreach (var configMap in manifests.OfType<V1ConfigMap>())
        {
            foreach (var (key, value) in configMap.Data ?? new Dictionary<string, string>())
            {
                if (LooksSecret(key))
                {
                    problems.Add($"ConfigMap {configMap.Metadata.Name}: {key} looks secret; put it in a Secret");
                }

                if (HoldsPassword(value))
                {
                    problems.Add($"ConfigMap {configMap.Metadata.Name}: {key} has a password in its value");
                }
            }
        }

        return problems;
    }

    /// <summary>
    /// Every Secret key a container reads is listed in the README's Secrets table, on one line with the variable it
    /// sets, so that an operator knows what to create: <c>`secret`</c>, <c>`key`</c> and <c>`Variable`</c>.
    /// </summary>
    public static IReadOnlyList<string> Unlisted(ManifestSet manifests, string readme)
    {
        ArgumentNullException.ThrowIfNull(manifests);
        ArgumentNullException.ThrowIfNull(readme);
        var lines = readme.ReplaceLineEndings("\n").Split('\n');
        var references = manifests.Workloads
            .SelectMany(w => w.AllContainers)
            .SelectMany(c => c.Env ?? [])
            .Where(e => e.ValueFrom?.SecretKeyRef is not null)
            .Select(e => (Secret: e.ValueFrom.SecretKeyRef.Name, e.ValueFrom.SecretKeyRef.Key, Variable: e.Name))
            .Distinct()
            .OrderBy(r => r.Secret, StringComparer.Ordinal)
            .ThenBy(r => r.Key, StringComparer.Ordinal);
        return
        [
            .. from reference in references
               where !lines.Any(l => l.Contains($"`{reference.Secret}`", StringComparison.Ordinal)
                   && l.Contains($"`{reference.Key}`", StringComparison.Ordinal)
                   && l.Contains($"`{reference.Variable}`", StringComparison.Ordinal))
               select $"README.md does not list Secret {reference.Secret}, key {reference.Key}, as {reference.Variable}",
        ];
    }

    /// <summary>Whether a variable's name says it carries a credential or an account identity kept with them.</summary>
    public static bool LooksSecret(string name) => SecretName().IsMatch(name);

    private static bool HoldsPassword(string value) => PasswordInValue().IsMatch(value) || CredentialsInUrl().IsMatch(value);

    [GeneratedRegex(@"password|passwd|secret|token|api_?key|aes_?key|private_?key|credential|connectionstrings__|username|appid", RegexOptions.IgnoreCase)]
    private static partial Regex SecretName();

    // "Password=..." of a connection string, unless the value is a variable to expand ($VAR, $(VAR)).
    [GeneratedRegex(@"\bpassword\s*=\s*(?![""']?\$)[^;\s""']+", RegexOptions.IgnoreCase)]
    private static partial Regex PasswordInValue();

    // scheme://user:password@host
    [GeneratedRegex(@"[a-z][a-z0-9+.-]*://[^/\s:@]+:[^/\s@$]+@", RegexOptions.IgnoreCase)]
    private static partial Regex CredentialsInUrl();
}
