package dev.sfautoscaler.lab;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import dev.sfautoscaler.wire.WireSchemas;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The lab's command line as a person meets it: its help, its version and its answers to mistakes. */
class LabTest {

    private static LabRun lab(String... args) {
        return LabRun.of(args);
    }

    @Test
    void helpListsTheThreeProgramsWithWhatEachDoes() {
        LabRun run = lab("--help");
        assertThat(run.err(), run.status(), is(0));
        assertThat(run.out(), startsWith("Usage: lab [-hV] [COMMAND]"));
        for (String command : List.of("bench    Runs every policy on every scenario",
                "whatif   Runs one scenario against one policy", "sandbox  Runs the autoscaler end to end",
                "schemas  Writes the JSON Schemas")) {
            assertThat(run.out(), containsString(command));
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "bench   | --scenarios=<dir>, --policies=<file.json>, --out=<dir>, --only=<name>, --table, --seeds=<k>",
        "whatif  | --scenario=<file.json>, --trace=<file.csv>, --policy=<name|file.json>, --policies=<file.json>, "
                + "--seed=<n>, --duration=<seconds>, --decisions, --series",
        "sandbox | --scenario=<name|file.json|trace.csv>, --speed=<n>, --port=<n>, --alarms=1|0, "
                + "--schedule=<seconds>, --verbose[=1|0]"})
    void eachProgramsHelpListsEveryOptionWithItsDefault(String command, String options) {
        for (LabRun run : List.of(lab(command, "--help"), lab("help", command))) {
            assertThat(run.err(), run.status(), is(0));
            assertThat(run.out(), startsWith("Usage: lab " + command + " "));
            for (String option : options.split(", ")) {
                assertThat(run.out(), containsString("  " + option));
            }
        }
        assertThat(lab("sandbox", "--help").out(), containsString("(default: surge)"));
        assertThat(lab("whatif", "--help").out(), containsString("(default: ours-default)"));
        assertThat(lab("bench", "--help").out(), containsString("(default: docs/benchmarks)"));
    }

    @Test
    void schemasWritesWhatTheFunctionsWireCodecMakes(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("schemas");
        LabRun run = lab("schemas", "--out", out.toString());
        assertThat(run.err(), run.status(), is(0));
        assertThat(run.out(), containsString("execution-input.schema.json"));
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files.count(), is((long) WireSchemas.all().size()));
        }
        for (var schema : WireSchemas.all().entrySet()) {
            assertThat(schema.getKey(), Files.readString(out.resolve(schema.getKey()), StandardCharsets.UTF_8),
                    is(WireSchemas.text(schema.getValue())));
        }
    }

    @Test
    void versionIsTheProjectsVersion() {
        LabRun run = lab("--version");
        assertThat(run.status(), is(0));
        assertThat(run.out(), matchesPattern("(?s)lab \\(spot-fleet-autoscaler\\) \\d+\\.\\d+\\.\\d+\\S*\nJava .*"));
    }

    @Test
    void aMisspeltOptionIsOneSentenceWithTheOptionItResembles() {
        LabRun run = lab("whatif", "--scenaro", "scenarios/bench/steady.json");
        assertThat(run.status(), is(2));
        assertThat(run.out(), is(emptyString()));
        assertThat(run.err(), is("""
                whatif: Unknown option: '--scenaro'
                Did you mean --scenario?
                See 'lab whatif --help'.
                """));
        assertThat(lab("sandbox", "--sped", "15").err(), startsWith("""
                sandbox: Unknown option: '--sped'
                Did you mean --speed?
                """));
    }

    @Test
    void anUnknownProgramIsOneSentenceWithTheProgramItResembles() {
        LabRun run = lab("whatfi");
        assertThat(run.status(), is(2));
        assertThat(run.err(), is("""
                lab: Unknown command: 'whatfi'
                Did you mean whatif?
                See 'lab --help'.
                """));
    }

    @Test
    void withoutAProgramTheUsageIsAMistake() {
        LabRun run = lab();
        assertThat(run.status(), is(2));
        assertThat(run.out(), is(emptyString()));
        assertThat(run.err(), containsString("Commands:"));
    }

    @Test
    void aValueOfTheWrongKindOrAMissingOneIsOneSentence() {
        LabRun speed = lab("sandbox", "--speed", "fast");
        assertThat(speed.status(), is(2));
        assertThat(speed.err(), startsWith("sandbox: Invalid value for option '--speed': 'fast' is not a number\n"));
        LabRun missing = lab("whatif", "--seed", "7");
        assertThat(missing.status(), is(2));
        assertThat(missing.err(), startsWith("whatif: Missing required option: '--scenario=<file.json>'\n"));
        LabRun stray = lab("whatif", "--scenario", "scenarios/bench/steady.json", "steady");
        assertThat(stray.status(), is(2));
        assertThat(stray.err(), startsWith("whatif: Unexpected argument: 'steady'\n"));
        assertThat(stray.err(), not(containsString("Did you mean")));
    }
}
