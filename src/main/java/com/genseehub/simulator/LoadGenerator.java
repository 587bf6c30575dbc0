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
 * The benchmark's load beside wrk (bench/run.sh): realistic callback traffic from the simulator sent
 * over real HTTP to a running hub at a fixed rate (latency, and how far the facts lag behind), then a
 * burst of joins (how long until they are all acknowledged, and applied). {@code java -jar
 * target/gensee-hub.jar load --ingress URL --api URL --token T --pid PID}.
 */
public final class LoadGenerator {

    private static final Pattern PENDING_DISPATCH = Pattern.compile("\"pendingDispatch\":(\\d+)");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).executor(Executors.newFixedThreadPool(4)).build();
    private final URI ingress;
    private final URI api;
    private final String token;
    private final List<URI> traffic;
    private final AtomicInteger next = new AtomicInteger();

    LoadGenerator(URI ingress, URI api, String token, String site) {
        this.ingress = ingress;
        this.api = api;
        this.token = token;
        this.traffic = realisticTraffic(ingress, site);
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
                    URI uri = ingress.resolve("/gensee/" + site + "/live?ClassNo=" + classNo + "&Operator=" + operator
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
            return http.send(HttpRequest.newBuilder(api.resolve(path)).header("Authorization", "Bearer " + token)
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

    /** The most events waiting to be applied, sampled every 100 ms while {@code during} runs. */
    long maxPendingWhile(Runnable during) throws InterruptedException {
        AtomicLong max = new AtomicLong();
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                max.accumulateAndGet(pendingDispatch(), Math::max);
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.start();
        try {
            during.run();
        } finally {
            sampler.interrupt();
            sampler.join();
        }
        return max.get();
    }

    public static int run(String[] args) throws InterruptedException {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        URI ingress = URI.create(options.getOrDefault("ingress", "http://localhost:8080"));
        URI api = URI.create(options.getOrDefault("api", "http://localhost:8081"));
        String site = options.getOrDefault("site", "demo");
        int seconds = Integer.parseInt(options.getOrDefault("seconds", "15"));
        int clients = Integer.parseInt(options.getOrDefault("clients", "32"));
        int rate = Integer.parseInt(options.getOrDefault("rate", "1000"));
        int burstUsers = Integer.parseInt(options.getOrDefault("burst", "20000"));
        String pid = options.get("pid");
        LoadGenerator load = new LoadGenerator(ingress, api, options.getOrDefault("token", ""), site);
        load.awaitDispatched();

        if (rate > 0) {
            double[][] latencies = new double[1][];
            long maxPending = load.maxPendingWhile(() -> {
                try {
                    latencies[0] = load.latencyAtRate(rate, Duration.ofSeconds(seconds));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            System.out.printf("RESULT latency_at_rate=%d%n", rate);
            System.out.printf("RESULT latency_p50_ms=%.2f%n", percentile(latencies[0], 50));
            System.out.printf("RESULT latency_p99_ms=%.2f%n", percentile(latencies[0], 99));
            System.out.printf("RESULT latency_p999_ms=%.2f%n", percentile(latencies[0], 99.9));
            // events waiting to be applied, at this rate, is how far the facts are behind
            System.out.printf("RESULT facts_lag_at_rate_s=%.2f%n", maxPending / (double) rate);
        }
        load.awaitDispatched();

        String classNo = "BURST" + System.currentTimeMillis();
        double burstSeconds = load.burst(site, classNo, burstUsers, clients);
        double burstDrain = load.awaitDispatched();
        // every attendee, as CSV (the JSON is paged): the users whose "online" cell says true
        String attendance = load.api("/api/sessions/" + site + "/" + classNo + "/attendance?format=csv");
        long counted = attendance.lines().skip(1).filter(line -> line.split(",", -1)[8].equals("true")).count();
        System.out.printf("RESULT burst_joins=%d%n", burstUsers);
        System.out.printf("RESULT burst_acknowledged_s=%.1f%n", burstSeconds);
        System.out.printf("RESULT burst_applied_after_last_ack_s=%.1f%n", burstDrain);
        System.out.printf("RESULT burst_counted_online=%d%n", counted);
        if (pid != null) {
            System.out.printf("RESULT peak_rss_mib=%.0f%n", peakRssMib(pid));
        }
        return 0;
    }
}
