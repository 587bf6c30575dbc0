package com.genseehub.reconcile;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Times as Gensee's API writes them: epoch milliseconds (a number, or digits in a string), or text in
 * the configured format ({@code hub.reconcile.time-format}) in the site's time zone.
 */
final class GenseeTimes {

    private final DateTimeFormatter format;
    private final String pattern;
    private final ZoneId zone;

    GenseeTimes(String pattern, ZoneId zone) {
        this.format = DateTimeFormatter.ofPattern(pattern);
        this.pattern = pattern;
        this.zone = zone;
    }

    /** The instant, or null for a missing, null or empty value. */
    Instant parse(JsonNode value, String field) {
        if (value == null || value.isNull() || value.isMissingNode() || value.asText().isBlank()) {
            return null;
        }
        if (value.isIntegralNumber()) {
            return Instant.ofEpochMilli(value.longValue());
        }
        String text = value.asText().trim();
        if (text.chars().allMatch(Character::isDigit)) {
            return Instant.ofEpochMilli(Long.parseLong(text));
        }
        try {
            return LocalDateTime.parse(text, format).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + " '" + text + "' is neither epoch milliseconds nor " + pattern);
        }
    }

    /** The instant as text in the configured format and zone (what Gensee expects in startTime / endTime). */
    String format(Instant instant) {
        return format.format(instant.atZone(zone));
    }
}
