package dev.sfautoscaler.lab;

import dev.sfautoscaler.sandbox.SandboxMain;
import dev.sfautoscaler.sim.Bench;
import dev.sfautoscaler.sim.WhatIf;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The lab's one command line, {@code lab bench|whatif|sandbox|schemas [options]}: picocli parses it, each
 * sub-command is the program's own class. A mistake in the command line is one sentence on stderr
 * (with picocli's suggestion for a misspelt name) and exit code 2, as the programs' own errors are.
 */
@Command(name = "lab", scope = ScopeType.INHERIT, mixinStandardHelpOptions = true, versionProvider = Lab.Version.class,
        sortOptions = false,
        description = "The spot-fleet-autoscaler's laptop programs: the benchmark, the what-if replay and the sandbox "
                + "(and the JSON Schemas of the functions' inputs). "
                + "Run from the repository root; relative paths are taken from there.",
        subcommands = {Bench.class, WhatIf.class, SandboxMain.class, Schemas.class, HelpCommand.class})
public final class Lab implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    /** Without a sub-command: the usage, as a mistake. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return spec.exitCodeOnInvalidInput();
    }

    /** The command line with the lab's error messages and value converters; tests call it as main does. */
    public static CommandLine commandLine() {
        return new CommandLine(new Lab())
                .registerConverter(Double.class, Lab::number)
                .registerConverter(Double.TYPE, Lab::number)
                .setParameterExceptionHandler(Lab::usageError);
    }

    public static void main(String[] args) {
        int status = commandLine().execute(args);
        // After Ctrl-C the sandbox returns while the JVM shuts down: exiting then would block the hooks.
        if (!shuttingDown()) {
            System.exit(status);
        }
    }

    private static Double number(String value) {
        try {
            return Double.valueOf(value);
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a number");
        }
    }

    /**
     * One sentence naming the mistake, picocli's suggestion when the name is close to a known one,
     * and where the options are listed.
     */
    private static int usageError(ParameterException thrown, String[] args) {
        CommandLine command = thrown.getCommandLine();
        // picocli checks for missing options before unknown ones: a misspelt required option is the mistake.
        ParameterException e = thrown instanceof MissingParameterException && !command.getUnmatchedArguments().isEmpty()
                ? new UnmatchedArgumentException(command, command.getUnmatchedArguments()) : thrown;
        PrintWriter err = command.getErr();
        err.println(command.getCommandName() + ": " + sentence(e));
        List<String> suggestions = e instanceof UnmatchedArgumentException u ? u.getSuggestions() : List.of();
        if (!suggestions.isEmpty()) {
            err.println("Did you mean " + String.join(" or ", suggestions) + "?");
        }
        err.println("See '" + command.getCommandSpec().qualifiedName() + " --help'.");
        err.flush();
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** picocli's message, but about the first unknown word only (not the value after a misspelt option). */
    private static String sentence(ParameterException e) {
        if (!(e instanceof UnmatchedArgumentException u) || u.getUnmatched().isEmpty()) {
            return e.getMessage();
        }
        String first = u.getUnmatched().get(0);
        if (first.startsWith("-")) {
            return "Unknown option: '" + first + "'";
        }
        return (u.getCommandLine().getSubcommands().isEmpty() ? "Unexpected argument: '" : "Unknown command: '")
                + first + "'";
    }

    private static boolean shuttingDown() {
        try {
            Thread probe = new Thread(() -> { });
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }

    /** The lab's Maven version (written into version.properties by the build). */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = Lab.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[] {"lab (spot-fleet-autoscaler) " + p.getProperty("version", "unknown"),
                "Java ${java.version} (${java.vendor})"};
        }
    }
}
