package com.genseehub.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.genseehub.support.HubClient;
import com.genseehub.support.HubTest;
import com.genseehub.support.RunningHubTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The live and VOD endpoints over real HTTP: what is accepted, what is refused, and what is kept. */
@HubTest
class CallbackIngressTest extends RunningHubTest {

    @Autowired
    JdbcClient jdbc;



    @Test
    void aGoodCallbackIsInTheJournalBeforeTheReply() {
        long before = journalCount();
        HttpResponse<String> response = hub.get(
                "/gensee/demo/live?ClassNo=ING1&Operator=1000000101&Action=101&Affected=1000000101&totalusernum=7");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("ok");
        // counted without waiting: stored (on the embedded database: in the journal spool) before the 200
        assertThat(journalCount()).isEqualTo(before + 1);

        hub.awaitDispatched();
        var row = jdbc.sql("select site, kind, action, operator, total_users, params from journal_event "
                + "where class_no = 'ING1'").query().singleRow();
        assertThat(row.get("site")).isEqualTo("demo");
        assertThat(row.get("kind")).isEqualTo("live");
        assertThat(((Number) row.get("action")).intValue()).isEqualTo(101);
        assertThat(((Number) row.get("operator")).longValue()).isEqualTo(1000000101L);
        assertThat(((Number) row.get("total_users")).intValue()).isEqualTo(7);
        assertThat(row.get("params").toString()).contains("\"Affected\":\"1000000101\"");
    }

