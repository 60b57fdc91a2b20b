using System.Net;

namespace CustomerService.IngressApi.Tests.Hosting;

/// <summary>
/// A body of unknown length, written in small pieces: HttpClient sends it with <c>Transfer-Encoding: chunked</c> and
/// no Content-Length, so the server can only find its size by reading it.
/// </summary>
public sealed class ChunkedContent(byte[] bytes, int chunkSize = 4096) : HttpContent
{
    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        for (var offset = 0; offset < bytes.Length; offset += chunkSize)
        {
            await stream.WriteAsync(bytes.AsMemory(offset, Math.Min(chunkSize, bytes.Length - offset)));
            await stream.FlushAsync();
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
