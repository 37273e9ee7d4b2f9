using System.Collections.Concurrent;

namespace Barge.Bench;

/// <summary>What the soak expects of one object once everything is answered.</summary>
public enum Expected { Present, Gone, Unknown }

/// <summary>
/// What the soak's clients were told, kept so that the end can check the store against it: every object an answer
/// acknowledged and did not later remove must be there, every removed one must be gone. Each worker owns its own ids,
/// so one object's entries are never written by two workers at once. An object whose fate an unanswered request left
/// open is <see cref="Expected.Unknown"/> and not checked (the unanswered request is itself counted as a failure).
/// </summary>
public sealed class SoakLedger
{
    private readonly ConcurrentDictionary<Guid, Expected> _objects = new();
    private readonly List<long> _stable = [];

    public void Set(Guid id, Expected state) => _objects[id] = state;

    public IReadOnlyDictionary<Guid, Expected> Objects => _objects;

    /// <summary>Article numbers that stay for good once acknowledged: readers pick from these.</summary>
    public void AddStable(IEnumerable<long> numbers)
    {
        lock (_stable) _stable.AddRange(numbers);
    }

    public int StableCount
    {
        get { lock (_stable) return _stable.Count; }
    }

    public long? RandomStable(Random rng)
    {
        lock (_stable) return _stable.Count == 0 ? null : _stable[rng.Next(_stable.Count)];
    }

    public List<long> StableSnapshot()
    {
        lock (_stable) return [.. _stable];
    }
}

/// <summary>
/// Every answer the soak got, by operation and outcome ("2xx", "4xx 422", "5xx 500", "gRPC OK", "no answer", …), and the
/// first few answers that broke a promise (a 5xx, a wrong body, an acknowledged object missing).
/// </summary>
public sealed class SoakTally
{
    private readonly ConcurrentDictionary<(string Op, string Outcome), int> _counts = new();
    private readonly ConcurrentQueue<string> _violations = new();
    private int _violationCount;

    public void Count(string op, string outcome) => _counts.AddOrUpdate((op, outcome), 1, (_, n) => n + 1);

    public void Violation(string what)
    {
        if (Interlocked.Increment(ref _violationCount) <= 20) _violations.Enqueue(what);
    }

    public int ViolationCount => Volatile.Read(ref _violationCount);
    public IEnumerable<string> FirstViolations => _violations;
    public IReadOnlyDictionary<(string Op, string Outcome), int> Counts => _counts;

    /// <summary>HTTP 5xx and the gRPC codes that mean the server broke (INTERNAL, UNKNOWN, …), and requests left unanswered.</summary>
    public static bool IsServerFailure(string outcome) =>
        outcome.StartsWith("5xx", StringComparison.Ordinal) || outcome == "no answer" ||
        outcome is "gRPC Internal" or "gRPC Unknown" or "gRPC Unavailable" or "gRPC DeadlineExceeded" or "gRPC DataLoss";
}
