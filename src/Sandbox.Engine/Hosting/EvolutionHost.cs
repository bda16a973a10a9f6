using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sandbox.Engine.Workers;
using Sandbox.Evolution.Configuration;
using Sandbox.Evolution.Runs;
using Sandbox.Evolution.Tasks;

namespace Sandbox.Engine.Hosting;

/// <summary>
/// Runs an evolution on the .NET Generic Host: engine settings bound from configuration into
/// <see cref="EngineOptions"/> (validated at start), logging to the run's <c>engine.log</c>, the run
/// as a <see cref="EvolutionService"/>, and graceful shutdown on Ctrl+C / SIGTERM through the host lifetime.
/// </summary>
public static class EvolutionHost
{
    /// <summary>Runs <paramref name="request"/> to completion; <paramref name="settings"/> holds <c>Engine:*</c> keys.</summary>
    /// <exception cref="ConfigException">Invalid engine settings.</exception>
    public static RunResult Run(EvolutionRequest request, IReadOnlyDictionary<string, string?> settings, TaskRegistry tasks,
        RunObserver observer, WorkerCommand? workerCommand = null, EvaluatorFactory? evaluators = null)
    {
        // Settings first: a refused setting must leave no run directory (not even an engine.log) behind.
        var engineErrors = new EngineOptions();
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection(EngineOptions.Section).Bind(engineErrors);
        if (engineErrors.Validate().FirstOrDefault() is { } error)
        {
            throw new ConfigException(error);
        }
        Directory.CreateDirectory(request.RunDirectory);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddOptions<EngineOptions>()
            .Bind(builder.Configuration.GetSection(EngineOptions.Section), o => o.ErrorOnUnknownConfiguration = true)
            .Validate(o => !o.Validate().Any(), "invalid engine settings")
            .ValidateOnStart();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromMinutes(5));
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Logging.AddProvider(new FileLoggerProvider(Path.Combine(request.RunDirectory, "engine.log"), LogLevel.Information));
        builder.Services.AddSingleton(request);
        builder.Services.AddSingleton(tasks);
        builder.Services.AddSingleton(observer);
        builder.Services.AddSingleton(workerCommand ?? WorkerCommand.CurrentProgram());
        builder.Services.AddSingleton(new EvaluatorChoice(evaluators));
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        builder.Services.AddSingleton<IHostLifetime, ConsoleLifetime>();
        builder.Services.AddSingleton<EvolutionService>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<EvolutionService>());


        using var host = builder.Build();
        var service = host.Services.GetRequiredService<EvolutionService>();
        host.Run(); // disposes the host when it stops

        if (service.Failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(service.Failure).Throw();
        }
        return service.Result ?? throw new OperationCanceledException("the run stopped before it started");
    }
}
