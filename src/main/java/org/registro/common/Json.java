package org.registro.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** The one configured Jackson mapper: java.time as ISO text, records supported. */
public final class Json {

    public static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            // A path is written as people type it ("/home/ana/list.csv"), not as a file: URI.
            .registerModule(new com.fasterxml.jackson.databind.module.SimpleModule()
                    .addSerializer(java.nio.file.Path.class,
                            new com.fasterxml.jackson.databind.ser.std.ToStringSerializerBase(java.nio.file.Path.class) {
                                @Override
                                public String valueToString(Object value) {
                                    return value.toString();
                                }
                            }))
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Json() {
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot write JSON for " + value.getClass().getSimpleName(), e);
        }
    }

    public static String writePretty(Object value) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot write JSON for " + value.getClass().getSimpleName(), e);
        }
    }

    /** Reads JSON written by Registro (or by a user, for mappings); a malformed document is a clear error. */
    public static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new RegistroException(e, "error.json", type.getSimpleName(), e.getOriginalMessage());
        }
    }

    /** The same for a generic type, such as a map of counts. */
    public static <T> T read(String json, com.fasterxml.jackson.core.type.TypeReference<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new RegistroException(e, "error.json", type.getType().getTypeName(), e.getOriginalMessage());
        }
    }
}
