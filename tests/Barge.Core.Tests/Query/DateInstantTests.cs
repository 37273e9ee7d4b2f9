using Barge.Core.Query.Aggregation;

namespace Barge.Core.Tests.Query;

public class DateInstantTests
{
    [Fact]
    public void Offsets_and_nanoseconds_are_kept_and_formatting_is_utc_rfc3339_nano()
    {
        Assert.True(DateInstant.TryParse("2023-12-31T23:00:00-01:00", out var a));
        Assert.True(DateInstant.TryParse("2024-01-01T00:00:00Z", out var b));
        Assert.Equal(a, b);
        Assert.True(DateInstant.TryParse("2024-01-01T00:00:00.000000001Z", out var c));
        Assert.Equal(b + 1, c);
        Assert.Equal("2024-01-01T00:00:00.000000001Z", DateInstant.Format(c));
        Assert.Equal("1969-12-31T23:59:59.5Z", DateInstant.Format(-500_000_000));
        Assert.False(DateInstant.TryParse("yesterday", out _));
    }
}
