package com.genseehub.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.genseehub.callback.CallbackEvent;
import com.genseehub.callback.CallbackKind;
import com.genseehub.support.HubTest;
import com.genseehub.support.MutableClock;
import com.genseehub.support.RunningHubTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;

/**
 * An event the dispatch worker cannot apply (one no parser would let through, standing in for a bug)
 * must neither stall the events after it nor vanish silently.
 */
@HubTest
// the rows damaged here cannot be read back: no other test class may share this database
@DirtiesContext
class DispatchFailureTest extends RunningHubTest {

    @Autowired
    JdbcClient jdbc;
    @Autowired
    Journal journal;
    @Autowired
    JournalDispatcher dispatcher;
    @Autowired
    MutableClock clock;

    @Test
    void anEventThatCannotBeAppliedIsListedAndTheOthersGoOn() {
        // a VOD start without a viewer: the VOD handler cannot apply it
        long bad = journal.append(new CallbackEvent(null, clock.instant(), "demo", CallbackKind.VOD, "FAIL1", 111,
                null, null, Map.of())).seq();
        assertThat(hub.get("/gensee/demo/live?ClassNo=FAIL1&Operator=42&Action=101&totalusernum=1").statusCode())
                .isEqualTo(200);

        hub.awaitDispatched();

        assertThat(hub.apiItems("/api/sessions/demo/FAIL1/attendance").get(0).get("operator").asLong()).isEqualTo(42);
        assertThat(hub.apiJson("/api/status").get("dispatchFailures").asLong()).isEqualTo(1);
        JsonNode failure = hub.apiJson("/api/dispatch-failures").get("items").get(0);
        assertThat(failure.get("seq").asLong()).isEqualTo(bad);
        assertThat(failure.get("error").asText()).isNotBlank();
        assertThat(failure.get("failedAt").asText()).isNotBlank();

        // a journal row that cannot even be read (its parameters damaged before dispatch got to it) is isolated the same way
        dispatcher.stop();
        long unreadable = journal.append(new CallbackEvent(null, clock.instant(), "demo", CallbackKind.LIVE, "FAIL1",
                101, 43L, 2, Map.of("ClassNo", "FAIL1"))).seq();
        await().until(() -> journal.notYetInTables() == 0);
        jdbc.sql("update journal_event set params = 'not json' where seq = ?").param(unreadable).update();
        assertThat(hub.get("/gensee/demo/live?ClassNo=FAIL1&Operator=44&Action=101&totalusernum=3").statusCode())
                .isEqualTo(200);
        dispatcher.start();
        hub.awaitDispatched();
        assertThat(hub.apiJson("/api/status").get("dispatchFailures").asLong()).isEqualTo(2);
        assertThat(hub.apiJson("/api/dispatch-failures").get("items").get(0).get("seq").asLong()).isEqualTo(unreadable);
        assertThat(hub.apiItems("/api/sessions/demo/FAIL1/attendance").size()).as("42 and 44").isEqualTo(2);

        // a rebuild retries them (and they fail again, on their own)
        assertThat(hub.api("POST", "/api/admin/rebuild", null).statusCode()).isEqualTo(200);
        hub.awaitDispatched();
        assertThat(hub.apiJson("/api/status").get("dispatchFailures").asLong()).isEqualTo(2);
        assertThat(hub.apiItems("/api/sessions/demo/FAIL1/attendance").size()).isEqualTo(2);
    }
}
