using System.Globalization;

namespace Sandbox.Cluster.Placement;

/// <summary>Grain keys that name the silo a grain must live on: <c>ADDRESS</c> for a silo's front desk, <c>ADDRESS/SLOT</c> for a worker.</summary>
public static class GrainKeys
{
    /// <summary>The key of worker <paramref name="slot"/> on <paramref name="silo"/>.</summary>
    public static string Worker(SiloAddress silo, int slot) => silo.ToParsableString() + "/" + slot.ToString(CultureInfo.InvariantCulture);

    /// <summary>The key of a silo's front desk.</summary>
    public static string Silo(SiloAddress silo) => silo.ToParsableString();

    /// <summary>The silo part of a key.</summary>
    public static string SiloOf(string key) => key.LastIndexOf('/') is int slash and >= 0 ? key[..slash] : key;

    /// <summary>The slot of a worker key (-1 for a front desk).</summary>
    public static int SlotOf(string key) =>
        key.LastIndexOf('/') is int slash and >= 0 && int.TryParse(key.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int slot) ? slot : -1;
}
