namespace CustomerService.Channels;

/// <summary>Marker for the protocol assembly.</summary>
public static class ChannelsAssembly
{
}
