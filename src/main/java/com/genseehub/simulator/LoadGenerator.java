package com.genseehub.simulator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The benchmark's load: realistic callback traffic from the simulator sent over real HTTP to a
 * running hub, measured the same way against a bare endpoint on the same stack. Used by
 * {@code bench/run.sh}: {@code java -jar target/gensee-hub.jar load --hub URL --token T --pid PID}.
 */
public final class LoadGenerator {

    private static final Pattern PENDING_DISPATCH = Pattern.compile("\"pendingDispatch\":(\\d+)");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).executor(Executors.newFixedThreadPool(4)).build();
    private final URI hub;
    private final String token;
    private final List<URI> traffic;
    private final AtomicInteger next = new AtomicInteger();

    LoadGenerator(URI hub, String token, String site) {
        this.hub = hub;
        this.token = token;
        this.traffic = realisticTraffic(hub, site);
    }

    /** Many whole classes, as the simulator plays them, flattened into one list of callback URLs. */
    private static List<URI> realisticTraffic(URI hub, String site) {
        List<URI> uris = new ArrayList<>();
        Simulator simulator = new Simulator(hub, site, Pacer.sleeping(0));
        for (int c = 0; c < 200; c++) {
            Script script = ClassScenario.webcast("BENCH" + c).attendees(100).seed(c).build();
            for (Step step : script.steps()) {
                if (step instanceof Step.Call call) {
                    uris.add(simulator.uri(call.endpoint(), call.params()));
                }
            }
        }
        return uris;
    }

    private URI nextCallback() {
        return traffic.get(Math.floorMod(next.getAndIncrement(), traffic.size()));
    }

    /** Closed loop: {@code clients} threads send back to back for {@code duration}; returns requests/s. */
    double throughput(URI bare, int clients, Duration duration) throws InterruptedException {
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long end = System.nanoTime() + duration.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        for (int i = 0; i < clients; i++) {
            pool.submit(() -> {
                while (System.nanoTime() < end) {
                    URI uri = bare != null ? bare : nextCallback();
                    if (send(uri) == 200) {
                        ok.incrementAndGet();
                    } else {
                        failed.incrementAndGet();
                    }
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(duration.toSeconds() + 30, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (failed.get() > 0) {
            System.out.printf("  (%d requests not answered 200)%n", failed.get());
        }
        return ok.get() / seconds;
    }

    /**
     * Open loop at a fixed offered rate; latency counts from the moment a request was due, so a
     * stalled server is not hidden by the client waiting for it. Returns sorted latencies in ms.
     */
    double[] latencyAtRate(int perSecond, Duration duration) throws InterruptedException {
        int total = (int) (perSecond * duration.toSeconds());
        double[] latencies = new double[total];
        AtomicInteger failed = new AtomicInteger();
        List<CompletableFuture<?>> inFlight = new ArrayList<>(total);
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long due = start + (long) (i * 1e9 / perSecond);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            int index = i;
            inFlight.add(http.sendAsync(HttpRequest.newBuilder(nextCallback()).GET().build(),
                            HttpResponse.BodyHandlers.discarding())
                    .handle((response, error) -> {
                        latencies[index] = (System.nanoTime() - due) / 1e6;
                        if (error != null || response.statusCode() != 200) {
                            failed.incrementAndGet();
                        }
                        return null;
                    }));
        }
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
        if (failed.get() > 0) {
            System.out.printf("  (%d requests not answered 200)%n", failed.get());
        }
        Arrays.sort(latencies);
        return latencies;
    }

    /** 20,000 joins (or {@code users}) for one class as fast as possible; returns seconds until all were acknowledged. */
    double burst(String site, String classNo, int users, int clients) throws InterruptedException {
        AtomicInteger index = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            pool.submit(() -> {
                int i;
                while ((i = index.getAndIncrement()) < users) {
                    long operator = ClassScenario.UID_OFFSET + 10_000 + i;
                    URI uri = hub.resolve("/gensee/" + site + "/live?ClassNo=" + classNo + "&Operator=" + operator
                            + "&Action=101&Affected=" + operator + "&totalusernum=" + (i + 1));
                    if (send(uri) != 200) {
                        failed.incrementAndGet();
                    }
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.MINUTES);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("RESULT burst_not_acknowledged=%d%n", failed.get());
        return seconds;
    }

    /** Journaled events the hub has not applied yet, or -1 when the status cannot be read. */
    long pendingDispatch() {
        Matcher count = PENDING_DISPATCH.matcher(api("/api/status"));
        return count.find() ? Long.parseLong(count.group(1)) : -1;
    }

    /** Waits until the hub has applied every journaled event; returns seconds waited. */
    double awaitDispatched() throws InterruptedException {
        long start = System.nanoTime();
        while (pendingDispatch() != 0) {
            Thread.sleep(100);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    String api(String path) {
        try {
            return http.send(HttpRequest.newBuilder(hub.resolve(path)).header("Authorization", "Bearer " + token)
                    .GET().build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private int send(URI uri) {
        try {
            return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static double percentile(double[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100 * sorted.length) - 1)];
    }

    /** User + system CPU seconds a process has used so far (Linux: /proc/PID/stat, 100 ticks/s), or 0 when unknown. */
    static double cpuSeconds(String pid) {
        if (pid == null) {
            return 0;
        }
        try {
            String stat = Files.readString(Path.of("/proc", pid, "stat"));
            // after "pid (command) ": state is field 3, utime 14 and stime 15
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Peak resident set size of a process in MiB (VmHWM), or -1 when unknown. */
    static double peakRssMib(String pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    public static int run(String[] args) throws InterruptedException {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        URI hub = URI.create(options.getOrDefault("hub", "http://localhost:8080"));
        String site = options.getOrDefault("site", "demo");
        int seconds = Integer.parseInt(options.getOrDefault("seconds", "15"));
        int clients = Integer.parseInt(options.getOrDefault("clients", "16"));
        int rate = Integer.parseInt(options.getOrDefault("rate", "1000"));
        int burstUsers = Integer.parseInt(options.getOrDefault("burst", "20000"));
        LoadGenerator load = new LoadGenerator(hub, options.getOrDefault("token", ""), site);
        URI bare = hub.resolve("/bench/bare");

        System.out.println("warming up ...");
        load.throughput(bare, clients, Duration.ofSeconds(seconds));
        load.throughput(null, clients, Duration.ofSeconds(seconds));
        load.awaitDispatched();

        String pid = options.get("pid");
        double cpuBefore = cpuSeconds(pid);
        double bareRate = load.throughput(bare, clients, Duration.ofSeconds(seconds));
        double cpuAfterBare = cpuSeconds(pid);
        double hubRate = load.throughput(null, clients, Duration.ofSeconds(seconds));
        System.out.printf("RESULT throughput_bare_per_s=%.0f%n", bareRate);
        System.out.printf("RESULT throughput_callbacks_per_s=%.0f%n", hubRate);
        System.out.printf("RESULT throughput_ratio=%.2f%n", hubRate / bareRate);
        System.out.printf("RESULT dispatch_backlog_events=%d%n", load.pendingDispatch());
        double drain = load.awaitDispatched();
        System.out.printf("RESULT dispatch_backlog_drain_s=%.1f%n", drain);
        if (pid != null) {
            // the hub's CPU time per request: steadier than requests/s on a machine with CPU steal;
            // a callback's share includes applying it (the dispatch backlog is drained first)
            double cpuAfterCallbacks = cpuSeconds(pid);
            System.out.printf("RESULT cpu_ms_per_bare_request=%.3f%n", (cpuAfterBare - cpuBefore) * 1000 / (bareRate * seconds));
            System.out.printf("RESULT cpu_ms_per_callback=%.3f%n", (cpuAfterCallbacks - cpuAfterBare) * 1000 / (hubRate * seconds));
        }

        double[] latencies = load.latencyAtRate(rate, Duration.ofSeconds(seconds));
        System.out.printf("RESULT latency_at_rate=%d%n", rate);
        System.out.printf("RESULT latency_p50_ms=%.2f%n", percentile(latencies, 50));
        System.out.printf("RESULT latency_p99_ms=%.2f%n", percentile(latencies, 99));
        System.out.printf("RESULT latency_p999_ms=%.2f%n", percentile(latencies, 99.9));
        load.awaitDispatched();

        String classNo = "BURST" + System.currentTimeMillis();
        double burstSeconds = load.burst(site, classNo, burstUsers, clients * 2);
        double burstDrain = load.awaitDispatched();
        String attendance = load.api("/api/sessions/" + site + "/" + classNo + "/attendance");
        int counted = attendance.split("\"online\":true", -1).length - 1;
        System.out.printf("RESULT burst_joins=%d%n", burstUsers);
        System.out.printf("RESULT burst_acknowledged_s=%.1f%n", burstSeconds);
        System.out.printf("RESULT burst_applied_s=%.1f%n", burstSeconds + burstDrain);
        System.out.printf("RESULT burst_counted_online=%d%n", counted);
        if (pid != null) {
            System.out.printf("RESULT peak_rss_mib=%.0f%n", peakRssMib(pid));
        }
        return 0;
    }
}
