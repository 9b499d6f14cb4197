package dev.sfautoscaler.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sfautoscaler.wire.WireModule;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * Gives the one ObjectMapper that the Lambda runtime and the adapters share the wire format
 * ({@link WireModule}): the functions write what {@code dev.sfautoscaler.wire} reads, and input that
 * Jackson cannot read is {@code InvalidInput} ({@link WireModule#functionInput()}).
 */
@Singleton
public class WireFormat implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(WireModule.module());
        mapper.registerModule(WireModule.functionInput());
    }
}
