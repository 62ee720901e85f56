using System.CommandLine;
using EsHa.Cli.Commands;

var root = new RootCommand("EsHa: a keepalived-compatible HA daemon whose every decision is an event.")
{
    CheckConfigCommand.Create(),
    LintCommand.Create(),
    ConfigCommand.Create(),
    SimulateCommand.Create(),
    RunCommand.Create(),
    StatusCommand.Create(),
    LvsCommand.Create(),
    TimelineCommand.Create(),
    WhyCommand.Create(),
    ReplayCommand.Create(),
    VerifyCommand.Create(),
    JournalCommand.Create(),
    StoreCommands.Ship(),
    StoreCommands.Store(),
};
return root.Parse(args).Invoke();
