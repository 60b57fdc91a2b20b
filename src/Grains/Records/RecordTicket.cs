namespace CustomerService.Grains.Records;

/// <summary>The rows of one hand-over to the queue; completes when the store has confirmed every one of them.</summary>
internal sealed class RecordTicket(int rows)
{
    private readonly TaskCompletionSource _confirmed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _left = rows;

    public Task Confirmed => _confirmed.Task;

    public void ConfirmOne()
    {
        if (Interlocked.Decrement(ref _left) == 0)
        {
            _confirmed.TrySetResult();
        }
    }

    public static RecordTicket Empty()
    {
        var ticket = new RecordTicket(0);
        ticket._confirmed.TrySetResult();
        return ticket;
    }
}
