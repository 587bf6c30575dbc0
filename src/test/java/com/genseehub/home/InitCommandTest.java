package com.genseehub.home;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code init <dir>} writes the shipped application.yaml and routes/, and never overwrites a file. */
class InitCommandTest {

    @TempDir
    Path home;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int init(String... args) {
        out.reset();
        err.reset();
        return InitCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void writesTheShippedApplicationYamlAndEveryRouteFile() throws IOException {
        assertThat(init(home.toString())).isZero();

        List<String> shipped = projectFiles(Path.of("."));
        assertThat(shipped).contains("application.yaml", "routes/dispatch.yaml", "routes/sinks/file-sink.kamelet.yaml");
        assertThat(projectFiles(home)).containsExactlyElementsOf(shipped);
        for (String file : shipped) {
            assertThat(home.resolve(file)).as(file).hasSameBinaryContentAs(Path.of(file));
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("java -jar gensee-hub.jar --hub.home=" + home);
    }

    @Test
    void refusesToOverwriteAndNamesTheFilesThatAreThere() throws IOException {
        assertThat(init(home.toString())).isZero();
        Path dispatch = home.resolve("routes/dispatch.yaml");
        Files.writeString(dispatch, "# the integrator's own wiring\n");

        assertThat(init(home.toString())).isEqualTo(1);

        assertThat(dispatch).hasContent("# the integrator's own wiring");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("nothing written", "application.yaml", "routes/dispatch.yaml");
    }

    @Test
    void oneExistingFileIsEnoughToWriteNothing() throws IOException {
        Files.createDirectories(home.resolve("routes"));
        Files.writeString(home.resolve("routes/dispatch.yaml"), "# kept\n");

        assertThat(init(home.toString())).isEqualTo(1);

        assertThat(err.toString(StandardCharsets.UTF_8)).contains("already has routes/dispatch.yaml\n");
        assertThat(home.resolve("application.yaml")).doesNotExist();
        assertThat(projectFiles(home)).containsExactly("routes/dispatch.yaml");
    }

    @Test
    void withoutAFolderItSaysHowToCallIt() {
        assertThat(init()).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("usage: java -jar gensee-hub.jar init <dir>");
    }

    /** application.yaml and every file below routes/, relative, sorted. */
    private static List<String> projectFiles(Path folder) throws IOException {
        try (Stream<Path> routes = Files.walk(folder.resolve("routes"))) {
            Stream<String> files = routes.filter(Files::isRegularFile).map(file -> folder.relativize(file).toString());
            Stream<String> config = Files.exists(folder.resolve("application.yaml")) ? Stream.of("application.yaml") : Stream.empty();
            return Stream.concat(config, files).sorted().toList();
        }
    }
}
