package com.genseehub.crm;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.genseehub.callback.CallbackEvent;
import com.genseehub.callback.CallbackKind;
import com.genseehub.journal.Journal;
import com.genseehub.support.Deliveries;
import com.genseehub.support.HubTest;
import com.genseehub.support.MutableClock;
import com.genseehub.support.RunningHubTest;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/** Q&A events to two CRMs over real HTTP (WireMock): signed, retried while a CRM is down, dead and replayed. */
@HubTest
@AutoConfigureObservability // tests get /actuator/prometheus only when asked for
@TestPropertySource(properties = {
        "hub.delivery.poll-interval=50ms",
        "hub.sinks.crm.enabled=true",
        "hub.sinks.crm.max-attempts=3",
        "hub.sinks.crm.initial-delay=10s",
        "hub.sinks.crm.max-delay=20s",
        "hub.sinks.crm.endpoints.acme.secret=" + CrmWebhookTest.ACME_SECRET,
        "hub.sinks.crm.endpoints.other.secret=plain-secret",
        "hub.sites.demo.uid-offset=1000000000"
})
class CrmWebhookTest extends RunningHubTest {

    static final String ACME_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final int CRM_PORT = freePort();
    static WireMockServer crm;

    @DynamicPropertySource
    static void crmUrls(DynamicPropertyRegistry registry) {
        registry.add("hub.sinks.crm.endpoints.acme.url", () -> "http://localhost:" + CRM_PORT + "/hooks/acme");
        registry.add("hub.sinks.crm.endpoints.other.url", () -> "http://localhost:" + CRM_PORT + "/hooks/other");
    }

    @Autowired
    Journal journal;
    @Autowired
    MutableClock clock;
    @Autowired
    JdbcClient jdbc;

    Deliveries deliveries;
    final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void connect() {
        deliveries = new Deliveries(hub);
        startCrm();
        jdbc.sql("delete from delivery").update();
    }

    @AfterAll
    static void stopCrm() {
        crm.stop();
    }

    @Test
    void aQuestionIsPostedToEveryCrmSignedWithItsSecret() throws Exception {
        answer("/hooks/acme", 200);
        answer("/hooks/other", 204);
        long seq = ask("Q-1", "What is <covered> today?");

        deliveries.awaitAll("crm:acme", 1, "done");
        deliveries.awaitAll("crm:other", 1, "done");

        LoggedRequest post = single("/hooks/acme");
        String body = post.getBodyAsString();
        String id = post.getHeader("webhook-id");
        String timestamp = post.getHeader("webhook-timestamp");
        assertThat(id).isEqualTo("msg_" + seq);
        assertThat(timestamp).isEqualTo(String.valueOf(clock.instant().getEpochSecond()));
        byte[] acmeKey = Base64.getDecoder().decode(ACME_SECRET.substring("whsec_".length()));
        assertThat(post.getHeader("webhook-signature")).isEqualTo("v1," + hmac(acmeKey, id + "." + timestamp + "." + body));
        assertThat(post.getHeader("Content-Type")).startsWith("application/json");

        JsonNode payload = json.readTree(body);
        assertThat(payload.get("event").asText()).isEqualTo("qa.question");
        assertThat(payload.get("eventSeq").asLong()).isEqualTo(seq);
        assertThat(payload.get("site").asText()).isEqualTo("demo");
        assertThat(payload.get("id").asText()).isEqualTo("Q-1");
        assertThat(payload.get("uname").asText()).isEqualTo("Li Lei");
        assertThat(payload.get("userId").asLong()).as("uid - hub.sites.demo.uid-offset").isEqualTo(101);
        assertThat(payload.get("text").asText()).isEqualTo("What is <covered> today?");
        assertThat(payload.get("time").asText()).isEqualTo("2026-03-02T07:59:58Z");
        assertThat(payload.get("source").asText()).isEqualTo("web");

        // the other CRM verifies with its own (plain) secret
        LoggedRequest other = single("/hooks/other");
        assertThat(other.getHeader("webhook-signature")).isEqualTo("v1," + hmac(
                "plain-secret".getBytes(StandardCharsets.UTF_8),
                other.getHeader("webhook-id") + "." + other.getHeader("webhook-timestamp") + "." + other.getBodyAsString()));

        // rebuilding replays the journal through dispatch: no second delivery, no second POST of this event
        // (other test methods' events in the same journal may get theirs: their deliveries were cleared)
        hub.api("POST", "/api/admin/rebuild", null);
        hub.awaitDispatched();
        List<JsonNode> ofThisEvent = new ArrayList<>();
        deliveries.of("crm:acme").forEach(d -> {
            if (d.get("eventSeq").asLong() == seq) {
                ofThisEvent.add(d);
            }
        });
        assertThat(ofThisEvent).hasSize(1);
        assertThat(crm.findAll(postRequestedFor(urlEqualTo("/hooks/acme"))))
                .filteredOn(request -> request.getHeader("webhook-id").equals("msg_" + seq)).hasSize(1);
    }

