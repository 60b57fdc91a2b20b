using k8s.Models;

namespace CustomerService.Deployment.Tests.Manifests;

/// <summary>Kubernetes' label-selector semantics, for matching selectors against pod template labels.</summary>
public static class LabelSelectors
{
    /// <summary>Whether a LabelSelector selects these labels. An empty selector selects everything; null selects nothing.</summary>
    public static bool Matches(V1LabelSelector? selector, IDictionary<string, string>? labels)
    {
        if (selector is null)
        {
            return false;
        }

        labels ??= new Dictionary<string, string>();
        foreach (var (key, value) in selector.MatchLabels ?? new Dictionary<string, string>())
        {
            if (!labels.TryGetValue(key, out var actual) || actual != value)
            {
                return false;
            }
        }

        foreach (var requirement in selector.MatchExpressions ?? [])
        {
            var has = labels.TryGetValue(requirement.Key, out var actual);
            var values = requirement.Values ?? [];
            var matches = requirement.OperatorProperty switch
            {
                "In" => has && values.Contains(actual!),
                "NotIn" => !has || !values.Contains(actual!),
                "Exists" => has,
                "DoesNotExist" => !has,
                _ => false,
            };
            if (!matches)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether a Service's selector (equality on every key) selects these labels. An empty one selects no pod.</summary>
    public static bool Matches(IDictionary<string, string>? serviceSelector, IDictionary<string, string>? labels) =>
        serviceSelector is { Count: > 0 } && Matches(new V1LabelSelector { MatchLabels = serviceSelector }, labels);

    /// <summary>Whether a selector is empty, and so selects every pod of its namespace.</summary>
    public static bool IsEmpty(V1LabelSelector? selector) =>
        selector is not null && (selector.MatchLabels?.Count ?? 0) == 0 && (selector.MatchExpressions?.Count ?? 0) == 0;
}
