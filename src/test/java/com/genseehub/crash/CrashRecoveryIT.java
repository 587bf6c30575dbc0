package com.genseehub.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.genseehub.support.HubClient;
import com.genseehub.support.HubProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 the hub process while callbacks are flowing, start it again on the same database:
 * every callback that got a 200 is in the journal, the attendance equals a replay of the
 * journal, and every delivery still pending at the kill completes after the restart (the file
 * sink "archive" is on, so every event has a delivery).
 */
class CrashRecoveryIT {

    private static final String TOKEN = "crash-test-token";
    private static final int CLASSES = 5;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    @Test
    void everyAcknowledgedCallbackSurvivesAKill() throws Exception {
        int port = HubProcess.freePort();
        int ingressPort = HubProcess.freePort();
        // the shipped H2 settings (see application.yaml: background writes + journal spool), on a database of its own
        Path archive = work.resolve("archive");
        List<String> arguments = List.of("--spring.datasource.url=jdbc:h2:file:" + work.resolve("hub") + ";DB_CLOSE_ON_EXIT=FALSE",
                "--hub.api.token=" + TOKEN, "--hub.dispatch.poll-interval=200ms",
                "--hub.sinks.archive.enabled=true", "--hub.sinks.archive.directory=" + archive,
                "--hub.delivery.poll-interval=200ms",
                // a send cut off by the kill keeps its lease this long, then the restarted hub sends it again
                "--hub.delivery.lease=5s",
                // many spool checkpoints (write the database file, delete the spool before) during the traffic
                "--hub.journal.spool-checkpoint-interval=100ms");
        Path log = work.resolve("hub.log");
        HubProcess hub = HubProcess.start(log, port, ingressPort, arguments);
        HubClient client = new HubClient(port, ingressPort, TOKEN);

        ConcurrentLinkedQueue<String> acknowledged = new ConcurrentLinkedQueue<>();
        AtomicBoolean sending = new AtomicBoolean(true);
        AtomicLong next = new AtomicLong();
        ExecutorService senders = Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            senders.submit(() -> {
                while (sending.get()) {
                    long i = next.getAndIncrement();
                    // each user joins; every third one leaves again (107), every seventh abnormally (110)
                    String classNo = "CRASH" + (i % CLASSES);
                    long operator = 1_000_000_000L + i;
                    send(client, classNo, operator, 101, acknowledged);
                    if (i % 3 == 0) {
                        send(client, classNo, operator, i % 7 == 0 ? 110 : 107, acknowledged);
                    }
                }
            });
        }
        await().atMost(Duration.ofMinutes(5)).until(() -> acknowledged.size() >= 1500);
        hub.kill();
        sending.set(false);
        senders.shutdown();
        assertThat(senders.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(1500);

        HubProcess restarted = HubProcess.start(log, port, ingressPort, arguments);
        try {
            Set<String> journaled = journal(client);
            assertThat(journaled).containsAll(acknowledged);
            // the kill lands while H2 still holds commits it has not written (it writes every 500 ms):
            // those came back from the journal spool
            assertThat(Files.readString(log)).contains("acknowledged callbacks (seq");

            client.awaitDispatched();
            String facts = attendance(client);
            // every journaled join became an attendee
            long joins = journaled.stream().filter(key -> key.endsWith(":101")).count();
            assertThat(attendeeCount(client)).isEqualTo(joins);

            assertThat(client.api("POST", "/api/admin/rebuild", null).statusCode()).isEqualTo(200);
            client.awaitDispatched();
            assertThat(attendance(client)).isEqualTo(facts);

            // every event reaches the archive sink, at least once (a send cut off by the kill is repeated)
            awaitArchiveDelivered(client, journaled.size());
            Set<Long> archived = new HashSet<>();
            try (var files = Files.list(archive)) {
                for (Path file : files.toList()) {
                    for (String line : Files.readAllLines(file)) {
                        archived.add(JSON.readTree(line).get("seq").asLong());
                    }
                }
            }
            assertThat(archived).containsAll(seqs(client));
        } finally {
            restarted.stop();
        }
        assertThat(Files.readString(log)).contains("Started HubApplication");
    }

    private static void awaitArchiveDelivered(HubClient client, int events) {
        JsonNode archive = await("archive deliveries completed").atMost(Duration.ofMinutes(2)).until(() -> {
            for (JsonNode row : client.apiJson("/api/deliveries/summary")) {
                if (row.get("sink").asText().equals("archive")) {
                    return row;
                }
            }
            return null;
        }, row -> row != null && row.get("done").asInt() == events && row.get("pending").asInt() == 0
                && row.get("failed").asInt() == 0);
        assertThat(archive.get("dead").asInt()).isZero();
    }

    private static Set<Long> seqs(HubClient client) {
        Set<Long> seqs = new HashSet<>();
        int offset = 0;
        while (true) {
            JsonNode page = client.apiJson("/api/events?limit=1000&offset=" + offset);
            page.get("items").forEach(e -> seqs.add(e.get("seq").asLong()));
            if (page.get("nextOffset").isNull()) {
                return seqs;
            }
            offset = page.get("nextOffset").asInt();
        }
    }

    private static void send(HubClient client, String classNo, long operator, int action,
                             ConcurrentLinkedQueue<String> acknowledged) {
        try {
            HttpResponse<String> response = client.get("/gensee/demo/live?ClassNo=" + classNo + "&Operator="
                    + operator + "&Action=" + action + "&totalusernum=1");
            if (response.statusCode() == 200) {
                acknowledged.add(classNo + ":" + operator + ":" + action);
            }
        } catch (AssertionError connectionRefused) {
            // the hub is down: not acknowledged, so not promised
        }
    }

    private static Set<String> journal(HubClient client) {
        Set<String> keys = new HashSet<>();
        int offset = 0;
        while (true) {
            JsonNode page = client.apiJson("/api/events?limit=1000&offset=" + offset);
            page.get("items").forEach(e -> assertThat(keys.add(e.get("classNo").asText() + ":"
                    + e.get("operator").asLong() + ":" + e.get("action").asInt())).as("no duplicate").isTrue());
            if (page.get("nextOffset").isNull()) {
                return keys;
            }
            offset = page.get("nextOffset").asInt();
        }
    }

    private static String attendance(HubClient client) {
        List<String> all = new ArrayList<>();
        for (int c = 0; c < CLASSES; c++) {
            all.add(client.apiItems("/api/sessions/demo/CRASH" + c + "/attendance").toString());
        }
        return String.join("\n", all);
    }

    private static long attendeeCount(HubClient client) {
        long count = 0;
        for (int c = 0; c < CLASSES; c++) {
            count += client.apiItems("/api/sessions/demo/CRASH" + c + "/attendance").size();
        }
        return count;
    }
}
