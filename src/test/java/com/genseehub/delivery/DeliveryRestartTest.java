package com.genseehub.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import com.genseehub.HubApplication;
import com.genseehub.callback.CallbackEvent;
import com.genseehub.callback.CallbackKind;
import com.genseehub.journal.Journal;
import com.genseehub.support.Deliveries;
import com.genseehub.support.HubClient;
import com.genseehub.support.WithoutTestConfigurations;
import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A delivery whose sink is down when the hub stops is sent by the next hub started on the same
 * database: two real hub processes (Spring contexts) one after the other on one H2 file.
 */
class DeliveryRestartTest {

    @TempDir
    Path data;

    @Test
    void aPendingDeliverySurvivesARestartOfTheHub() throws Exception {
        int crmPort = freePort();
        String question;
        try (ConfigurableApplicationContext first = startHub(crmPort)) {
            Deliveries deliveries = new Deliveries(client(first));
            CallbackEvent event = first.getBean(Journal.class).append(new CallbackEvent(null, Instant.now(), "demo",
                    CallbackKind.QA, "W9", null, null, null, Map.of("type", "question", "id", "Q-9", "questionId", "Q-9",
                            "webcastId", "W9", "uid", "1000000101", "uname", "Li Lei",
                            "text", "still there after a restart?", "time", "2026-03-02T07:59:58Z", "source", "web")));
            question = "msg_" + event.seq();
            // the CRM is not listening: the first attempt fails and a retry is scheduled
            deliveries.await("crm:acme", "failed", items -> items.size() == 1
                    && items.get(0).get("status").asText().equals("failed"));
        }

        WireMockServer crm = new WireMockServer(options().port(crmPort));
        crm.start();
        try (ConfigurableApplicationContext second = startHub(crmPort)) {
            crm.stubFor(post(urlEqualTo("/hooks/acme")).willReturn(aResponse().withStatus(200)));
            new Deliveries(client(second)).awaitAll("crm:acme", 1, "done");
            assertThat(crm.findAll(postRequestedFor(urlEqualTo("/hooks/acme"))))
                    .singleElement().satisfies(request -> assertThat(request.getHeader("webhook-id")).isEqualTo(question));
        } finally {
            crm.stop();
        }
        assertThat(Files.exists(data.resolve("hub.mv.db"))).isTrue();
    }

    private ConfigurableApplicationContext startHub(int crmPort) {
        return new SpringApplicationBuilder(HubApplication.class)
                // the test classes' own configurations (test clock, PostgreSQL clean-up) stay out
                .initializers(context -> context.getBeanFactory().registerSingleton(WithoutTestConfigurations.BEAN,
                        new WithoutTestConfigurations()))
                // as arguments: they must win over application.yaml
                .run(
                        "--server.port=0",
                        "--hub.ingress.port=0",
                        "--spring.datasource.url=jdbc:h2:file:" + data.resolve("hub"),
                        "--hub.api.token=restart-token",
                        "--hub.delivery.poll-interval=50ms",
                        "--hub.sinks.crm.enabled=true",
                        "--hub.sinks.crm.initial-delay=200ms",
                        "--hub.sinks.crm.max-delay=400ms",
                        "--hub.sinks.crm.endpoints.acme.url=http://localhost:" + crmPort + "/hooks/acme",
                        "--hub.sinks.crm.endpoints.acme.secret=restart-secret");
    }

    private static HubClient client(ConfigurableApplicationContext context) {
        return HubClient.of(context, "restart-token");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
