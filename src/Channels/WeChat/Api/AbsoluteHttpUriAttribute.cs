using System.ComponentModel.DataAnnotations;

namespace CustomerService.Channels.WeChat.Api;

/// <summary>Requires an absolute <c>http</c> or <c>https</c> <see cref="Uri"/> (null passes; pair with <see cref="RequiredAttribute"/>).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter)]
public sealed class AbsoluteHttpUriAttribute : ValidationAttribute
{
    /// <summary>Creates the attribute with its default message.</summary>
    public AbsoluteHttpUriAttribute()
        : base("The {0} field must be an absolute http or https URL.")
    {
    }

    /// <inheritdoc />
    public override bool IsValid(object? value) => value switch
    {
        null => true,
        Uri uri => uri.IsAbsoluteUri && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp),
        _ => false,
    };
}
