using k8s.Models;

namespace CustomerService.Deployment.Tests.Manifests;

/// <summary>Resolves a container's environment as the kubelet does: <c>envFrom</c> sources in order, then <c>env</c>.</summary>
public static class ContainerEnvironment
{
    public static IReadOnlyDictionary<string, EnvironmentValue> Resolve(ManifestSet manifests, string? namespaceName, V1Container container)
    {
        ArgumentNullException.ThrowIfNull(manifests);
        ArgumentNullException.ThrowIfNull(container);
        var variables = new Dictionary<string, EnvironmentValue>(StringComparer.Ordinal);
        foreach (var source in container.EnvFrom ?? [])
        {
            if (source.ConfigMapRef is { } configMapRef)
            {
                foreach (var (key, value) in FindConfigMap(manifests, namespaceName, configMapRef.Name)?.Data ?? new Dictionary<string, string>())
                {
                    var name = (source.Prefix ?? "") + key;
                    variables[name] = new EnvironmentValue(name, $"ConfigMap {configMapRef.Name}") { Literal = value };
                }
            }
            else if (source.SecretRef is { } secretRef)
            {
                var name = $"{source.Prefix}*";
                variables[name] = new EnvironmentValue(name, $"Secret {secretRef.Name} (envFrom)") { FromWholeSecret = true };
            }
        }

        foreach (var variable in container.Env ?? [])
        {
            var from = variable.ValueFrom;
            variables[variable.Name] = from switch
            {
                null => new EnvironmentValue(variable.Name, "env") { Literal = variable.Value ?? "" },
                { SecretKeyRef: { } secret } => new EnvironmentValue(variable.Name, $"Secret {secret.Name}") { SecretKey = secret },
                { FieldRef: { } field } => new EnvironmentValue(variable.Name, "downward API") { FieldPath = field.FieldPath },
                { ConfigMapKeyRef: { } key } => new EnvironmentValue(variable.Name, $"ConfigMap {key.Name}")
                {
                    Literal = FindConfigMap(manifests, namespaceName, key.Name)?.Data is { } data && data.TryGetValue(key.Key, out var value) ? value : null,
                },
                _ => new EnvironmentValue(variable.Name, "valueFrom"),
            };
        }

        return variables;
    }

    private static V1ConfigMap? FindConfigMap(ManifestSet manifests, string? namespaceName, string name) =>
        manifests.OfType<V1ConfigMap>().FirstOrDefault(m => m.Metadata.Name == name && m.Metadata.NamespaceProperty == namespaceName);

    /// <summary>A variable's literal value, or null when it is unset or not a literal.</summary>
    public static string? LiteralOf(this IReadOnlyDictionary<string, EnvironmentValue> environment, string name) =>
        environment.TryGetValue(name, out var value) ? value.Literal : null;
}