    @Test
    void vodCallbacksAreAccepted() {
        assertThat(hub.get("/gensee/demo/vod?ClassNo=VOD1&Operator=1000000101&Action=111&totalusernum=1")
                .statusCode()).isEqualTo(200);
        assertThat(hub.get("/gensee/demo/vod?ClassNo=VOD1&Operator=1000000101&Action=112&totalusernum=0")
                .statusCode()).isEqualTo(200);
        hub.awaitDispatched();
        assertThat(jdbc.sql("select count(*) from journal_event where class_no = 'VOD1' and kind = 'vod'")
                .query(Long.class).single()).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "live?Operator=1&Action=101                          | 400 | ClassNo is missing",
            "live?ClassNo=&Operator=1&Action=101                 | 400 | ClassNo is missing",
            "live?ClassNo=a%20b&Operator=1&Action=101            | 400 | ClassNo must be 1-64 letters, digits, '-' or '_'",
            "live?ClassNo=X1&Operator=1                          | 400 | Action is missing",
            "live?ClassNo=X1&Operator=1&Action=abc               | 400 | Action must be a number",
            "live?ClassNo=X1&Operator=1&Action=108               | 400 | Action 108 is not a live callback code",
            "live?ClassNo=X1&Operator=1&Action=111               | 400 | Action 111 is not a live callback code",
            "vod?ClassNo=X1&Operator=1&Action=101                | 400 | Action 101 is not a vod callback code",
            "live?ClassNo=X1&Operator=12ab&Action=101            | 400 | Operator must be a non-negative number",
            "live?ClassNo=X1&Operator=-5&Action=101              | 400 | Operator must be a non-negative number",
            "live?ClassNo=X1&Action=101                          | 400 | Operator is required for Action 101",
            "vod?ClassNo=X1&Action=112                           | 400 | Operator is required for Action 112",
            "live?ClassNo=X1&Operator=1&Action=101&totalusernum=x | 400 | totalusernum must be a non-negative number",
            "live?ClassNo=X1&Operator=1&Action=101&Action=107    | 400 | parameter Action is given more than once",
            "live?ClassNo=X1%ZZ&Operator=1&Action=101            | 400 | malformed percent-encoding in query string",
    })
    void badInputIsRefusedWithAOneLineReasonAndQuarantined(String pathAndQuery, int status, String reason) {
        long journaled = journalCount();
        long mark = hub.quarantineMark();
        HubClient.RawResponse response = hub.rawGet("/gensee/demo/" + pathAndQuery);

        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.body()).isEqualTo(reason).doesNotContain("\n");
        assertThat(journalCount()).isEqualTo(journaled);
        // a request refused at the gate (e.g. broken percent-encoding) is quarantined in the background
        JsonNode latest = hub.awaitQuarantined("/gensee/demo/" + pathAndQuery.substring(0, pathAndQuery.indexOf('?')), mark);
        assertThat(latest.get("reason").asText()).isEqualTo(reason);
        assertThat(latest.get("status").asInt()).isEqualTo(status);
        assertThat(latest.get("method").asText()).isEqualTo("GET");
        assertThat(latest.get("path").asText()).isEqualTo("/gensee/demo/" + pathAndQuery.substring(0,
                pathAndQuery.indexOf('?')));
        assertThat(latest.get("query").asText()).isEqualTo(pathAndQuery.substring(pathAndQuery.indexOf('?') + 1));
        assertThat(latest.get("remoteAddress").asText()).isEqualTo("127.0.0.1");
        assertThat(latest.get("receivedAt").asText()).isNotBlank();
    }

    @Test
    void pauseIsRefusedForSmallClassSitesWhereGenseeNeverSendsIt() {
        HttpResponse<String> response = hub.get("/gensee/small/live?ClassNo=X2&Operator=0&Action=104");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("Action 104 is not sent for small-class classes");
        assertThat(hub.get("/gensee/lecture/live?ClassNo=X2&Operator=0&Action=104").statusCode()).isEqualTo(200);
    }

    @Test
    void anUnknownSiteGets404WithoutDetailAndIsKept() {
        HttpResponse<String> response = hub.get("/gensee/not-a-site/live?ClassNo=X3&Operator=1&Action=101");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEqualTo("unknown site").doesNotContain("demo");
        JsonNode latest = hub.awaitQuarantined("/gensee/not-a-site/live");
        assertThat(latest.get("site").asText()).isEqualTo("not-a-site");
        assertThat(latest.get("status").asInt()).isEqualTo(404);
    }

    @Test
    void goodEventsAroundABadOneAreAllKept() {
        assertThat(hub.get("/gensee/demo/live?ClassNo=MIX1&Operator=11&Action=101").statusCode()).isEqualTo(200);
        assertThat(hub.get("/gensee/demo/live?ClassNo=MIX1&Operator=oops&Action=101").statusCode()).isEqualTo(400);
        assertThat(hub.get("/gensee/demo/live?ClassNo=MIX1&Operator=12&Action=101").statusCode()).isEqualTo(200);
        hub.awaitDispatched();
        JsonNode rows = hub.apiItems("/api/sessions/demo/MIX1/attendance");
        assertThat(rows).extracting(r -> r.get("operator").asLong()).containsExactly(11L, 12L);
    }

    @Test
    void parametersCannotOverrideTheSiteOrInternalHeaders() {
        HttpResponse<String> response = hub.get(
                "/gensee/demo/live?ClassNo=HDR1&Operator=13&Action=101&site=lecture&kind=vod&CamelHttpResponseCode=500");
        assertThat(response.statusCode()).isEqualTo(200);
        hub.awaitDispatched();
        var row = jdbc.sql("select site, kind from journal_event where class_no = 'HDR1'").query().singleRow();
        assertThat(row.get("site")).isEqualTo("demo");
        assertThat(row.get("kind")).isEqualTo("live");
    }

    @Test
    void otherMethodsThanGetAreNotAccepted() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + ingressPort + "/gensee/demo/live?ClassNo=M1&Operator=1&Action=101"))
                .DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(jdbc.sql("select count(*) from journal_event where class_no = 'M1'").query(Long.class).single())
                .isZero();
    }

    @ParameterizedTest
    @CsvSource({"qa/web, userid=1&name=%ZZ&question=q&webcastid=W1", "auth, k=%G0&uid=1"})
    void aFormBodyWithBrokenPercentEncodingIsRefusedAndQuarantined(String endpoint, String form) throws Exception {
        long journaled = journalCount();
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + ingressPort + "/gensee/demo/" + endpoint))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("malformed percent-encoding in form body");
        assertThat(journalCount()).isEqualTo(journaled);
        JsonNode latest = hub.apiJson("/api/quarantine?limit=1").get("items").get(0);
        assertThat(latest.get("reason").asText()).isEqualTo("malformed percent-encoding in form body");
        assertThat(latest.get("body").asText()).isEqualTo(form);
        assertThat(latest.get("path").asText()).isEqualTo("/gensee/demo/" + endpoint);
        assertThat(latest.get("site").asText()).isEqualTo("demo");
    }

    /** Events stored, the ones not yet moved from the spool into the table included. */
    private long journalCount() {
        return hub.apiJson("/api/status").get("journalEvents").asLong();
    }
}
