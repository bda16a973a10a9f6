using Sandbox.Core.Spaces;

namespace Sandbox.Core.Tests.Spaces;

public sealed class SpaceTests
{
    [Fact]
    public void A_box_needs_non_empty_bounds_of_equal_length()
    {
        Assert.Throws<ArgumentException>(() => new BoxSpace([], []));
        Assert.Throws<ArgumentException>(() => new BoxSpace([0f, 0f], [1f]));
        Assert.Equal(2, new BoxSpace([0f, 0f], [1f, 1f]).FlatSize);
    }

    [Fact]
    public void A_uniform_box_repeats_its_bounds()
    {
        var box = BoxSpace.Uniform(3, -2f, 2f);
        Assert.Equal([-2f, -2f, -2f], box.Low);
        Assert.Equal([2f, 2f, 2f], box.High);
    }

    [Fact]
    public void A_box_is_bounded_only_when_every_bound_is_finite()
    {
        Assert.True(new BoxSpace([-1f, -2f], [1f, 2f]).IsBounded);
        Assert.False(new BoxSpace([-1f, float.NegativeInfinity], [1f, 2f]).IsBounded);
        Assert.False(new BoxSpace([-1f, -2f], [float.PositiveInfinity, 2f]).IsBounded);
    }

    [Fact]
    public void Descriptions_follow_gymnasium_notation()
    {
        Assert.Equal("Box(-1, 1, (4,))", BoxSpace.Uniform(4, -1f, 1f).Describe());
        Assert.Equal("Box(-inf, inf, (2,))", BoxSpace.Uniform(2, float.NegativeInfinity, float.PositiveInfinity).Describe());
        Assert.Equal("Box([-1, 0.5], [1, 2.25], (2,))", new BoxSpace([-1f, 0.5f], [1f, 2.25f]).Describe());
        Assert.Equal("Discrete(3)", new DiscreteSpace(3).Describe());
    }

    [Fact]
    public void Boxes_are_equal_by_their_bounds_and_compatible_by_their_size()
    {
        var a = new BoxSpace([-1f, 0f], [1f, 2f]);
        Assert.Equal(a, new BoxSpace([-1f, 0f], [1f, 2f]));
        Assert.Equal(a.GetHashCode(), new BoxSpace([-1f, 0f], [1f, 2f]).GetHashCode());
        Assert.NotEqual(a, new BoxSpace([-1f, 0f], [1f, 3f]));
        Assert.True(a.IsCompatibleWith(BoxSpace.Uniform(2, -9f, 9f)));
        Assert.False(a.IsCompatibleWith(BoxSpace.Uniform(3, -1f, 1f)));
        Assert.False(a.IsCompatibleWith(new DiscreteSpace(2)));
    }

    [Fact]
    public void Discrete_spaces_are_compatible_only_with_the_same_count()
    {
        var two = new DiscreteSpace(2);
        Assert.Equal(1, two.FlatSize);
        Assert.True(two.IsCompatibleWith(new DiscreteSpace(2)));
        Assert.False(two.IsCompatibleWith(new DiscreteSpace(3)));
        Assert.False(two.IsCompatibleWith(BoxSpace.Uniform(1, 0f, 1f)));
    }
}
