package com.genseehub.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import com.genseehub.HubApplication;
import com.genseehub.callback.CallbackEvent;
import com.genseehub.callback.CallbackKind;
import com.genseehub.support.HubClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Embedded H2 writes commits to its file in the background, so the journal spools every callback
 * before acknowledging it. Here the hub stops with two acknowledged callbacks only in the spool (as
 * after a kill in the last 500 ms): the next start puts them back, applies them, and carries on.
 * (CrashRecoveryIT does the same with a real kill -9 of the jar.)
 */
class JournalSpoolRecoveryTest {

    private static final String TOKEN = "spool-test-token";

    @TempDir
    Path work;

    @Test
    void callbacksOnlyInTheSpoolAreJournaledAndAppliedAtTheNextStart() throws IOException {
        Path spoolDirectory = work.resolve("hub.journal-spool");
        long stored;
        try (ConfigurableApplicationContext hub = start()) {
            HubClient client = client(hub);
            for (long user = 1; user <= 3; user++) {
                assertThat(client.get(join(user)).statusCode()).isEqualTo(200);
            }
            client.awaitDispatched();
            assertThat(spoolFiles(spoolDirectory)).as("spooled while running").isNotEmpty();
            stored = maxSeq(hub);
        }
        assertThat(spoolFiles(spoolDirectory)).as("a clean stop leaves no spool").isEmpty();

        // acknowledged, in the spool, but never written to the database file
        try (JournalSpool spool = new JournalSpool(spoolDirectory, false)) {
            spool.append(List.of(joinEvent(stored + 1, 4), joinEvent(stored + 2, 5)));
        }

        try (ConfigurableApplicationContext hub = start()) {
            HubClient client = client(hub);
            client.awaitDispatched();
            Set<Long> present = new HashSet<>();
            client.apiItems("/api/sessions/demo/SPOOL1/attendance").forEach(row -> present.add(row.get("operator").asLong()));
            assertThat(present).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L);
            assertThat(maxSeq(hub)).isEqualTo(stored + 2);

            // numbering carries on after the recovered events
            assertThat(client.get(join(6)).statusCode()).isEqualTo(200);
            client.awaitDispatched();
            assertThat(maxSeq(hub)).isEqualTo(stored + 3);
            assertThat(client.apiJson("/api/status").get("journalEvents").asLong()).isEqualTo(stored + 3);
        }

        try (ConfigurableApplicationContext hub = start()) {
            assertThat(maxSeq(hub)).as("nothing recovered twice").isEqualTo(stored + 3);
        }
    }

    @Test
    void aCallbackTheSpoolCannotTakeIsNotAcknowledged() throws IOException {
        try (ConfigurableApplicationContext hub = start()) {
            HubClient client = client(hub);
            // the spool file the first callback will open is, for now, a device that is always full
            Path full = work.resolve("hub.journal-spool").resolve("journal-00000000000000000001.spool");
            Files.createSymbolicLink(full, Path.of("/dev/full"));

            var refused = client.get(join(1));
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.body()).isEqualTo("journal unavailable: callback not stored, retry later");
            assertThat(client.apiJson("/api/status").get("journalEvents").asLong()).as("not stored").isZero();

            Files.delete(full);
            assertThat(client.get(join(2)).statusCode()).isEqualTo(200);
            assertThat(client.apiJson("/api/status").get("journalEvents").asLong()).isEqualTo(1);
        }
    }

    @Test
    void theDatabasePageCacheIsSetAtEveryStart() {
        try (ConfigurableApplicationContext hub = start()) {
            assertThat(cacheMegabytes(hub)).as("the default of application.yaml").isEqualTo(2);
        }
        try (ConfigurableApplicationContext hub = start("--hub.journal.h2-cache=5MB")) {
            assertThat(cacheMegabytes(hub)).isEqualTo(5);
        }
    }

    private ConfigurableApplicationContext start(String... settings) {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--hub.ingress.port=0",
                "--spring.datasource.url=jdbc:h2:file:" + work.resolve("hub") + ";DB_CLOSE_ON_EXIT=FALSE",
                // no checkpoint deletes spool files while the test looks at them (a clean stop still does)
                "--hub.journal.spool-checkpoint-interval=1h",
                "--hub.api.token=" + TOKEN, "--hub.dispatch.poll-interval=100ms"));
        args.addAll(List.of(settings));
        return new SpringApplicationBuilder(HubApplication.class).run(args.toArray(String[]::new));
    }

    private static long cacheMegabytes(ConfigurableApplicationContext hub) {
        return hub.getBean(JdbcClient.class)
                .sql("select setting_value from information_schema.settings where setting_name = 'info.CACHE_MAX_SIZE'")
                .query(Long.class).single();
    }

    private static HubClient client(ConfigurableApplicationContext hub) {
        return HubClient.of(hub, TOKEN);
    }

    private static String join(long user) {
        return "/gensee/demo/live?ClassNo=SPOOL1&Operator=" + user + "&Action=101&totalusernum=" + user;
    }

    private static CallbackEvent joinEvent(long seq, long user) {
        return new CallbackEvent(seq, Instant.now(), "demo", CallbackKind.LIVE, "SPOOL1", 101, user, (int) user,
                Map.of("ClassNo", "SPOOL1", "Operator", String.valueOf(user), "Action", "101",
                        "totalusernum", String.valueOf(user)));
    }

    private static long maxSeq(ConfigurableApplicationContext hub) {
        return hub.getBean(JdbcClient.class).sql("select max(seq) from journal_event").query(Long.class).single();
    }

    private static List<Path> spoolFiles(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.toList();
        }
    }
}
