using System.Diagnostics;
using FFMpegCore;
using Sandbox.Cli.Commands;

namespace Sandbox.Cli.Rendering;

/// <summary>Turns numbered PNG frames into a GIF or MP4 a browser can show, with Debian's ffmpeg (installed on demand).</summary>
public static class AnimationEncoder
{
    /// <summary>Encodes <paramref name="pattern"/> frames at <paramref name="inputFps"/> into <paramref name="output"/> (.gif or .mp4), atomically.</summary>
    public static void Encode(string pattern, int inputFps, string output)
    {
        EnsureFfmpeg();
        string extension = Path.GetExtension(output).ToLowerInvariant();
        string temp = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(output))!, $".{Path.GetFileNameWithoutExtension(output)}.{Environment.ProcessId}.tmp{extension}");
        var arguments = FFMpegArguments
            .FromFileInput(pattern, verifyExists: false, options => options.WithCustomArgument($"-framerate {inputFps}"))
            .OutputToFile(temp, overwrite: true, options =>
            {
                if (extension == ".gif")
                {
                    // 25 fps with a palette built from the clip: small files, true colours.
                    options.WithCustomArgument("-vf \"fps=25,split[a][b];[a]palettegen=stats_mode=diff[p];[b][p]paletteuse=dither=bayer:bayer_scale=3\" -loop 0");
                }
                else
                {
                    options.WithVideoCodec("libx264").WithCustomArgument("-pix_fmt yuv420p -movflags +faststart -crf 23");
                }
            });
        try
        {
            arguments.ProcessSynchronously();
            File.Move(temp, output, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>Checks the output name before any work is done.</summary>
    public static void Validate(string output)
    {
        string extension = Path.GetExtension(output).ToLowerInvariant();
        if (extension is not (".gif" or ".mp4"))
        {
            throw new UsageException($"--render '{output}': the animation must be a .gif or .mp4 file (use --render-frames DIR for PNGs)");
        }
        string? directory = Path.GetDirectoryName(Path.GetFullPath(output));
        if (directory is null || !Directory.Exists(directory))
        {
            throw new UsageException($"--render '{output}': directory '{directory}' does not exist");
        }
    }

    /// <summary>Installs Debian's ffmpeg when it is missing (root only); otherwise explains what to do.</summary>
    public static void EnsureFfmpeg()
    {
        if (OnPath("ffmpeg"))
        {
            return;
        }
        if (Environment.UserName != "root" || !OnPath("apt-get"))
        {
            throw new UsageException("rendering an animation needs ffmpeg; install it (apt-get install ffmpeg) or use --render-frames DIR");
        }
        Console.Error.WriteLine("installing ffmpeg (Debian package, once)...");
        Run("apt-get", "update -qq");
        Run("apt-get", "install -y -qq --no-install-recommends ffmpeg");
        if (!OnPath("ffmpeg"))
        {
            throw new UsageException("ffmpeg could not be installed with apt-get; install it by hand or use --render-frames DIR");
        }
    }

    private static void Run(string file, string arguments)
    {
        var start = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using var process = Process.Start(start)!;
        process.StandardOutput.ReadToEnd();
        string errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new UsageException($"'{file} {arguments}' failed: {errors.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault()}");
        }
    }

    private static bool OnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(dir => File.Exists(Path.Combine(dir, name)));
}
