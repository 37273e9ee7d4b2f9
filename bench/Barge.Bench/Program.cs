using System.Globalization;
using Barge.Bench;

// Sub-commands:
//   run       --repo <root> [--quick] [--growth] [--growth-sizes 1000000,5000000,10000000] [--command "<as typed>"] [--out <file>]
//   baseline  --db <file> --migrations <dir> --schema defaults|none --ids server|client --batch <n> --warmup <s> --measure <s>
//   prefill   --db <file> --migrations <dir> --count <n> [--txn <rows>]
//   jsonl     --out <file> --count <n>                       (bench/import.sh: the articles as flat JSON Lines)
//   class     --url <server> --schema defaults|none          (bench/import.sh: creates the Article class)
//   peers     --repo <root> [--batch 1000] [--conns 4] [--warmup s] [--measure s] [--rounds n] [--barge-postgres] [--out <file>]   (bench/peers.sh)
//   indexcost [--count 20000] [--rounds 7] [--batch 1000]   (CPU µs per object of the index work, no HTTP or SQLite)
//   load      --barge <barge.dll> --data <folder> --schema defaults|none --batch <n> --conns <n> --objects <n> --warmup <s> --measure <s>
//   keyword   --barge <barge.dll> --data <folder> --migrations <dir> [--count 1000000] [--runs 200] [--warmup-runs 20] [--rare word]   (bench/keyword.sh)
//   query     --barge <barge.dll> --data <folder> [--count 1000000] [--runs 50] [--warmup-runs 5] [--deletes 10]   (bench/query.sh)
//   soak      --barge <barge.dll> --work <folder> --minutes <m> [--store sqlite|postgres --repo <root>] [--rate 300] [--max-kept 50000] [--flat-mib 64] [--sample-seconds 5]   (bench/soak.sh)
//   decode    [--objects 1000] [--reps 40] [--rounds 15] [--vector-dims N]   (REST's and gRPC's request parsing, in process)
var options = Options.Parse(args.Skip(1));
// --vector-dims N (run and baseline): every object carries a vector of N float32 values.
Articles.VectorDimensions = options.Int("vector-dims", 0);
switch (args.FirstOrDefault())
{
    case "run":
        return await Orchestrator.RunAsync(options);
    case "baseline":
        var result = Baseline.Run(options.Get("db"), options.Get("migrations"), Articles.ParseSchema(options.Get("schema")),
            Articles.ParseIds(options.Get("ids")), options.Int("batch"), options.Double("warmup"), options.Double("measure"), options.Has("first") ? options.Long("first") : 0);
        Console.WriteLine(Baseline.ToJson(result));
        return 0;
    case "prefill":
        await Baseline.PrefillAsync(options.Get("db"), options.Get("migrations"), SchemaVariant.Defaults, options.Long("count"), options.Int("txn", 50_000));
        return 0;
    case "jsonl":
        ImportBench.WriteJsonLines(options.Get("out"), options.Long("count"));
        return 0;
    case "class":
        await ImportBench.CreateClassAsync(new Uri(options.Get("url")), Articles.ParseSchema(options.Get("schema")));
        return 0;
    case "load":
        return await ImportBench.LoadAsync(options);
    case "indexcost":
        return IndexCost.Run(options);
    case "peers":
        return await Peers.RunAsync(options);
    case "keyword":
        return await KeywordBench.RunAsync(options);
    case "query":
        return await QueryBench.RunAsync(options);
    case "soak":
        return await SoakBench.RunAsync(options);
    case "decode":
        return DecodeBench.Run(options);
    default:
        Console.Error.WriteLine("usage: Barge.Bench run|baseline|prefill|jsonl|class|load|peers|indexcost|keyword|query|soak|decode [options]; see bench/README.md");
        return 2;
}

/// <summary><c>--name value</c> pairs and bare <c>--flag</c>s.</summary>
public sealed class Options
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public static Options Parse(IEnumerable<string> args)
    {
        var o = new Options();
        var list = args.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            if (!list[i].StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"unexpected argument '{list[i]}'");
            var name = list[i][2..];
            if (i + 1 < list.Count && !list[i + 1].StartsWith("--", StringComparison.Ordinal)) o._values[name] = list[++i];
            else o._values[name] = "true";
        }
        return o;
    }

    public bool Has(string name) => _values.ContainsKey(name);
    public string Get(string name) => _values.TryGetValue(name, out var v) ? v : throw new ArgumentException($"--{name} is required");
    public string Get(string name, string fallback) => _values.GetValueOrDefault(name, fallback);
    public int Int(string name, int? fallback = null) => Has(name) ? int.Parse(Get(name), CultureInfo.InvariantCulture) : fallback ?? throw new ArgumentException($"--{name} is required");
    public long Long(string name) => long.Parse(Get(name), CultureInfo.InvariantCulture);
    public double Double(string name) => double.Parse(Get(name), CultureInfo.InvariantCulture);
}
