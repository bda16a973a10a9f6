using Sandbox.Tests.Shared;

namespace Sandbox.Cli.Tests;

public sealed class RenderTests
{
    [Fact]
    public void Replay_renders_png_frames_and_a_gif()
    {
        string work = CliProcess.NewWorkingDirectory();
        string policy = Path.Combine(CliProcess.RepoRoot, "policies", "cartpole-mask.policy");
        string frames = Path.Combine(work, "frames");
        string gif = Path.Combine(work, "cartpole.gif");
        var outcome = CliProcess.Run(work, "replay", policy, "--episodes", "1", "--seed", "3", "--render", gif, "--render-frames", frames);
        Assert.True(outcome.ExitCode == 0, outcome.Stderr);
        var pngs = Directory.GetFiles(frames, "frame-*.png");
        Assert.Equal(501, pngs.Length); // reset frame + 500 steps of a solved episode
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(pngs[0])[..4]);
        var header = File.ReadAllBytes(gif)[..6];
        Assert.Equal("GIF89a", System.Text.Encoding.ASCII.GetString(header));
    }

    [Fact]
    public void An_unsupported_animation_format_is_refused_before_any_work()
    {
        string work = CliProcess.NewWorkingDirectory();
        string policy = Path.Combine(CliProcess.RepoRoot, "policies", "cartpole-mask.policy");
        var outcome = CliProcess.Run(work, "replay", policy, "--render", Path.Combine(work, "x.avi"));
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains(".gif or .mp4", outcome.Stderr);
        Assert.Empty(Directory.GetFiles(work));
    }
}