    @Test
    void aCrmThatIsDownGetsTheQuestionOnceItIsBackAndTheOtherIsNotHeldUp() {
        answer("/hooks/other", 200);
        crm.stop();
        ask("Q-2", "Is anyone there?");

        JsonNode failed = deliveries.await("crm:acme", "failed", items -> items.size() == 1
                && items.get(0).get("status").asText().equals("failed"));
        assertThat(failed.get(0).get("attempts").asInt()).isEqualTo(1);
        assertThat(failed.get(0).get("lastError").asText()).isNotBlank();

        startCrm();
        answer("/hooks/acme", 200);
        answer("/hooks/other", 200);
        // the retry waits for its backoff (10 s at most on the first retry), on the hub's clock
        clock.advance(Duration.ofSeconds(11));
        JsonNode done = deliveries.awaitAll("crm:acme", 1, "done");
        assertThat(done.get(0).get("attempts").asInt()).isEqualTo(2);
        assertThat(done.get(0).get("deliveredAt").asText()).isEqualTo(clock.instant().toString());
        assertThat(single("/hooks/acme").getBodyAsString()).contains("Is anyone there?");
    }

    @Test
    void aDeliveryThatRanOutOfAttemptsIsDeadUntilReplayed() {
        double deadBefore = deliveries.metric("hub_sink_dead_total", "crm:acme");
        double retriedBefore = deliveries.metric("hub_sink_retried_total", "crm:acme");
        double deliveredBefore = deliveries.metric("hub_sink_delivered_total", "crm:acme");
        double latencyBefore = deliveries.metric("hub_sink_delivery_latency_seconds_count", "crm:acme");
        answer("/hooks/acme", 500);
        answer("/hooks/other", 200);
        ask("Q-3", "Will this arrive?");

        JsonNode dead = exhaustAttempts(1);
        assertThat(dead.get(0).get("attempts").asInt()).isEqualTo(3);
        assertThat(dead.get(0).get("lastError").asText()).contains("500");
        assertThat(crm.findAll(postRequestedFor(urlEqualTo("/hooks/acme")))).hasSize(3);
        assertThat(deliveries.metric("hub_sink_retried_total", "crm:acme") - retriedBefore).isEqualTo(2);
        assertThat(deliveries.metric("hub_sink_dead_total", "crm:acme") - deadBefore).isEqualTo(1);

        JsonNode listed = hub.apiJson("/api/deliveries?status=dead&sink=crm:acme");
        assertThat(listed.get("items")).hasSize(1);
        assertThat(listed.get("nextOffset").isNull()).isTrue();
        JsonNode summary = hub.apiJson("/api/deliveries/summary");
        assertThat(summary.toString()).contains("{\"sink\":\"crm:acme\",\"pending\":0,\"sending\":0,\"failed\":0,\"dead\":1,\"done\":0}")
                .contains("{\"sink\":\"crm:other\",\"pending\":0,\"sending\":0,\"failed\":0,\"dead\":0,\"done\":1}");

        answer("/hooks/acme", 200);
        long id = dead.get(0).get("id").asLong();
        var replay = hub.api("POST", "/api/deliveries/" + id + "/replay", null);
        assertThat(replay.statusCode()).isEqualTo(200);
        assertThat(replay.body()).isEqualTo("{\"id\":" + id + ",\"status\":\"pending\"}");
        JsonNode done = deliveries.awaitAll("crm:acme", 1, "done");
        assertThat(done.get(0).get("attempts").asInt()).isEqualTo(1);
        assertThat(deliveries.metric("hub_sink_delivered_total", "crm:acme") - deliveredBefore).isEqualTo(1);
        assertThat(deliveries.metric("hub_sink_delivery_latency_seconds_count", "crm:acme") - latencyBefore)
                .isEqualTo(1);

        assertThat(hub.api("POST", "/api/deliveries/999999/replay", null).statusCode()).isEqualTo(404);
        assertThat(hub.api("GET", "/api/deliveries?status=lost", null).statusCode()).isEqualTo(400);
    }

