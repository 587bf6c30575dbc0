package com.genseehub.pages;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import com.genseehub.HubApplication;
import com.genseehub.callback.Sites;
import com.genseehub.support.HubClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two keys per site: browser pages (roll call, class end, co-browse) answer only under the page key,
 * server callbacks (live, vod, Q&A, auth) only under the site key, and the wrong key on either gets the
 * same 404 as a key that is no site. A page key left unset is generated once and kept.
 */
class PageKeysTest {

    private static final String TOKEN = "page-keys-token";

    @TempDir
    Path data;

    private ConfigurableApplicationContext start(String... extra) {
        String[] arguments = {"--server.port=0", "--hub.ingress.port=0", "--hub.api.token=" + TOKEN,
                "--spring.datasource.url=jdbc:h2:file:" + data.resolve("hub") + ";DB_CLOSE_ON_EXIT=FALSE"};
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(arguments), java.util.Arrays.stream(extra))
                .toArray(String[]::new);
        return new SpringApplicationBuilder(HubApplication.class).run(all);
    }

    @Test
    void eachKeyOpensOnlyItsOwnPaths() {
        try (ConfigurableApplicationContext hub = start("--hub.sites.demo.page-key=open-to-attendees")) {
            HubClient client = HubClient.of(hub, TOKEN);
            String join = "live?ClassNo=PK1&Operator=1000000101&Action=101";
            String rollCall = "rollcall?userid=1000000101&webcastid=PK1";

            assertThat(client.get("/gensee/demo/" + join).statusCode()).isEqualTo(200);
            assertThat(client.get("/gensee/open-to-attendees/" + rollCall).statusCode()).isEqualTo(200);
            assertThat(client.get("/gensee/open-to-attendees/cobrowse?roomid=r1").statusCode()).isEqualTo(200);
            assertThat(client.get("/gensee/open-to-attendees/end?userid=1&confid=PK1&username=x").statusCode())
                    .isEqualTo(200);

            // an attendee who read the page key cannot fake a join; the site key does not open the pages
            var forged = client.get("/gensee/open-to-attendees/" + join);
            var wrongKey = client.get("/gensee/demo/" + rollCall);
            var noSite = client.get("/gensee/no-such-key/" + join);
            for (var refused : java.util.List.of(forged, wrongKey, noSite)) {
                assertThat(refused.statusCode()).isEqualTo(404);
                assertThat(refused.body()).isEqualTo(noSite.body()).isEqualTo("unknown site");
            }
            assertThat(client.get("/gensee/open-to-attendees/auth?k=x&uid=1").statusCode()).isEqualTo(404);
            client.awaitDispatched();
            assertThat(client.apiItems("/api/sessions/demo/PK1/attendance")).hasSize(1);
        }
    }

    @Test
    void anUnsetPageKeyIsGeneratedOnceAndKept() {
        String generated;
        try (ConfigurableApplicationContext hub = start()) {
            generated = hub.getBean(Sites.class).pageKey("demo");
            assertThat(generated).matches("[A-Za-z0-9]{24}").isNotEqualTo("demo");
            HubClient client = HubClient.of(hub, TOKEN);
            assertThat(client.get("/gensee/" + generated + "/rollcall?userid=1&webcastid=PK2").statusCode()).isEqualTo(200);
        }
        try (ConfigurableApplicationContext hub = start()) {
            assertThat(hub.getBean(Sites.class).pageKey("demo")).as("the same after a restart").isEqualTo(generated);
        }
    }
}
