using Barge.Cli;

return await BargeCommandLine.RunAsync(args);
