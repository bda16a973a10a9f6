using Sandbox.Supervised.Tracks;

namespace Sandbox.Supervised.Tests.Tracks;

public sealed class SweepTests
{
    public static TheoryData<string, string, string, string> Sweeps()
    {
        var data = new TheoryData<string, string, string, string>();
        foreach (var track in TrackRegistry.All)
        {
            foreach (string sweep in track.Sweeps)
            {
                foreach (string preset in new[] { "cpu", "paper" })
                {
                    foreach (string dataset in new[] { "mnist", "fashion-mnist", "cifar10" })
                    {
                        data.Add(track.Name, sweep, preset, dataset);
                    }
                }
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Sweeps))]
    public void Every_run_of_every_sweep_is_a_valid_configuration_of_its_preset(string trackName, string sweep, string preset, string dataset)
    {
        var track = TrackRegistry.Get(trackName);
        var defaults = track.Defaults(preset, dataset);
        Assert.Empty(track.Validate(defaults));
        var rows = track.Sweep(defaults, sweep);
        Assert.NotEmpty(rows);
        foreach (var row in rows)
        {
            Assert.NotEmpty(row.Runs);
            Assert.Equal(row.Runs.Count, row.Runs.Select(r => r.Seed).Distinct().Count());
            foreach (var config in row.Runs)
            {
                Assert.Empty(track.Validate(config));
                Assert.Equal(dataset, config.Dataset);
                // A sweep may shorten a run to keep the comparison within its budget, never lengthen it.
                Assert.InRange(config.Epochs, 1, defaults.Epochs);
            }
        }
    }

    [Fact]
    public void The_hybrid_es_cpu_comparison_has_the_papers_rows_and_the_control_with_three_seeds_each()
    {
        var track = TrackRegistry.Get("hybrid-es");
        var rows = track.Sweep(track.Defaults("cpu", "mnist"), "r");
        Assert.Equal(["BGD reference", "H-ES r=2", "H-ES r=3", "H-ES r=4", "control: reuse gradient r=2"], rows.Select(r => r.Method));
        Assert.All(rows, r => Assert.Equal(3, r.Runs.Count));
        Assert.Equal([1, 2, 3, 4, 2], rows.Select(r => r.Method.StartsWith("BGD") ? 1 : r.Runs[0].Interval));
    }
}
