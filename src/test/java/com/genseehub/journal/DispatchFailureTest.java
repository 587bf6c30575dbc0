package com.genseehub.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import com.fasterxml.jackson.databind.JsonNode;
import com.genseehub.support.HubTest;
import com.genseehub.support.RunningHubTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;

/**
 * An event the dispatch worker cannot apply (here: a VOD start without a user, which no parser lets
 * through, standing in for a bug) must neither stall the events after it nor vanish silently.
 */
@HubTest
class DispatchFailureTest extends RunningHubTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void anEventThatCannotBeAppliedIsListedAndTheOthersGoOn() {
        KeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("""
                insert into journal_event (received_at, site, kind, class_no, action, operator, total_users, params)
                values (?, 'demo', 'vod', 'FAIL1', 111, null, null, '{}')""")
                .param(OffsetDateTime.now(ZoneOffset.UTC)).update(key, "seq");
        long bad = key.getKey().longValue();
        jdbc.sql("insert into pending_dispatch (seq) values (?)").param(bad).update();
        assertThat(hub.get("/gensee/demo/live?ClassNo=FAIL1&Operator=42&Action=101&totalusernum=1").statusCode())
                .isEqualTo(200);

        hub.awaitDispatched();

        assertThat(hub.apiJson("/api/sessions/demo/FAIL1/attendance").get(0).get("operator").asLong()).isEqualTo(42);
        assertThat(hub.apiJson("/api/status").get("dispatchFailures").asLong()).isEqualTo(1);
        JsonNode failure = hub.apiJson("/api/dispatch-failures").get("items").get(0);
        assertThat(failure.get("seq").asLong()).isEqualTo(bad);
        assertThat(failure.get("error").asText()).isNotBlank();
        assertThat(failure.get("failedAt").asText()).isNotBlank();

        // a rebuild retries it (and it fails again, on its own)
        assertThat(hub.api("POST", "/api/admin/rebuild", null).statusCode()).isEqualTo(200);
        hub.awaitDispatched();
        assertThat(hub.apiJson("/api/status").get("dispatchFailures").asLong()).isEqualTo(1);
        assertThat(hub.apiJson("/api/sessions/demo/FAIL1/attendance").size()).isEqualTo(1);
    }
}
