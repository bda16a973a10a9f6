using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Sandbox.Cli.Composition;
using Sandbox.Evolution.Candidates;
using Sandbox.Supervised.Classification;
using Sandbox.Supervised.Datasets;
using Sandbox.Supervised.Models;
using Sandbox.Tensors.Devices;

namespace Sandbox.Cli.Commands;

/// <summary><c>sandbox eval</c>: a saved classifier's accuracy on its dataset's test set.</summary>
public static class EvalCommand
{
    private static readonly Argument<string> ModelArgument = new("model") { Description = "Classifier model file (.model)" };
    private static readonly Option<string?> DatasetOption = new("--dataset") { Description = "Evaluate on another dataset of the same image shape (default: the one it was trained for)" };
    private static readonly Option<string?> DataDirectoryOption = new("--data-dir") { Description = "Directory of a dataset that cannot be fetched (CIFAR-10's binary batches)" };
    private static readonly Option<bool> JsonOption = new("--json") { Description = "Print one JSON object" };

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var command = new Command("eval", "Test accuracy and loss of a saved classifier");
        command.Arguments.Add(ModelArgument);
        foreach (var option in new Option[] { DatasetOption, DataDirectoryOption, JsonOption })
        {
            command.Options.Add(option);
        }
        command.SetAction(Execute);
        return command;
    }

    private static int Execute(ParseResult parse)
    {
        string path = parse.GetValue(ModelArgument)!;
        var (mlp, conv) = ClassifierFile.LoadAny(path);
        var options = DatasetCatalogOptions.ForCli();
        if (parse.GetValue(DataDirectoryOption) is { } directory)
        {
            options = options with { Cifar10Directory = directory };
        }
        if (conv is not null)
        {
            return ExecuteConv(parse, conv, path, options);
        }
        var model = mlp!;
        string datasetName = parse.GetValue(DatasetOption) ?? model.Dataset;
        var score = ModelScore.OnTestSet(model, datasetName, options, path);
        double loss = score.Loss, accuracy = score.Accuracy;
        if (parse.GetValue(JsonOption))
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["model"] = path,
                ["dataset"] = score.Dataset,
                ["examples"] = score.Examples,
                ["test_accuracy"] = accuracy,
                ["test_loss"] = loss,
                ["network"] = model.Architecture.Describe(),
                ["family"] = model.Family.ToString().ToLowerInvariant(),
                ["sparsity"] = model.Sparsity,
                ["parameters"] = model.Architecture.ParameterCount,
                ["validation_accuracy"] = model.Provenance.Validation,
                ["algorithm"] = model.Provenance.Algorithm,
            }));
            return ExitCodes.Ok;
        }
        Console.Out.WriteLine($"{score.Dataset}: {model.Family.ToString().ToLowerInvariant()} classifier {model.Architecture.Describe()}, sparsity {model.Sparsity:P1}, trained by {model.Provenance.Algorithm} (seed {model.Provenance.Seed}, generation {model.Provenance.Generation})");
        string dev = model.Provenance.Validation is { } v ? string.Create(CultureInfo.InvariantCulture, $"; dev accuracy at training {v:P2}") : "";
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"test accuracy {accuracy:P2} ({Math.Round(accuracy * score.Examples)} of {score.Examples}), mean cross-entropy {loss:0.0000}{dev}"));
        return ExitCodes.Ok;
    }

    private static int ExecuteConv(ParseResult parse, ConvClassifierModel model, string path, DatasetOptions options)
    {
        var score = ModelScore.OnTestSet(model, parse.GetValue(DatasetOption), options, path);
        string network = $"{model.Kind} {model.Architecture} (conv, {model.ParameterCount} stored values)";
        if (parse.GetValue(JsonOption))
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["model"] = path,
                ["dataset"] = score.Dataset,
                ["examples"] = score.Examples,
                ["test_accuracy"] = score.Accuracy,
                ["test_loss"] = score.Loss,
                ["network"] = network,
                ["family"] = "dense",
                ["sparsity"] = 0.0,
                ["parameters"] = model.ParameterCount,
                ["validation_accuracy"] = model.Provenance.Validation,
                ["algorithm"] = model.Provenance.Algorithm,
            }));
            return ExitCodes.Ok;
        }
        Console.Out.WriteLine($"{score.Dataset}: classifier {network}, trained by {model.Provenance.Algorithm} (seed {model.Provenance.Seed}, generation {model.Provenance.Generation})");
        string dev = model.Provenance.Validation is { } v ? string.Create(CultureInfo.InvariantCulture, $"; dev accuracy at training {v:P2}") : "";
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"test accuracy {score.Accuracy:P2} ({Math.Round(score.Accuracy * score.Examples)} of {score.Examples}), mean cross-entropy {score.Loss:0.0000}{dev}"));
        return ExitCodes.Ok;
    }
}
