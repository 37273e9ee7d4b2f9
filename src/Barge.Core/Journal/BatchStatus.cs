namespace Barge.Core.Journal;

/// <summary>The state of a journaled batch. <see cref="Running"/> rows left by a crash become <see cref="Failed"/> at start.</summary>
public enum BatchStatus { Running, Success, Partial, Failed }

public static class BatchStatusNames
{
    public static string Name(BatchStatus status) => status switch
    {
        BatchStatus.Running => "running",
        BatchStatus.Success => "success",
        BatchStatus.Partial => "partial",
        _ => "failed",
    };

    public static BatchStatus? Parse(string? text) => text switch
    {
        "running" => BatchStatus.Running,
        "success" => BatchStatus.Success,
        "partial" => BatchStatus.Partial,
        "failed" => BatchStatus.Failed,
        _ => null,
    };
}
