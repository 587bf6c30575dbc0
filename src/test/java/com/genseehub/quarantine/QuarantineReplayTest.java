package com.genseehub.quarantine;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.genseehub.HubApplication;
import com.genseehub.support.HubClient;
import com.genseehub.support.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The quarantine keeps a refused request as received and replays it through the ingress as it is
 * now: a callback for a site the hub did not know is stored once the site is configured, with the
 * time it first arrived; a row is replayed once; a request that is still bad stays refused.
 */
class QuarantineReplayTest {

    private static final String TOKEN = "replay-token";
    private final MutableClock clock = new MutableClock(Instant.parse("2026-09-01T08:00:00Z"));

    @TempDir
    Path data;

    private ConfigurableApplicationContext start(String... extraArguments) {
        String[] arguments = {"--server.port=0", "--hub.ingress.port=0",
                "--spring.datasource.url=jdbc:h2:file:" + data.resolve("hub") + ";DB_CLOSE_ON_EXIT=FALSE",
                "--hub.api.token=" + TOKEN, "--hub.dispatch.poll-interval=100ms"};
        String[] all = new String[arguments.length + extraArguments.length];
        System.arraycopy(arguments, 0, all, 0, arguments.length);
        System.arraycopy(extraArguments, 0, all, arguments.length, extraArguments.length);
        return new SpringApplicationBuilder(HubApplication.class)
                .initializers(context -> context.getBeanFactory().registerSingleton("clock", clock))
                .run(all);
    }

    @Test
    void aCallbackForASiteAddedLaterIsStoredByAReplayWithTheTimeItFirstArrived() {
        Instant firstArrived = clock.instant();
        long unknownJoin;
        long badJoin;
        long unknownForm;
        try (ConfigurableApplicationContext hub = start()) {
            HubClient client = HubClient.of(hub, TOKEN);
            assertThat(client.get("/gensee/newsite/live?ClassNo=R1&Operator=1000000101&Action=101&totalusernum=1")
                    .statusCode()).isEqualTo(404);
            unknownJoin = client.awaitQuarantined("/gensee/newsite/live").get("id").asLong();
            assertThat(client.get("/gensee/demo/live?ClassNo=R1&Operator=oops&Action=101").statusCode()).isEqualTo(400);
            badJoin = client.awaitQuarantined("/gensee/demo/live").get("id").asLong();
            HttpResponse<String> form = client.post("/gensee/newsite/qa/web", "application/x-www-form-urlencoded; charset=GBK",
                    new byte[] {'u', 's', 'e', 'r', 'i', 'd', '=', '1', '&', 'q', 'u', 'e', 's', 't', 'i', 'o', 'n', '=',
                            (byte) 0xce, (byte) 0xca, '&', 'w', 'e', 'b', 'c', 'a', 's', 't', 'i', 'd', '=', 'W', '1'});
            assertThat(form.statusCode()).isEqualTo(404);
            unknownForm = client.awaitQuarantined("/gensee/newsite/qa/web").get("id").asLong();

            // kept as received: method, path, query, the headers that say how to read the body, the body bytes
            JsonNode kept = client.apiJson("/api/quarantine?limit=10").get("items");
            JsonNode formRow = find(kept, unknownForm);
            assertThat(formRow.get("method").asText()).isEqualTo("POST");
            assertThat(formRow.get("headers").get("content-type").asText()).isEqualTo("application/x-www-form-urlencoded; charset=GBK");
            assertThat(formRow.get("headers").get("content-length").asText()).isEqualTo("33");
            assertThat(formRow.get("bodyBytes").asInt()).isEqualTo(33);
            assertThat(formRow.get("body").asText()).isEqualTo("userid=1&question=问&webcastid=W1");
            assertThat(find(kept, unknownJoin).get("query").asText())
                    .isEqualTo("ClassNo=R1&Operator=1000000101&Action=101&totalusernum=1");
            assertThat(find(kept, unknownJoin).get("receivedAt").asText()).isEqualTo("2026-09-01T08:00:00Z");

            // replayed now: the site is still unknown, so it is refused again and can be replayed later
            JsonNode stillUnknown = client.json(client.api("POST", "/api/quarantine/" + unknownJoin + "/replay", null).body());
            assertThat(stillUnknown.get("status").asInt()).isEqualTo(404);
            assertThat(stillUnknown.get("reason").asText()).isEqualTo("unknown site");
        }

        clock.advance(java.time.Duration.ofHours(3));
        // the integrator adds the site and restarts the hub
        try (ConfigurableApplicationContext hub = start("--hub.sites.newsite.product=webcast")) {
            HubClient client = HubClient.of(hub, TOKEN);
            JsonNode replayed = client.json(client.api("POST", "/api/quarantine/" + unknownJoin + "/replay", null).body());
            assertThat(replayed.get("status").asInt()).isEqualTo(200);
            long seq = replayed.get("seq").get(0).asLong();
            client.awaitDispatched();
            JsonNode event = client.apiJson("/api/events?site=newsite&classNo=R1").get("items").get(0);
            assertThat(event.get("seq").asLong()).isEqualTo(seq);
            assertThat(Instant.parse(event.get("receivedAt").asText())).as("the time it first arrived").isEqualTo(firstArrived);
            assertThat(client.apiItems("/api/sessions/newsite/R1/attendance").get(0).get("operator").asLong())
                    .isEqualTo(1000000101L);

            // once only
            JsonNode again = client.json(client.api("POST", "/api/quarantine/" + unknownJoin + "/replay", null).body());
            assertThat(again.get("status").asInt()).isEqualTo(409);
            assertThat(again.get("reason").asText()).isEqualTo("already replayed");

            // still bad input: refused again with today's reason, not marked replayed
            JsonNode bad = client.json(client.api("POST", "/api/quarantine/" + badJoin + "/replay", null).body());
            assertThat(bad.get("status").asInt()).isEqualTo(400);
            assertThat(bad.get("reason").asText()).isEqualTo("Operator must be a non-negative number");

            // bulk, by site: the GBK form, read in the charset its Content-Type declared
            JsonNode bulk = client.json(client.api("POST", "/api/quarantine/replay?site=newsite", null).body());
            assertThat(bulk.get("replayed").asInt()).isEqualTo(1);
            client.awaitDispatched();
            assertThat(client.apiItems("/api/qa?site=newsite&webcastId=W1").get(0).get("text").asText()).isEqualTo("问");

            JsonNode rows = client.apiJson("/api/quarantine?limit=10").get("items");
            assertThat(find(rows, unknownJoin).get("replayStatus").asInt()).isEqualTo(200);
            assertThat(find(rows, unknownJoin).get("replayedAt").isNull()).isFalse();
            assertThat(find(rows, badJoin).get("replayedAt").isNull()).isTrue();
            assertThat(find(rows, badJoin).get("replayStatus").asInt()).isEqualTo(400);
            assertThat(client.api("POST", "/api/quarantine/999999/replay", null).statusCode()).isEqualTo(404);
        }
    }

    private static JsonNode find(JsonNode items, long id) {
        for (JsonNode item : items) {
            if (item.get("id").asLong() == id) {
                return item;
            }
        }
        throw new AssertionError("no quarantine row " + id + " in " + items);
    }
}
