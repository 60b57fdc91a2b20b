using System.Text;

namespace CustomerService.IngressApi.Http;

/// <summary>
/// Reads a request body up to a limit, whatever the server in front does: a declared Content-Length above the
/// limit is refused before reading, and a chunked body is refused as soon as it grows past the limit.
/// </summary>
public static class BoundedBody
{
    /// <summary>Returns the body as UTF-8 text, or null when it is larger than <paramref name="maxBytes"/>.</summary>
    public static async Task<string?> ReadUtf8Async(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > maxBytes)
        {
            return null;
        }

        var buffer = new byte[Math.Min(maxBytes + 1, (int)(request.ContentLength ?? 4096) + 1)];
        var total = 0;
        while (true)
        {
            if (total == buffer.Length)
            {
                if (buffer.Length > maxBytes)
                {
                    return null;
                }

                Array.Resize(ref buffer, Math.Min(maxBytes + 1, buffer.Length * 2));
            }

            var read = await request.Body.ReadAsync(buffer.AsMemory(total), cancellationToken);
            if (read == 0)
            {
                break;
            }

            total += read;
            if (total > maxBytes)
            {
                return null;
            }
        }

        // WeChat sends UTF-8 without a BOM; a BOM, if any, is stripped by the XML reader's tolerance.
        return Encoding.UTF8.GetString(buffer, 0, total);
    }
}
