package dev.sfautoscaler.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The packaged {@code target/function.zip} as AWS Lambda's Java runtime sees it: unpacked as the task
 * root ({@code /var/task}: classes at the root, {@code lib/*.jar}), run by AWS's runtime interface
 * client with Quarkus's stream handler. Shared by the integration tests' launcher and the sandbox.
 */
public final class FunctionZip {

    /** The handler every function of the zip names; {@code QUARKUS_LAMBDA_HANDLER} picks the {@code @Named} one. */
    public static final String JVM_HANDLER = "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest";
    /** The main class of AWS's runtime interface client. */
    public static final String RUNTIME_CLIENT_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    /** The {@code @Named} handler ids of the zip, in workflow order. */
    public static final List<String> HANDLERS = List.of("read-capacity", "decide", "modify", "notify", "check", "drain");

    private FunctionZip() {
    }

    /** The class path of a task: the task root, its {@code lib/*}, and the runtime client's jars. */
    public static List<String> classpath(Path task, List<Path> runtimeJars) {
        List<String> entries = new ArrayList<>();
        entries.add(task.toString());
        entries.add(task.resolve("lib").toString() + java.io.File.separator + "*");
        runtimeJars.forEach(j -> entries.add(j.toString()));
        return entries;
    }

    /** The jars in {@code dir} (the runtime interface client and its serialization library), sorted. */
    public static List<Path> jars(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList();
        }
    }

    /** Unpacks the zip into {@code dir}, as Lambda does into {@code /var/task}, unless that copy is of this very zip already. */
    public static synchronized Path unpack(Path zip, Path dir) throws IOException {
        Path stamp = dir.resolve(".unpacked-from");
        FileTime zipTime = Files.getLastModifiedTime(zip);
        String expected = zip + " " + zipTime.toMillis() + " " + Files.size(zip);
        if (Files.exists(stamp) && Files.readString(stamp).equals(expected)) {
            return dir;
        }
        if (Files.exists(dir)) {
            try (Stream<Path> old = Files.walk(dir)) {
                for (Path p : old.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(dir);
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                Path out = dir.resolve(e.getName()).normalize();
                if (!out.startsWith(dir)) {
                    throw new IOException("zip entry outside the task directory: " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    copy(in, out);
                }
            }
        }
        Files.writeString(stamp, expected);
        return dir;
    }

    private static void copy(InputStream in, Path out) throws IOException {
        Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
    }
}
