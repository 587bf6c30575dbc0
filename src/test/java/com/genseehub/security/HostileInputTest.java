package com.genseehub.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.genseehub.support.HubTest;
import com.genseehub.support.RunningHubTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/** Unknown keys, allow-lists, floods, oversized requests and SQL metacharacters, over real HTTP. */
@HubTest
@AutoConfigureObservability
@TestPropertySource(properties = {
        "hub.sites.guarded.product=webcast",
        "hub.sites.guarded.allowed-addresses=203.0.113.0/24,2001:db8::/32",
        "hub.sites.local.product=webcast",
        "hub.sites.local.allowed-addresses=127.0.0.0/8,::1",
        "hub.sites.flood.product=webcast",
        "hub.sites.flood.rate-limit.per-second=0.01",
        "hub.sites.flood.rate-limit.burst=10"
})
class HostileInputTest extends RunningHubTest {

    @Autowired
    JdbcClient jdbc;



    @Test
    void anAddressOutsideTheAllowListLooksExactlyLikeAnUnknownSite() {
        HttpResponse<String> guarded = hub.get("/gensee/guarded/live?ClassNo=G1&Operator=1&Action=101");
        HttpResponse<String> unknown = hub.get("/gensee/no-such-key/live?ClassNo=G1&Operator=1&Action=101");
        assertThat(guarded.statusCode()).isEqualTo(404);
        assertThat(guarded.body()).isEqualTo(unknown.body()).isEqualTo("unknown site");
        assertThat(jdbc.sql("select count(*) from journal_event where class_no = 'G1'").query(Long.class).single())
                .isZero();
        String reason = hub.awaitQuarantined("/gensee/guarded/live").get("reason").asText();
        assertThat(reason).isEqualTo("address 127.0.0.1 is not in the allowed-addresses of site guarded");

        assertThat(hub.get("/gensee/local/live?ClassNo=G1&Operator=1&Action=101").statusCode()).isEqualTo(200);
    }

