package com.genseehub.security;

import com.genseehub.ingress.IngressServer;
import org.springframework.beans.factory.annotation.Autowired;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import com.genseehub.support.HubClient;
import com.genseehub.support.HubTest;
import com.genseehub.support.PostgresTestDatabase;
import com.genseehub.support.TcpProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The hub on PostgreSQL through a relay the test cuts: while the database is unreachable a
 * callback is answered 503 (not stored), never 200; once it is back, callbacks are stored again
 * and the facts catch up.
 */
@HubTest
@ActiveProfiles("postgres")
@Import(PostgresTestDatabase.class)
class DatabaseDownTest {

    private static final TcpProxy PROXY = startProxy();

    @LocalServerPort
    int port;
    @Autowired
    IngressServer ingress;

    private static TcpProxy startProxy() {
        try {
            return new TcpProxy("127.0.0.1", 5432);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void throughTheRelay(DynamicPropertyRegistry registry) {
        PostgresTestDatabase.register(registry, "hub_dbdown");
        registry.add("spring.datasource.url",
                () -> "jdbc:postgresql://127.0.0.1:" + PROXY.port() + "/" + PostgresTestDatabase.DATABASE + "?currentSchema=hub_dbdown");
        registry.add("spring.datasource.hikari.connection-timeout", () -> "1000");
        registry.add("spring.datasource.hikari.validation-timeout", () -> "500");
    }

    @AfterAll
    static void stopProxy() throws IOException {
        PROXY.close();
    }

    @Test
    void whileTheDatabaseIsDownCallbacksGet503AndAreNotAcknowledged() {
        HubClient hub = new HubClient(port, ingress.port(), HubTest.TOKEN);
        assertThat(join(hub, 1).statusCode()).isEqualTo(200);

        PROXY.cut();
        try {
            HttpResponse<String> refused = join(hub, 2);
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.body()).isEqualTo("journal unavailable: callback not stored, retry later");
        } finally {
            PROXY.restore();
        }

        // the pool reconnects by itself; the first callback after that is stored again
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        int status;
        do {
            status = join(hub, 3).statusCode();
        } while (status != 200 && Instant.now().isBefore(deadline));
        assertThat(status).isEqualTo(200);

        hub.awaitDispatched();
        var events = hub.apiJson("/api/events?classNo=DOWN1").get("items");
        assertThat(events).extracting(e -> e.get("operator").asLong()).containsExactly(3L, 1L);
        var attendance = hub.apiItems("/api/sessions/demo/DOWN1/attendance");
        assertThat(attendance).extracting(r -> r.get("operator").asLong()).containsExactly(1L, 3L);
    }

    private static HttpResponse<String> join(HubClient hub, long operator) {
        return hub.get("/gensee/demo/live?ClassNo=DOWN1&Operator=" + operator + "&Action=101");
    }
}
