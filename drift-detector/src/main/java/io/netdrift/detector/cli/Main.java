package io.netdrift.detector.cli;

import io.netdrift.detector.alert.Retrying;
import io.netdrift.detector.model.DriftException;
import java.io.PrintWriter;
import java.time.Clock;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code drift-detector} command line. */
@Command(
    name = "drift-detector",
    mixinStandardHelpOptions = true,
    exitCodeOnInvalidInput = ExitCodes.USAGE,
    versionProvider = Main.Version.class,
    description = "Finds differences between the approved network (a CDK cloud assembly) and AWS.",
    subcommands = {
      ScanCommand.class,
      WatchCommand.class,
      SnapshotCommand.class,
      RevertCommand.class,
      AcceptCommand.class,
      GuardCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:in sync",
      "1:error, or the scan is incomplete",
      "2:drift found",
      "64:bad usage"
    })
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Runs the CLI and exits with its code. */
  public static void main(String[] args) {
    System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
  }

  /** Runs the CLI without exiting: what tests call. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    return run(out, err, Clock.systemUTC(), Retrying.Sleeper.REAL, args);
  }

  /**
   * Runs the CLI with its clock and its wait between Slack retries given: tests move time on and
   * record waits instead of sleeping.
   */
  public static int run(
      PrintWriter out, PrintWriter err, Clock clock, Retrying.Sleeper sleeper, String... args) {
    CommandLine.IFactory defaults = CommandLine.defaultFactory();
    CommandLine cli =
        new CommandLine(
            new Main(),
            new CommandLine.IFactory() {
              @Override
              public <K> K create(Class<K> type) throws Exception {
                K made = defaults.create(type);
                if (made instanceof ScanCommand scan) {
                  scan.clock = clock;
                  scan.sleeper = sleeper;
                }
                return made;
              }
            });
    // A bash completion script (zsh takes it through bashcompinit): drift-detector completion.
    cli.addSubcommand("completion", new picocli.AutoComplete.GenerateCompletion());
    cli.getSubcommands().get("completion").getCommandSpec().usageMessage().hidden(false);
    cli.setOut(out);
    cli.setErr(err);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          boolean verbose = parseResult.hasMatchedOption("--verbose");
          PrintWriter stderr = commandLine.getErr();
          if (e instanceof io.netdrift.detector.model.UsageException) {
            stderr.println("netdrift: " + e.getMessage());
            stderr.flush();
            return ExitCodes.USAGE;
          }
          if (e instanceof DriftException) {
            stderr.println("netdrift: " + e.getMessage());
          } else {
            stderr.println("netdrift: unexpected error: " + e);
          }
          if (verbose) {
            e.printStackTrace(stderr);
          } else if (!(e instanceof DriftException)) {
            stderr.println("netdrift: run again with --verbose for the stack trace");
          }
          stderr.flush();
          return ExitCodes.ERROR;
        });
    int code = cli.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a command, e.g. scan");
  }

  /** The version from the jar's manifest, or "development". */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws java.io.IOException {
      java.util.Properties build = new java.util.Properties();
      try (java.io.InputStream in = Main.class.getResourceAsStream("/netdrift-build.properties")) {
        if (in != null) {
          build.load(in);
        }
      }
      String version = build.getProperty("git.build.version", "development");
      String commit = build.getProperty("git.commit.id", "");
      return new String[] {
        "netdrift drift-detector "
            + version
            + (commit.isEmpty()
                ? " (built outside a git checkout)"
                : " (commit "
                    + commit
                    + ("true".equals(build.getProperty("git.dirty"))
                        ? ", with uncommitted changes)"
                        : ")"))
      };
    }
  }
}
