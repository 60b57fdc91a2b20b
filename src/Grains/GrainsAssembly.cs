namespace CustomerService.Grains;

internal static class GrainsAssembly
{
}
