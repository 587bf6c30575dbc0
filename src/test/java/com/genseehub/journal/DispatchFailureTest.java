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
import org.springframework.test.annotation.DirtiesContext;

/**
 * An event the dispatch worker cannot apply (here: a VOD start without a user, which no parser lets
 * through, standing in for a bug) must neither stall the events after it nor vanish silently.
 */
@HubTest
// the rows planted here cannot be read back: no other test class may share this database
@DirtiesContext
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

        // a journal row that cannot even be read (its parameters are not JSON) is isolated the same way
        KeyHolder unreadable = new GeneratedKeyHolder();
        jdbc.sql("""
                insert into journal_event (received_at, site, kind, class_no, action, operator, total_users, params)
                values (?, 'demo', 'live', 'FAIL1', 101, 43, 2, 'not json')""")
                .param(OffsetDateTime.now(ZoneOffset.UTC)).update(unreadable, "seq");
        jdbc.sql("insert into pending_dispatch (seq) values (?)").param(unreadable.getKey().longValue()).update();
        assertThat(hub.get("/gensee/demo/live?ClassNo=FAIL1&Operator=44&Action=101&totalusernum=3").statusCode())
                .isEqualTo(200);
        hub.awaitDispatched();
        assertThat(hub.apiJson("/api/status").get("dispatchFailures").asLong()).isEqualTo(2);
        assertThat(hub.apiJson("/api/dispatch-failures").get("items").get(0).get("seq").asLong())
                .isEqualTo(unreadable.getKey().longValue());
        assertThat(hub.apiJson("/api/sessions/demo/FAIL1/attendance").size()).as("42 and 44").isEqualTo(2);

        // a rebuild retries them (and they fail again, on their own)
        assertThat(hub.api("POST", "/api/admin/rebuild", null).statusCode()).isEqualTo(200);
        hub.awaitDispatched();
        assertThat(hub.apiJson("/api/status").get("dispatchFailures").asLong()).isEqualTo(2);
        assertThat(hub.apiJson("/api/sessions/demo/FAIL1/attendance").size()).isEqualTo(2);
    }
}
