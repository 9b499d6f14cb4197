package dev.sfautoscaler.lab;

import dev.sfautoscaler.wire.WireSchemas;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lab schemas}: writes the JSON Schemas the functions' wire codec makes (the execution input
 * and each function's input) into {@code statemachine/schemas/}. The functions' {@code WireSchemasTest}
 * fails while the committed files differ from what the code makes; this is how they are brought
 * up to date ({@code make schemas}).
 */
@Command(name = "schemas", sortOptions = false,
        description = "Writes the JSON Schemas of the execution input and of each function's input, as the "
                + "functions' wire codec makes them, for statemachine/schemas/ (commit the result).")
public final class Schemas implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--out", paramLabel = "<dir>", defaultValue = "statemachine/schemas",
            description = "where the schemas go (default: ${DEFAULT-VALUE})")
    private Path out;

    @Override
    public Integer call() {
        try {
            WireSchemas.write(out);
        } catch (IOException e) {
            spec.commandLine().getErr().println("schemas: cannot write " + out + ": " + e.getMessage());
            return 2;
        }
        spec.commandLine().getOut().println("schemas: wrote " + String.join(", ", WireSchemas.all().keySet())
                + " in " + out);
        return 0;
    }
}
