using System.Text.Json;

namespace Sandbox.Cli.Charts;

/// <summary>
/// The numeric columns of a run's <c>metrics.jsonl</c> (one JSON object per generation or epoch), read
/// without knowing which task or track wrote them: every number becomes a column, nulls are gaps.
/// </summary>
public sealed class MetricsTable
{
    private readonly Dictionary<string, double[]> _columns;

    private MetricsTable(string name, int rows, Dictionary<string, double[]> columns)
    {
        Name = name;
        Rows = rows;
        _columns = columns;
    }

    /// <summary>The run's name (its directory's).</summary>
    public string Name { get; }

    /// <summary>Lines read.</summary>
    public int Rows { get; }

    /// <summary>Column names in first-seen order.</summary>
    public IEnumerable<string> Columns => _columns.Keys;

    /// <summary>Whether a column exists.</summary>
    public bool Has(string column) => _columns.ContainsKey(column);

    /// <summary>A column (NaN where a line had no number).</summary>
    public double[] this[string column] => _columns[column];

    /// <summary>Reads <c>metrics.jsonl</c> of a run directory (or the file itself).</summary>
    /// <exception cref="InvalidDataException">The file is missing, or a line is not a JSON object.</exception>
    public static MetricsTable Read(string runOrFile)
    {
        string path = Directory.Exists(runOrFile) ? Path.Combine(runOrFile, "metrics.jsonl") : runOrFile;
        if (!File.Exists(path))
        {
            throw new InvalidDataException($"{path} does not exist (give a run directory that holds metrics.jsonl)");
        }
        string name = Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(path))) ?? path;
        var values = new List<Dictionary<string, double>>();
        string[] lines = File.ReadAllLines(path);
        for (int lineNumber = 1; lineNumber <= lines.Length; lineNumber++)
        {
            string line = lines[lineNumber - 1];
            if (line.Length == 0)
            {
                continue;
            }
            var row = new Dictionary<string, double>();
            try
            {
                using var document = JsonDocument.Parse(line);
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    throw new InvalidDataException($"{path}:{lineNumber}: not a JSON object");
                }
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    if (property.Value.ValueKind == JsonValueKind.Number)
                    {
                        row[property.Name] = property.Value.GetDouble();
                    }
                }
            }
            catch (JsonException e)
            {
                // A run killed mid-write can leave a torn last line; anything else is a damaged file.
                if (lineNumber < lines.Length)
                {
                    throw new InvalidDataException($"{path}:{lineNumber}: not JSON ({e.Message})");
                }
                continue;
            }
            values.Add(row);
        }
        var columns = new Dictionary<string, double[]>();
        for (int r = 0; r < values.Count; r++)
        {
            foreach (var (key, value) in values[r])
            {
                if (!columns.TryGetValue(key, out var column))
                {
                    column = new double[values.Count];
                    Array.Fill(column, double.NaN);
                    columns[key] = column;
                }
                column[r] = value;
            }
        }
        return new MetricsTable(name, values.Count, columns);
    }
}
