using System.Globalization;
using Sandbox.Core.Environments;
using Sandbox.Core.Rendering;
using Sandbox.Evolution.Control;

namespace Sandbox.Cli.Rendering;

/// <summary>Writes lane 0 of a rollout as numbered PNG frames (<c>frame-000000.png</c>, ...).</summary>
public sealed class FrameRecorder : IRolloutObserver, IDisposable
{
    private readonly string _directory;
    private readonly Frame _frame = new();
    private readonly FrameRasterizer _rasterizer;
    private bool _finished;

    /// <summary>Records into <paramref name="directory"/> (created if needed).</summary>
    public FrameRecorder(string directory)
    {
        _directory = directory;
        Directory.CreateDirectory(directory);
        _rasterizer = new FrameRasterizer(_frame.Width, _frame.Height);
    }

    /// <summary>Frames written.</summary>
    public int Count { get; private set; }

    /// <summary>The file name pattern ffmpeg reads.</summary>
    public string Pattern => Path.Combine(_directory, "frame-%06d.png");

    /// <inheritdoc />
    public void Observe(IVectorEnvironment environment, int step)
    {
        if (_finished)
        {
            return;
        }
        if (environment is not IRenderableEnvironment renderable)
        {
            throw new InvalidOperationException($"{environment.Spec.Id} cannot be rendered");
        }
        renderable.Render(0, _frame);
        File.WriteAllBytes(Path.Combine(_directory, $"frame-{Count.ToString("D6", CultureInfo.InvariantCulture)}.png"), _rasterizer.ToPng(_frame));
        Count++;
        // The first lane's episode is over: stop drawing (other lanes may still run).
        _finished = step > 0 && (environment.Terminated[0] || environment.Truncated[0]);
    }

    /// <inheritdoc />
    public void Dispose() => _rasterizer.Dispose();
}
