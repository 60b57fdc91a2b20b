using System.ComponentModel.DataAnnotations;

namespace CustomerService.Grains.Hosting;

/// <summary>
/// Data-annotation validation of nested option objects, which <c>ValidateDataAnnotations()</c> does not descend
/// into. Failures name the full configuration path (for example <c>Conversations:RateLimit:Capacity</c>).
/// </summary>
public static class NestedOptionsValidation
{
    public static void Validate(object? instance, string path, ICollection<string> failures)
    {
        ArgumentNullException.ThrowIfNull(failures);
        if (instance is null)
        {
            failures.Add($"{path} is required.");
            return;
        }

        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(instance, new ValidationContext(instance), results, validateAllProperties: true))
        {
            foreach (var result in results)
            {
                var members = result.MemberNames.Any() ? string.Join(",", result.MemberNames) : "?";
                failures.Add($"{path}:{members}: {result.ErrorMessage}");
            }
        }
    }
}
