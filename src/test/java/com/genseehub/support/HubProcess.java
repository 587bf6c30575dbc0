package com.genseehub.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The hub as a user runs it: {@code java -jar target/gensee-hub.jar} in the project folder, as a
 * separate operating-system process that a test can kill -9.
 */
public final class HubProcess {

    public static final Path JAR = Path.of("target", "gensee-hub.jar");

    private final Process process;
    private final int port;
    private final int ingressPort;
    private final Path log;

    private HubProcess(Process process, int port, int ingressPort, Path log) {
        this.process = process;
        this.port = port;
        this.ingressPort = ingressPort;
        this.log = log;
    }

    /**
     * Starts the jar (with the README's JVM options) on these ports (internal, ingress) with these extra
     * arguments and waits until /actuator/health answers and the ingress takes connections.
     */
    public static HubProcess start(Path log, int port, int ingressPort, List<String> arguments)
            throws IOException, InterruptedException {
        return start(log, port, ingressPort, arguments, Path.of(""));
    }

    /** The same, started in another working folder. */
    public static HubProcess start(Path log, int port, int ingressPort, List<String> arguments, Path workingFolder)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(javaJar());
        command.add("--server.port=" + port);
        command.add("--hub.ingress.port=" + ingressPort);
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).directory(workingFolder.toAbsolutePath().toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        HubProcess hub = new HubProcess(process, port, ingressPort, log);
        hub.awaitHealthy(Duration.ofSeconds(180));
        return hub;
    }

    /** {@code java <the README's options> -jar <absolute path of target/gensee-hub.jar>}, to add arguments to. */
    public static List<String> javaJar() {
        if (!Files.exists(JAR)) {
            throw new IllegalStateException(JAR + " is missing: run the tests with 'mvn verify'");
        }
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx224m", "-XX:+UseG1GC",
                "-jar", JAR.toAbsolutePath().toString());
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public int port() {
        return port;
    }

    public int ingressPort() {
        return ingressPort;
    }

    public HubClient client(String token) {
        return new HubClient(port, ingressPort, token);
    }

    public long pid() {
        return process.pid();
    }

    /** SIGKILL: no shutdown hook, no flush, no goodbye. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    public void stop() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }

    private void awaitHealthy(Duration timeout) throws InterruptedException, IOException {
        HubClient client = new HubClient(port, ingressPort, "");
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("hub exited with " + process.exitValue() + "; log:\n" + tail());
            }
            try {
                if (client.get("/actuator/health").statusCode() == 200 && client.get("/gensee/").statusCode() == 404) {
                    return;
                }
            } catch (AssertionError notYet) {
                // connection refused while starting
            }
            Thread.sleep(250);
        }
        process.destroyForcibly();
        throw new IllegalStateException("hub not healthy within " + timeout + "; log:\n" + tail());
    }

    private String tail() throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}
