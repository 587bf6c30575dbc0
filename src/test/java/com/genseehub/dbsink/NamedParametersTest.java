package com.genseehub.dbsink;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.genseehub.attendance.Attendee;
import com.genseehub.callback.CallbackEvent;
import com.genseehub.callback.CallbackKind;
import org.junit.jupiter.api.Test;

class NamedParametersTest {

    final ObjectMapper json = new ObjectMapper();

    @Test
    void everyComponentOfTheRecordIsAParameterNamedLikeIt() {
        Attendee attendee = new Attendee("demo", "C1", 42L, 2, 1, 1, 1, 0, 3, 90_500L, null,
                Instant.parse("2026-03-02T08:00:00.250Z"), Instant.parse("2026-03-02T09:30:00Z"));
        Map<String, Object> parameters = NamedParameters.of(attendee, json);
        assertThat(parameters).containsOnlyKeys("site", "classNo", "operator", "joins", "repeatedJoins",
                "normalExits", "abnormalExits", "closedByStop", "orphanLeaves", "millis", "openSince", "firstJoin",
                "lastLeave");
        assertThat(parameters).containsEntry("operator", 42L).containsEntry("millis", 90_500L)
                .containsEntry("openSince", null)
                // UTC wall time, whatever the hub's time zone
                .containsEntry("firstJoin", LocalDateTime.parse("2026-03-02T08:00:00.250"))
                .containsEntry("lastLeave", LocalDateTime.parse("2026-03-02T09:30:00"));
    }

    @Test
    void anEventsKindIsItsJsonNameAndItsParamsAreJsonText() throws Exception {
        CallbackEvent event = new CallbackEvent(7L, Instant.parse("2026-03-02T08:00:00Z"), "demo", CallbackKind.LIVE,
                "C1", 101, 42L, 3, Map.of("Action", "101", "name", "张三"));
        Map<String, Object> parameters = NamedParameters.of(event, json);
        assertThat(parameters).containsEntry("seq", 7L).containsEntry("kind", "live").containsEntry("action", 101)
                .containsEntry("receivedAt", LocalDateTime.parse("2026-03-02T08:00:00"));
        assertThat(json.readTree((String) parameters.get("params")))
                .isEqualTo(json.valueToTree(Map.of("Action", "101", "name", "张三")));
    }
}
