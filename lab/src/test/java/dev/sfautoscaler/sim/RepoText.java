package dev.sfautoscaler.sim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reading the repository's own files (Terraform, the state machine) in the lab's tests. */
final class RepoText {

    private RepoText() {
    }

    static String read(String path) throws IOException {
        return Files.readString(Path.of(path));
    }

    /** The text of the block that starts with {@code header}, up to its matching closing brace. */
    static String block(String text, String header) {
        int start = text.indexOf(header);
        assertTrue(start >= 0, "no " + header);
        int depth = 0;
        for (int i = text.indexOf('{', start); i < text.length(); i++) {
            if (text.charAt(i) == '{') {
                depth++;
            } else if (text.charAt(i) == '}' && --depth == 0) {
                return text.substring(start, i + 1);
            }
        }
        throw new AssertionError("unclosed " + header);
    }
}