    @Test
    void aFloodFromOneAddressIsCutOffWithoutSlowingOtherSites() {
        long quarantinedBefore = quarantined();
        List<Integer> flood = new ArrayList<>();
        List<Integer> others = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            flood.add(hub.get("/gensee/flood/live?ClassNo=F1&Operator=" + (i + 1) + "&Action=101").statusCode());
            others.add(hub.get("/gensee/demo/live?ClassNo=F2&Operator=" + (i + 1) + "&Action=101").statusCode());
        }
        assertThat(flood.subList(0, 10)).containsOnly(200);
        assertThat(flood.subList(10, 30)).containsOnly(429);
        assertThat(others).containsOnly(200);
        hub.awaitDispatched();
        assertThat(jdbc.sql("select count(*) from journal_event where class_no = 'F1'").query(Long.class).single())
                .isEqualTo(10);
        assertThat(quarantined()).as("a flood does not fill the quarantine").isEqualTo(quarantinedBefore);
        var metrics = hub.get("/actuator/prometheus").body();
        assertThat(metrics).contains("hub_callbacks_rate_limited_total{site=\"flood\"} 20.0");
    }

    @Test
    void anOversizedRequestIsRefusedAndNothingIsStored() {
        String huge = "x".repeat(20_000);
        HttpResponse<String> response = hub.get("/gensee/demo/live?ClassNo=BIG1&Operator=1&Action=101&pad=" + huge);
        assertThat(response.statusCode()).as("URI too long").isEqualTo(414);
        hub.awaitDispatched();
        assertThat(jdbc.sql("select count(*) from journal_event where class_no = 'BIG1'").query(Long.class).single())
                .isZero();
    }

    @Test
    void anOversizedFormBodyIsRefusedUnreadAndQuarantined() throws Exception {
        // join authentication takes a form body too, and has no parser limit of its own
        String body = "k=" + "a".repeat(300 * 1024) + "&uid=1";
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(hub.ingress().resolve("/gensee/demo/auth"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).isEqualTo("body is larger than 262144 bytes");
        JsonNode kept = hub.awaitQuarantined("/gensee/demo/auth");
        assertThat(kept.get("reason").asText()).isEqualTo("body is larger than 262144 bytes");
        assertThat(kept.get("bodyBytes").asInt()).as("the first max-body-bytes, as received").isEqualTo(262144);
        assertThat(kept.get("body").asText()).startsWith("k=aaaa");
    }

    @Test
    void aHugeXmlBodyIsRefusedAfterTheLimitWithoutReadingTheRest() throws Exception {
        // announces 100 MB but sends only a little over the 256 KB limit, then waits: the hub must
        // answer from what it has (were it to read the whole body first, this would time out)
        try (Socket socket = new Socket(hub.ingress().getHost(), hub.ingress().getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /gensee/demo/qa/client HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/xml\r\n"
                    + "Content-Length: " + 100_000_000 + "\r\n\r\n<qa>").getBytes(StandardCharsets.ISO_8859_1));
            out.write("x".repeat(300 * 1024).getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String head = new String(socket.getInputStream().readNBytes(12), StandardCharsets.ISO_8859_1);
            assertThat(head).isEqualTo("HTTP/1.1 413");
        }
        assertThat(hub.awaitQuarantined("/gensee/demo/qa/client").get("reason").asText())
                .isEqualTo("body is larger than 262144 bytes");
        assertThat(hub.get("/gensee/demo/live?ClassNo=AFTERHUGE&Operator=1&Action=101").statusCode()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1' OR '1'='1", "'; drop table journal_event; --", "1;delete from attendee",
            "\" or \"\"=\"", "1) union select * from quarantine --"})
    void sqlMetacharactersInEveryParameterChangeNothing(String evil) {
        long journaled = journal();
        String e = URLEncoder.encode(evil, StandardCharsets.UTF_8);
        for (String query : List.of("ClassNo=" + e + "&Operator=1&Action=101",
                "ClassNo=S1&Operator=" + e + "&Action=101",
                "ClassNo=S1&Operator=1&Action=" + e,
                "ClassNo=S1&Operator=1&Action=101&totalusernum=" + e)) {
            assertThat(hub.get("/gensee/demo/live?" + query).statusCode()).as(query).isEqualTo(400);
            assertThat(hub.get("/gensee/demo/vod?" + query.replace("101", "111")).statusCode()).isEqualTo(400);
        }
        // an unknown parameter is kept as data, verbatim
        assertThat(hub.get("/gensee/demo/live?ClassNo=S1&Operator=1&Action=101&Affected=" + e).statusCode())
                .isEqualTo(200);
        assertThat(journal()).isEqualTo(journaled + 1);
        hub.awaitDispatched();
        JsonNode latest = hub.apiJson("/api/events?classNo=S1&limit=1").get("items").get(0);
        assertThat(latest.get("params").get("Affected").asText()).isEqualTo(evil);

        // the read API's filters are bound parameters: no match, no error, tables intact
        for (String path : List.of("/api/sessions?site=" + e, "/api/sessions?classNo=" + e,
                "/api/sessions/ended?since=2020-01-01T00:00:00Z&classNo=" + e, "/api/events?site=" + e + "&classNo=" + e,
                "/api/sessions/" + e.replace("%", "%25") + "/x/attendance")) {
            HttpResponse<String> response = hub.api("GET", path, null);
            assertThat(response.statusCode()).as(path).isIn(200, 404);
            assertThat(response.body()).doesNotContain("\"operator\"");
        }
        assertThat(journal()).isEqualTo(journaled + 1);
    }

    @Test
    void errorRepliesNeverEchoMarkupOrLeakInternals() {
        HttpResponse<String> response = hub.get("/gensee/demo/live?ClassNo=X&Operator=%3Cscript%3E&Action=101");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).doesNotContain("<script>").doesNotContain("Exception").doesNotContain("at com.");
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        HttpResponse<String> repeated = hub.get("/gensee/demo/live?ClassNo=X&Operator=1&Action=101&%3Cb%3E=1&%3Cb%3E=2");
        assertThat(repeated.body()).isEqualTo("parameter ?b? is given more than once");
    }

    /** Events stored, those not yet moved from the spool into the table included. */
    private long journal() {
        return hub.apiJson("/api/status").get("journalEvents").asLong();
    }

    private long quarantined() {
        return jdbc.sql("select count(*) from quarantine").query(Long.class).single();
    }

}
