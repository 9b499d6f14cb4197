package dev.sfautoscaler.lab;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * One command line run as {@code lab} runs it (no process, no System.exit), with what it printed.
 *
 * @param status the exit status
 * @param out    what it printed on stdout
 * @param err    what it printed on stderr
 */
public record LabRun(int status, String out, String err) {

    public static LabRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine lab = Lab.commandLine();
        lab.setOut(new PrintWriter(out, true));
        lab.setErr(new PrintWriter(err, true));
        int status = lab.execute(args);
        return new LabRun(status, out.toString(), err.toString());
    }
}
