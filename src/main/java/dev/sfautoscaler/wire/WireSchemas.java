package dev.sfautoscaler.wire;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON Schemas (draft 2020-12) of the execution input and of each function's input, made from
 * the same shapes the readers read. Published in {@code statemachine/schemas/}; a test fails when
 * a committed file differs from what this class makes ({@code make schemas} rewrites them).
 */
public final class WireSchemas {

    public static final String DRAFT = "https://json-schema.org/draft/2020-12/schema";

    private static final ObjectMapper JSON = new ObjectMapper();

    private WireSchemas() {
    }

    /** File name to schema, in a fixed order. */
    public static Map<String, ObjectNode> all() {
        Map<String, ObjectNode> schemas = new LinkedHashMap<>();
        schemas.put("execution-input.schema.json", document("Execution input",
                FunctionInputs.execution()));
        schemas.put("read-capacity-input.schema.json", document("read-capacity input",
                FunctionInputs.READ_CAPACITY));
        schemas.put("decide-input.schema.json", document("decide input", FunctionInputs.DECIDE));
        schemas.put("modify-input.schema.json", document("modify input", FunctionInputs.MODIFY));
        schemas.put("notify-input.schema.json", document("notify input", FunctionInputs.NOTIFY));
        schemas.put("drain-input.schema.json", document("drain input", FunctionInputs.DRAIN));
        return schemas;
    }

    /** A schema as it is written to its file: two-space indent, one field per line, a final newline. */
    public static String text(ObjectNode schema) {
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withSeparators(Separators.createDefaultInstance()
                        .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                .withObjectIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"))
                .withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"));
        try {
            return JSON.writer(printer).writeValueAsString(schema) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes every schema into {@code dir}. */
    public static void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (Map.Entry<String, ObjectNode> e : all().entrySet()) {
            Files.writeString(dir.resolve(e.getKey()), text(e.getValue()), StandardCharsets.UTF_8);
        }
    }

    private static ObjectNode document(String title, WireShape shape) {
        ObjectNode doc = WireType.JSON.objectNode()
                .put("$schema", DRAFT)
                .put("title", title);
        doc.setAll(shape.schema());
        return doc;
    }
}
