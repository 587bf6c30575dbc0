package com.genseehub.dbsink;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A record as the named parameters of a SQL statement ({@code :#name}): one per record component, named
 * like it (and like the field of the hub's JSON), so a field added to the record can be written by a
 * statement without Java changes. Values as JDBC takes them in MySQL/MariaDB and PostgreSQL alike:
 * times as UTC date-times (no zone, whatever the hub's time zone), enums as their JSON value, maps and
 * lists as JSON text.
 */
final class NamedParameters {

    private NamedParameters() {
    }

    static Map<String, Object> of(Record record, ObjectMapper json) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            parameters.put(component.getName(), value(read(component, record), json));
        }
        return parameters;
    }

    static Object value(Object value, ObjectMapper json) {
        if (value instanceof Instant instant) {
            return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
        }
        if (value instanceof Enum<?>) {
            return json.convertValue(value, Object.class);
        }
        if (value instanceof Map<?, ?> || value instanceof Collection<?>) {
            try {
                return json.writeValueAsString(value);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        return value;
    }

    private static Object read(RecordComponent component, Record record) {
        try {
            return component.getAccessor().invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + component.getName() + " of " + record.getClass(), e);
        }
    }
}
