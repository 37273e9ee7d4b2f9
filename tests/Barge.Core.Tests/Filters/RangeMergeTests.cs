using Barge.Core.Filters;

namespace Barge.Core.Tests.Filters;

public sealed class RangeMergeTests
{
    private static IndexCondition Bound(string key, Comparison comparison, long value, bool singleValued = true) =>
        new("C", key, comparison, [value]) { SingleValued = singleValued };

    [Fact]
    public void Lower_and_upper_bound_on_one_single_valued_key_become_one_range_at_the_lower_bounds_place()
    {
        var other = Bound("m", Comparison.In, 3);
        FilterNode[] and = [Bound("n", Comparison.LessThan, 10), other, Bound("n", Comparison.GreaterThanEqual, 2)];

        var merged = RangeMerge.Operands(and);

        Assert.Equal(2, merged.Count);
        Assert.Same(other, merged[0]);
        var range = Assert.IsType<IndexCondition>(merged[1]);
        Assert.Equal(Comparison.GreaterThanEqual, range.Comparison);
        Assert.Equal(new ValueBound(Comparison.LessThan, 10L), range.Upper);
    }

    [Fact]
    public void Bounds_on_arrays_other_keys_or_of_one_side_stay_apart()
    {
        FilterNode[] arrays = [Bound("n", Comparison.GreaterThan, 1, singleValued: false), Bound("n", Comparison.LessThan, 5, singleValued: false)];
        FilterNode[] keys = [Bound("n", Comparison.GreaterThan, 1), Bound("m", Comparison.LessThan, 5)];
        FilterNode[] lowers = [Bound("n", Comparison.GreaterThan, 1), Bound("n", Comparison.GreaterThanEqual, 5)];

        Assert.Same(arrays, RangeMerge.Operands(arrays));
        Assert.Same(keys, RangeMerge.Operands(keys));
        Assert.Same(lowers, RangeMerge.Operands(lowers));
    }

    [Fact]
    public void Each_upper_bound_joins_at_most_one_lower_bound()
    {
        FilterNode[] and = [Bound("n", Comparison.GreaterThan, 1), Bound("n", Comparison.GreaterThan, 2), Bound("n", Comparison.LessThan, 9)];

        var merged = RangeMerge.Operands(and);

        Assert.Equal(2, merged.Count);
        Assert.Equal(new ValueBound(Comparison.LessThan, 9L), ((IndexCondition)merged[0]).Upper);
        Assert.Null(((IndexCondition)merged[1]).Upper);
    }

    [Fact]
    public void Validated_scalar_comparisons_are_single_valued_and_array_comparisons_are_not()
    {
        var cls = new Barge.Core.Schema.ClassDefinition
        {
            Name = "C",
            Properties = [new() { Name = "n", DataTypeNames = ["int"] }, new() { Name = "ns", DataTypeNames = ["int[]"] }],
        };
        var (_, scalar) = TestSchema.Validate("""{"operator":"GreaterThan","path":["n"],"valueInt":1}""", cls);
        var (_, array) = TestSchema.Validate("""{"operator":"GreaterThan","path":["ns"],"valueInt":1}""", cls);

        Assert.True(Assert.IsType<IndexCondition>(scalar).SingleValued);
        Assert.False(Assert.IsType<IndexCondition>(array).SingleValued);
    }
}
