package dev.sfautoscaler.wire;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.deser.std.JsonNodeDeserializer;
import dev.sfautoscaler.core.Validation;
import dev.sfautoscaler.core.error.InvalidInput;
import java.io.IOException;

/**
 * Reads a function's input into a JSON tree, as Jackson does, but turns what Jackson cannot read
 * inside it ({@code NaN}, a number of more than 1,000 digits, a field name of more than 50,000
 * characters, nesting deeper than 1,000, broken syntax) into an {@link InvalidInput} naming the field
 * by its path, instead of a Jackson exception whose class name becomes the Lambda error type. The
 * Lambda runtime reads the payload before the handler runs, with the application's ObjectMapper, so
 * this is where such input can still be given a typed error.
 *
 * <p>What is left to Jackson: a payload whose first character is no JSON value at all. Lambda's Invoke
 * refuses a payload that is not JSON ({@code InvalidRequestContentException}) and Step Functions
 * sends only JSON objects, so that never reaches a deployed function.
 */
public final class FunctionInputReader extends JsonDeserializer<JsonNode> {

    private final JsonDeserializer<? extends JsonNode> tree = JsonNodeDeserializer.getDeserializer(JsonNode.class);

    @Override
    public JsonNode deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        try {
            return tree.deserialize(p, ctxt);
        } catch (StreamConstraintsException e) {
            throw new InvalidInput(path(p), "is too large to read: " + reason(e));
        } catch (JacksonException e) {
            throw new InvalidInput(path(p), "is not valid JSON: " + reason(e));
        }
    }

    @Override
    public JsonNode getNullValue(DeserializationContext ctxt) throws JsonMappingException {
        return tree.getNullValue(ctxt);
    }

    /**
     * Where the parser stopped, as {@link WireObject} names fields: {@code policy.maxCapacity}, {@code a[2]};
     * the object itself when it stopped between fields (reading a name, or a comma), since the name it
     * still holds then is the previous field's.
     */
    static String path(JsonParser p) {
        StringBuilder path = new StringBuilder();
        boolean inValue = p.currentToken() == JsonToken.FIELD_NAME;
        for (JsonStreamContext c = p.getParsingContext(); c != null && !c.inRoot(); c = c.getParent()) {
            String part;
            boolean innermost = c == p.getParsingContext();
            if (c.inArray()) {
                part = "[" + Math.max(0, c.getCurrentIndex()) + "]";
            } else if (c.getCurrentName() != null && (inValue || !innermost)) {
                part = (c.getParent() == null || c.getParent().inRoot() ? "" : ".") + c.getCurrentName();
            } else {
                continue;
            }
            path.insert(0, part);
        }
        return path.length() == 0 ? "input" : path.toString();
    }

    /** Jackson's own words, without its hints to the programmer ("enable `...` to allow"), cut to size. */
    static String reason(JacksonException e) {
        String message = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
        int hint = message.indexOf(": enable `");
        if (hint >= 0) {
            message = message.substring(0, hint);
        }
        message = message.replaceAll(", from `[^`]*`", "").replace('\n', ' ');
        return Validation.excerpt(message);
    }
}
