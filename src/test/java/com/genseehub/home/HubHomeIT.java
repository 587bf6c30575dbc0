package com.genseehub.home;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.genseehub.support.HubClient;
import com.genseehub.support.HubProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar deployed away from the project: {@code init} writes a home folder, the integrator edits it,
 * {@code check} passes it, and the hub started from another working folder with {@code --hub.home}
 * reads that folder's application.yaml and routes and writes its database and sink files there.
 */
class HubHomeIT {

    private static final String TOKEN = "home-test-token";

    @TempDir
    Path home;

    @TempDir
    Path elsewhere;

    record Run(int exit, String output) {
    }

    /** {@code java -jar target/gensee-hub.jar <args>} in the folder "elsewhere". */
    private Run jar(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(HubProcess.javaJar());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(elsewhere.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("%s finished", List.of(args)).isTrue();
        return new Run(process.exitValue(), output);
    }

    @Test
    void aHubStartedWithHubHomeReadsAndWritesOnlyThatFolder() throws Exception {
        Run init = jar("init", home.toString());
        assertThat(init.exit()).as(init.output()).isZero();
        assertThat(home.resolve("application.yaml")).exists();
        assertThat(home.resolve("routes/sinks/file-sink.kamelet.yaml")).exists();

        // the integrator's edits: a site of their own, the archive sink on and writing a file named by them
        edit(home.resolve("application.yaml"), "hub:\n  sites:\n",
                "hub:\n  sites:\n    school7:\n      product: training\n      class-type: small-class\n");
        edit(home.resolve("application.yaml"), "    archive:\n      enabled: false\n", "    archive:\n      enabled: true\n");
        edit(home.resolve("routes/sinks/archive.yaml"), "              directory: ",
                "              fileName: from-home.jsonl\n              directory: ");

        Run check = jar("check", "--hub.home=" + home);
        assertThat(check.exit()).as(check.output()).isZero();
        assertThat(check.output()).contains("ok: application.yaml and ");

        int port = HubProcess.freePort();
        HubProcess hub = HubProcess.start(home.resolve("hub.log"), port, HubProcess.freePort(),
                List.of("--hub.home=" + home, "--hub.api.token=" + TOKEN, "--hub.delivery.poll-interval=200ms"), elsewhere);
        try {
            HubClient client = hub.client(TOKEN);
            // a site only the home folder's application.yaml has
            assertThat(client.get("/gensee/school7/live?ClassNo=H1&Operator=1000000101&Action=101&totalusernum=1")
                    .statusCode()).isEqualTo(200);
            client.awaitDispatched();

            Path archived = home.resolve("data/archive/from-home.jsonl");
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(archived) && Files.size(archived) > 0);
            assertThat(Files.readString(archived)).contains("\"site\":\"school7\"", "\"classNo\":\"H1\"");
        } finally {
            hub.stop();
        }
        assertThat(home.resolve("data/gensee-hub.mv.db")).exists();
        try (var left = Files.list(elsewhere)) {
            assertThat(left).as("files written into the working folder").isEmpty();
        }
    }

    @Test
    void aFolderWithoutApplicationYamlSaysHowToGetOne() throws Exception {
        Run run = jar("--server.port=" + HubProcess.freePort(), "--hub.ingress.port=" + HubProcess.freePort());

        assertThat(run.exit()).isNotZero();
        assertThat(run.output()).contains("No application.yaml in " + elsewhere.toRealPath(),
                "java -jar gensee-hub.jar init " + elsewhere.toRealPath());
    }

    private static void edit(Path file, String from, String to) throws IOException {
        String text = Files.readString(file);
        assertThat(text).as(file.toString()).contains(from);
        Files.writeString(file, text.replace(from, to));
    }
}
