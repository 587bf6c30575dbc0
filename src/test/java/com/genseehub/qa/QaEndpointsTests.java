package com.genseehub.qa;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.genseehub.support.HubTest;
import com.genseehub.support.MutableClock;
import com.genseehub.support.RunningHubTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Q&A client push (XML) and web push (form) over real HTTP, what the journal and GET /api/qa then show,
 * and the hostile inputs that must be refused. Run on H2 and on PostgreSQL.
 */
abstract class QaEndpointsTests extends RunningHubTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MutableClock clock;

    final HttpClient http = HttpClient.newHttpClient();
    final ObjectMapper json = new ObjectMapper();


    HttpResponse<String> post(String path, String contentType, byte[] body) throws Exception {
        return http.send(HttpRequest.newBuilder(hub.baseFor(path).resolve(path))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> xml(String body) throws Exception {
        return post("/gensee/demo/qa/client", "text/xml", body.getBytes(StandardCharsets.UTF_8));
    }

    HttpResponse<String> form(Map<String, String> fields) throws Exception {
        StringBuilder body = new StringBuilder();
        fields.forEach((name, value) -> body.append(body.isEmpty() ? "" : "&").append(name).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return post("/gensee/demo/qa/web", "application/x-www-form-urlencoded",
                body.toString().getBytes(StandardCharsets.US_ASCII));
    }

    JsonNode qa(String webcastId) {
        hub.awaitDispatched();
        return hub.apiItems("/api/qa?site=demo&webcastId=" + webcastId);
    }

    static String webcast() {
        return "W" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    List<Map<String, String>> journaledQa(String webcastId) throws Exception {
        // stored before the reply; in the journal table once moved there from the spool
        hub.awaitDispatched();
        List<String> rows = jdbc.sql("select params from journal_event where kind = 'qa' and class_no = ? order by seq")
                .param(webcastId).query(String.class).list();
        TypeReference<Map<String, String>> type = new TypeReference<>() {
        };
        List<Map<String, String>> params = new java.util.ArrayList<>();
        for (String row : rows) {
            params.add(json.readValue(row, type));
        }
        return params;
    }

    @Test
    void clientPushWithASiblingAnswerIsJournaledAsOneEventEachAndListed() throws Exception {
        String w = webcast();
        HttpResponse<String> response = xml("""
                <?xml version="1.0" encoding="utf-8" ?>
                <webcast id="%s">
                  <question id="715da0dc-34a2-375e-bb6e-128eabe754bc" time="1400470679" uid="9934592202" uname="学生甲">老师，第三题怎么做？</question>
                  <answer id="a-1" time="1400470700" uid="1000000001" uname="王老师">先画图。</answer>
                </webcast>""".formatted(w));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("ok");

        // one event per question / answer, with exactly the contract's params
        List<Map<String, String>> events = journaledQa(w);
        assertThat(events).containsExactly(
                Map.of("type", "question", "id", "715da0dc-34a2-375e-bb6e-128eabe754bc",
                        "questionId", "715da0dc-34a2-375e-bb6e-128eabe754bc", "webcastId", w, "uid", "9934592202",
                        "uname", "学生甲", "text", "老师，第三题怎么做？", "time", "2014-05-19T03:37:59Z",
                        "source", "client"),
                Map.of("type", "answer", "id", "a-1", "questionId", "715da0dc-34a2-375e-bb6e-128eabe754bc",
                        "webcastId", w, "uid", "1000000001", "uname", "王老师", "text", "先画图。",
                        "time", "2014-05-19T03:38:20Z", "source", "client"));
        var row = jdbc.sql("select operator, action from journal_event where kind = 'qa' and class_no = ? order by seq")
                .param(w).query().listOfRows().get(0);
        assertThat(((Number) row.get("operator")).longValue()).isEqualTo(9934592202L);
        assertThat(row.get("action")).isNull();

        JsonNode questions = qa(w);
        assertThat(questions).hasSize(1);
        JsonNode q = questions.get(0);
        assertThat(q.get("id").asText()).isEqualTo("715da0dc-34a2-375e-bb6e-128eabe754bc");
        assertThat(q.get("site").asText()).isEqualTo("demo");
        assertThat(q.get("webcastId").asText()).isEqualTo(w);
        assertThat(q.get("source").asText()).isEqualTo("client");
        assertThat(q.get("uid").asText()).isEqualTo("9934592202");
        assertThat(q.get("uname").asText()).isEqualTo("学生甲");
        assertThat(q.get("text").asText()).isEqualTo("老师，第三题怎么做？");
        assertThat(q.get("askedAt").asText()).isEqualTo("2014-05-19T03:37:59Z");
        assertThat(q.get("answers")).hasSize(1);
        JsonNode a = q.get("answers").get(0);
        assertThat(a.get("id").asText()).isEqualTo("a-1");
        assertThat(a.get("uname").asText()).isEqualTo("王老师");
        assertThat(a.get("text").asText()).isEqualTo("先画图。");
        assertThat(a.get("answeredAt").asText()).isEqualTo("2014-05-19T03:38:20Z");
    }

    @Test
    void anAnswerNestedInItsQuestionIsAcceptedAndTheQuestionTextKept() throws Exception {
        String w = webcast();
        assertThat(xml("""
                <webcast id="%s">
                  <question id="q-n" time="1400470600" uid="7" uname="u7">Why &amp; how?<answer id="a-n" time="1400470650" uid="8" uname="t8">Because.</answer>
                  </question>
                </webcast>""".formatted(w)).statusCode()).isEqualTo(200);
        JsonNode q = qa(w).get(0);
        assertThat(q.get("text").asText()).isEqualTo("Why & how?");
        assertThat(q.get("answers").get(0).get("text").asText()).isEqualTo("Because.");
        assertThat(journaledQa(w)).extracting(p -> p.get("type") + ":" + p.get("questionId"))
                .containsExactly("question:q-n", "answer:q-n");
    }

    @Test
    void theSameQuestionPushedAgainUpdatesAndNeverDuplicates() throws Exception {
        String w = webcast();
        String question = "<question id=\"q-r\" time=\"1400470000\" uid=\"5\" uname=\"u5\">%s</question>";
        assertThat(xml("<webcast id=\"" + w + "\">" + question.formatted("first wording") + "</webcast>")
                .statusCode()).isEqualTo(200);
        // re-pushed when answered, the answer pushed twice as well
        String answered = "<webcast id=\"" + w + "\">" + question.formatted("second wording")
                + "<answer id=\"a-r\" time=\"1400470100\" uid=\"9\" uname=\"t\">done</answer></webcast>";
        assertThat(xml(answered).statusCode()).isEqualTo(200);
        assertThat(xml(answered).statusCode()).isEqualTo(200);

        JsonNode questions = qa(w);
        assertThat(questions).hasSize(1);
        assertThat(questions.get(0).get("text").asText()).isEqualTo("second wording");
        assertThat(questions.get(0).get("answers")).hasSize(1);
        assertThat(journaledQa(w)).hasSize(5);
    }

    @Test
    void questionsAreListedNewestFirst() throws Exception {
        String w = webcast();
        assertThat(xml("""
                <webcast id="%s">
                  <question id="old" time="1400000000" uid="1" uname="a">old one</question>
                  <question id="new" time="1400000500" uid="2" uname="b">new one</question>
                  <question id="mid" time="1400000200" uid="3" uname="c">middle one</question>
                </webcast>""".formatted(w)).statusCode()).isEqualTo(200);
        assertThat(qa(w)).extracting(q -> q.get("id").asText()).containsExactly("new", "mid", "old");
    }

    @Test
    void webPushKeepsChineseIntactAndARepeatedPushIsTheSameQuestion() throws Exception {
        String w = webcast();
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        fields.put("userid", "1000000123");
        fields.put("name", "张三");
        fields.put("question", "直播回放在哪里看？ <b>急</b>");
        fields.put("webcastid", w);
        assertThat(form(fields).statusCode()).isEqualTo(200);
        clock.advance(java.time.Duration.ofSeconds(30));
        assertThat(form(fields).statusCode()).isEqualTo(200);

        JsonNode questions = qa(w);
        assertThat(questions).hasSize(1);
        JsonNode q = questions.get(0);
        assertThat(q.get("source").asText()).isEqualTo("web");
        assertThat(q.get("uid").asText()).isEqualTo("1000000123");
        assertThat(q.get("uname").asText()).isEqualTo("张三");
        assertThat(q.get("text").asText()).isEqualTo("直播回放在哪里看？ <b>急</b>");
        assertThat(q.get("answers")).isEmpty();
        // the first receive time stays the time it was asked
        List<Map<String, String>> events = journaledQa(w);
        assertThat(events).hasSize(2);
        assertThat(q.get("askedAt").asText()).isEqualTo(events.get(0).get("time"));
        assertThat(events.get(0).get("id")).isEqualTo(events.get(1).get("id")).startsWith("web-");
        assertThat(events.get(0)).containsEntry("source", "web").containsEntry("type", "question")
                .containsEntry("questionId", events.get(0).get("id")).containsEntry("webcastId", w);
    }

    /** Events stored, those not yet moved from the spool into the table included. */
    long journalCount() {
        return hub.apiJson("/api/status").get("journalEvents").asLong();
    }

    /** Posts, expects 400 with the reason (one line), nothing journaled, the request in quarantine. */
    void refused(String path, String contentType, String body, String reasonStart) throws Exception {
        assertThat(refusedKeeping(path, contentType, body, reasonStart)).isEqualTo(body);
    }

    /** As {@link #refused}; returns the body the quarantine kept. */
    String refusedKeeping(String path, String contentType, String body, String reasonStart) throws Exception {
        return refusedKeeping(path, contentType, body, reasonStart, 400);
    }

    String refusedKeeping(String path, String contentType, String body, String reasonStart, int status) throws Exception {
        long journaled = journalCount();
        long mark = hub.quarantineMark();
        HttpResponse<String> response = post(path, contentType, body.getBytes(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.body()).startsWith(reasonStart).doesNotContain("\n");
        assertThat(journalCount()).isEqualTo(journaled);
        JsonNode latest = hub.awaitQuarantined(path, mark);
        assertThat(latest.get("reason").asText()).isEqualTo(response.body());
        assertThat(latest.get("path").asText()).isEqualTo(path);
        assertThat(latest.get("method").asText()).isEqualTo("POST");
        return latest.get("body").isNull() ? "" : latest.get("body").asText();
    }

    @Test
    void theVendorsOwnSampleIsNotWellFormedAndIsRefused() throws Exception {
        refused("/gensee/demo/qa/client", "text/xml", """
                <?xml version="1.0" encoding="utf-8" ?>
                <webcast id="f35e1dcfcfa944d5ae5eab69341e8507">
                <question id="715da0dc-34a2-375e-bb6e-128eabe754bc" time="1400470679" uid="9934592202" uname="admin">question text
                </webcast>""", "XML is not well-formed: ");
    }

    @Test
    void externalEntitiesAreRefusedAndNeverRead(@TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "TOP-SECRET-CONTENT");
        String w = webcast();
        refused("/gensee/demo/qa/client", "text/xml", """
                <?xml version="1.0"?>
                <!DOCTYPE webcast [<!ENTITY xxe SYSTEM "%s">]>
                <webcast id="%s"><question id="q1" time="1" uid="1" uname="x">&xxe;</question></webcast>"""
                .formatted(secret.toUri(), w), "DTDs are not allowed");
        assertThat(jdbc.sql("select count(*) from qa_question where text like '%TOP-SECRET%'").query(Long.class).single())
                .isZero();
    }

    @Test
    void billionLaughsIsRefusedWithoutExpansion() throws Exception {
        refused("/gensee/demo/qa/client", "text/xml", """
                <?xml version="1.0"?>
                <!DOCTYPE lolz [
                 <!ENTITY lol "lol">
                 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
                 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
                 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
                 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
                 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
                ]>
                <webcast id="W1"><question id="q1" time="1" uid="1" uname="x">&lol6;</question></webcast>""",
                "DTDs are not allowed");
    }

    @Test
    void anUndeclaredEntityIsRefused() throws Exception {
        refused("/gensee/demo/qa/client", "text/xml",
                "<webcast id=\"W1\"><question id=\"q1\" time=\"1\">&ent;</question></webcast>",
                "entity references are not allowed");
    }

    @Test
    void aBodyOverTheConfiguredSizeIsRefused() throws Exception {
        String w = webcast();
        String big = "<webcast id=\"" + w + "\"><question id=\"q1\" time=\"1\" uid=\"1\" uname=\"x\">"
                + "问".repeat(90_000) + "</question></webcast>";
        // 90 000 three-byte characters: fewer than 262 144 characters, more bytes
        String kept = refusedKeeping("/gensee/demo/qa/client", "text/xml", big, "body is larger than 262144 bytes", 413);
        assertThat(qa(w)).isEmpty();
        // no more than the limit is read, so that is what the quarantine keeps
        assertThat(kept.getBytes(StandardCharsets.UTF_8).length).isBetween(262_144, 262_147);
        assertThat(big).startsWith(kept.substring(0, kept.length() - 1));
    }

    @Test
    void documentsThatAreNotTheExpectedXmlAreRefused() throws Exception {
        refused("/gensee/demo/qa/client", "text/xml", "", "body is empty");
        refused("/gensee/demo/qa/client", "text/xml", "{\"question\": \"json\"}", "XML is not well-formed: ");
        refused("/gensee/demo/qa/client", "text/xml", "<questions/>", "root element must be <webcast>");
        refused("/gensee/demo/qa/client", "text/xml", "<webcast><question id=\"q\">x</question></webcast>",
                "webcast id is missing");
        refused("/gensee/demo/qa/client", "text/xml", "<webcast id=\"../etc\"/>",
                "webcast id must be 1-64 letters, digits, '-' or '_'");
        refused("/gensee/demo/qa/client", "text/xml", "<webcast id=\"W1\"><answer id=\"a\">x</answer></webcast>",
                "answer a does not follow a question");
        refused("/gensee/demo/qa/client", "text/xml",
                "<webcast id=\"W1\"><question id=\"q\" time=\"yesterday\">x</question></webcast>",
                "question time must be seconds since 1970");
        refused("/gensee/demo/qa/client", "text/xml", "<webcast id=\"W1\"><question time=\"1\">x</question></webcast>",
                "question id must be");
        refused("/gensee/demo/qa/client", "text/xml",
                "<webcast id=\"W1\"><question id=\"q\">x<script>y</script></question></webcast>",
                "unexpected element <script> in <question>");
        refused("/gensee/demo/qa/client", "text/xml", "<webcast id=\"W1\"></webcast><webcast id=\"W2\"/>",
                "XML is not well-formed: ");
        refused("/gensee/demo/qa/client", "text/xml", "<webcast id=\"W1\">stray</webcast>",
                "unexpected text outside <question> and <answer>");
    }

    @Test
    void badWebPushesAreRefused() throws Exception {
        refused("/gensee/demo/qa/web", "application/x-www-form-urlencoded", "userid=1&name=a&webcastid=W1",
                "question is missing");
        refused("/gensee/demo/qa/web", "application/x-www-form-urlencoded", "userid=1&question=hi",
                "webcast id is missing");
        refused("/gensee/demo/qa/web", "application/x-www-form-urlencoded",
                "userid=1&question=hi&webcastid=W1&question=again", "parameter question is given more than once");
        refused("/gensee/demo/qa/web", "application/x-www-form-urlencoded",
                "question=hi&webcastid=W1&name=" + "n".repeat(201), "user name is longer than 200 characters");
    }

    @Test
    void unknownSitesWrongMethodsAndTheApiGuardAreEnforced() throws Exception {
        assertThat(post("/gensee/nope/qa/client", "text/xml", "<webcast id=\"W\"/>".getBytes()).statusCode())
                .isEqualTo(404);
        assertThat(hub.get("/gensee/demo/qa/client").statusCode()).isEqualTo(405);
        assertThat(http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/qa?site=demo"))
                .GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
        HttpResponse<String> noSite = hub.api("GET", "/api/qa", null);
        assertThat(noSite.statusCode()).isEqualTo(400);
        assertThat(noSite.body()).contains("site");
    }
}
