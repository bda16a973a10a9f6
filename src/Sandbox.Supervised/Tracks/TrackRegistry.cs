using Sandbox.Supervised.Tracks.EdgePopup;
using Sandbox.Supervised.Tracks.HybridEs;
using Sandbox.Supervised.Tracks.RandomBases;
using Sandbox.Supervised.Tracks.Rso;

namespace Sandbox.Supervised.Tracks;

/// <summary>The supervised tracks by name; tracks of later issues (RSO, random bases) are added here.</summary>
public static class TrackRegistry
{
    /// <summary>Every track, in listing order.</summary>
    public static IReadOnlyList<ITrack> All { get; } = [new EdgePopupTrack(), new HybridEsTrack(), new RandomBasesTrack(), new RsoTrack()];

    /// <summary>The track called <paramref name="name"/>; an unknown name is a <see cref="TrackConfigException"/> listing the known ones.</summary>
    public static ITrack Get(string name) =>
        All.FirstOrDefault(t => t.Name == name)
        ?? throw new TrackConfigException($"unknown track '{name}': known tracks are {string.Join(", ", All.Select(t => t.Name))}");
}
