package dev.pat.http.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.time.Instant;

/** The service's one JSON mapper (answers, events, webhooks): timestamps through {@link ApiTimeSerializer}. */
@Singleton
public class JsonCustomizer implements ObjectMapperCustomizer {

    /** Last of all customizers: a module registered after Quarkus' java.time module takes precedence over it. */
    @Override
    public int priority() {
        return MINIMUM_PRIORITY;
    }

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(new SimpleModule("api-time").addSerializer(Instant.class, ApiTimeSerializer.INSTANCE));
    }
}
