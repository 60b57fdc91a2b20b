namespace CustomerService.Grains.Hosting;

/// <summary>
/// Provider names shared by the grains (in <c>[PersistentState]</c>) and the silo (when it registers the providers),
/// so that the two can never drift apart.
/// </summary>
public static class StorageNames
{
    /// <summary>The grain storage provider holding conversation state.</summary>
    public const string GrainState = "conversations";

    /// <summary>
    /// The conversation grain's state name (its <c>[PersistentState]</c>), which the ADO.NET provider stores as the
    /// row's grain type: the retention purge finds conversation states by it.
    /// </summary>
    public const string ConversationState = "conversation";
}