    @Test
    void bulkReplayResendsEveryDeadDeliveryOfOneSink() {
        answer("/hooks/acme", 503);
        answer("/hooks/other", 200);
        ask("Q-4", "one");
        ask("Q-5", "two");
        exhaustAttempts(2);
        answer("/hooks/acme", 200);
        var replay = hub.api("POST", "/api/deliveries/replay?sink=crm:acme", null);
        assertThat(replay.body()).isEqualTo("{\"replayed\":2}");
        deliveries.awaitAll("crm:acme", 2, "done");
        assertThat(deliveries.of("crm:other")).hasSize(2);
    }

    @Test
    void questionsAndAnswersPushedByGenseeReachTheCrm() throws Exception {
        answer("/hooks/acme", 200);
        answer("/hooks/other", 200);
        String xml = """
                <?xml version="1.0" encoding="utf-8" ?>
                <webcast id="W200">
                  <question id="Q-77" time="1400470679" uid="9934592202" uname="张三">今天讲什么？</question>
                  <answer id="A-77" time="1400470700" uid="1000000001" uname="老师">第三章</answer>
                </webcast>""";
        HttpResponse<String> pushed = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        hub.ingress().resolve("/gensee/demo/qa/client"))
                .header("Content-Type", "text/xml; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(xml, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(pushed.statusCode()).isEqualTo(200);

        deliveries.awaitAll("crm:acme", 2, "done");
        List<JsonNode> payloads = new ArrayList<>();
        for (LoggedRequest post : crm.findAll(postRequestedFor(urlEqualTo("/hooks/acme")))) {
            payloads.add(json.readTree(post.getBodyAsString()));
        }
        assertThat(payloads).extracting(p -> p.get("event").asText())
                .containsExactlyInAnyOrder("qa.question", "qa.answer");
        JsonNode answerPayload = payloads.stream().filter(p -> p.get("event").asText().equals("qa.answer"))
                .findFirst().orElseThrow();
        assertThat(answerPayload.get("questionId").asText()).isEqualTo("Q-77");
        assertThat(answerPayload.get("text").asText()).isEqualTo("第三章");
        assertThat(answerPayload.get("webcastId").asText()).isEqualTo("W200");
        assertThat(answerPayload.get("userId").asLong()).isEqualTo(1);
    }

    private long ask(String id, String text) {
        CallbackEvent event = journal.append(new CallbackEvent(null, clock.instant(), "demo", CallbackKind.QA, "W100",
                null, null, null, Map.of("type", "question", "id", id, "questionId", id, "webcastId", "W100", "uid", "1000000101",
                "uname", "Li Lei", "text", text, "time", "2026-03-02T07:59:58Z", "source", "web")));
        return event.seq();
    }

    private static void startCrm() {
        if (crm == null || !crm.isRunning()) {
            crm = new WireMockServer(options().port(CRM_PORT));
            crm.start();
        }
        crm.resetAll();
    }

    private static void answer(String path, int status) {
        crm.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(status)));
    }

    private static LoggedRequest single(String path) {
        List<LoggedRequest> requests = crm.findAll(postRequestedFor(urlEqualTo(path)));
        assertThat(requests).hasSize(1);
        return requests.get(0);
    }

    private static String hmac(byte[] key, String signed) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
    }

    /** Lets the hub's clock run past each retry of the crm:acme deliveries until all of them are dead. */
    private JsonNode exhaustAttempts(int count) {
        for (int attempt = 1; attempt < 3; attempt++) {
            int attempts = attempt;
            deliveries.await("crm:acme", "attempted " + attempts + " times", items -> items.size() == count
                    && java.util.stream.StreamSupport.stream(items.spliterator(), false)
                    .allMatch(item -> item.get("attempts").asInt() == attempts));
            clock.advance(Duration.ofSeconds(21));
        }
        return deliveries.awaitAll("crm:acme", count, "dead");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
