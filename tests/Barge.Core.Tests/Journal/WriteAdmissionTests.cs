using Barge.Core.Errors;
using Barge.Core.Journal;

namespace Barge.Core.Tests.Journal;

/// <summary>The bound on queued work: what it admits, what it refuses and how long it tells a refused caller to wait.</summary>
public sealed class WriteAdmissionTests
{
    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static WriteAdmission Admission(long objects, long bytes, TimeProvider? clock = null) =>
        new(new WriteQueueLimits(objects, bytes, "OBJECTS_SETTING", "BYTES_SETTING"), new IngestMeter(clock ?? TimeProvider.System));

    [Fact]
    public void Work_is_admitted_up_to_the_bound_and_refused_past_it_naming_the_setting()
    {
        var objects = Admission(objects: 100, bytes: 1000).Objects;
        using var first = objects.Admit(60);
        using var second = objects.Admit(40);
        var refused = Assert.Throws<OverloadedException>(() => objects.Admit(1));
        Assert.Contains("OBJECTS_SETTING", refused.Message, StringComparison.Ordinal);
        Assert.Contains("100 objects are queued", refused.Message, StringComparison.Ordinal);
        Assert.True(refused.RetryAfter >= TimeSpan.FromSeconds(1));
        Assert.Equal(100, objects.Queued); // the refused one holds nothing
    }

    [Fact]
    public void Releasing_makes_room_once_however_often_it_is_disposed()
    {
        var objects = Admission(objects: 100, bytes: 1000).Objects;
        var first = objects.Admit(100);
        first.Dispose();
        first.Dispose();
        Assert.Equal(0, objects.Queued);
        using var again = objects.Admit(100);
        Assert.Equal(100, objects.Queued);
    }

    [Fact]
    public void A_request_larger_than_the_bound_passes_alone_but_not_beside_others()
    {
        var bytes = Admission(objects: 100, bytes: 1000).Bytes;
        using (bytes.Admit(5000)) Assert.Equal(5000, bytes.Queued);
        using var small = bytes.Admit(10);
        Assert.Throws<OverloadedException>(() => bytes.Admit(5000));
        Assert.Equal(10, bytes.Queued);
    }

    [Fact]
    public void A_growing_admission_is_refused_once_it_passes_the_bound_beside_others_and_keeps_what_it_held()
    {
        var bytes = Admission(objects: 100, bytes: 1000).Bytes;
        using var other = bytes.Admit(400);
        using var body = bytes.Admit(0);
        body.Grow(500);
        Assert.Throws<OverloadedException>(() => body.Grow(200));
        Assert.Equal(900, bytes.Queued);
        body.Dispose();
        Assert.Equal(400, bytes.Queued);
    }

    [Fact]
    public void The_wait_is_the_time_to_drain_the_queue_at_the_recent_commit_rate()
    {
        var clock = new ManualClock(DateTimeOffset.FromUnixTimeSeconds(1_000_000));
        var meter = new IngestMeter(clock);
        var admission = new WriteAdmission(new WriteQueueLimits(10_000, 1000, "O", "B"), meter);
        Assert.Equal(TimeSpan.FromSeconds(1), admission.RetryAfter()); // nothing committed lately: the shortest wait
        meter.Committed(IngestMeter.WindowSeconds * 100);
        clock.Now = clock.Now.AddSeconds(1);
        using var queued = admission.Objects.Admit(500);
        Assert.Equal(TimeSpan.FromSeconds(5), admission.RetryAfter());
        using var more = admission.Objects.Admit(9_500);
        Assert.Equal(TimeSpan.FromSeconds(60), admission.RetryAfter()); // capped: a caller should not give up
    }
}
