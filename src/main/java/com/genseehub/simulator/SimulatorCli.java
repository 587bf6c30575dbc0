package com.genseehub.simulator;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.HashMap;
import java.util.Map;

/**
 * Command line: {@code java -jar target/gensee-hub.jar simulate --hub http://localhost:8080 --site demo}
 * (the hub's ingress port).
 * Plays one class and prints what the hub should now report.
 */
public final class SimulatorCli {

    private static final String USAGE = """
            usage: java -jar gensee-hub.jar simulate [options]
              --hub URL[,URL...]    the hub's ingress URL(s); several: sent to in turn (default http://localhost:8080)
              --site KEY            site key configured in the hub    (default demo)
              --product P           webcast | training                (default webcast)
              --class-type T        lecture | small-class | private   (training only, default lecture)
              --class-no N          ClassNo to use                    (default SIM + current time)
              --attendees N         students                          (default 10)
              --abnormal-exits N    students leaving with 110         (default 2)
              --missing-leaves N    students whose leave never comes  (default 1)
              --duplicate-joins N   students whose 101 is sent twice  (default 1)
              --early-web-users N   web users with a leave but no join (default 1)
              --recordings N        106 events                        (default 1)
              --vod-viewers N       VOD viewers afterwards            (default 3)
              --late-vod-ends N     viewers whose 112 arrives late    (default 1)
              --lost-leaves N       students whose 107 is never sent  (Gensee saw it; default 0)
              --lost-joins N        students whose 101 is never sent  (Gensee saw it; default 0)
              --seed N              random seed for durations         (default 42)
              --speed X             simulated seconds per real second; 0 = no waiting (default 0)
            Note: the hub stamps its own receive time, so with --speed 0 all durations are ~0 s.""";

    private SimulatorCli() {
    }

    public static int run(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                System.err.println(args[i].equals("--help") ? USAGE : "bad argument " + args[i] + "\n" + USAGE);
                return 2;
            }
            options.put(args[i].substring(2), args[++i]);
        }
        try {
            ClassScenario scenario = new ClassScenario()
                    .product(options.getOrDefault("product", "webcast"))
                    .classType(options.getOrDefault("class-type", "lecture"))
                    .classNo(options.getOrDefault("class-no", "SIM" + System.currentTimeMillis()))
                    .attendees(number(options, "attendees", 10))
                    .abnormalExits(number(options, "abnormal-exits", 2))
                    .missingLeaves(number(options, "missing-leaves", 1))
                    .duplicateJoins(number(options, "duplicate-joins", 1))
                    .earlyWebUsers(number(options, "early-web-users", 1))
                    .recordings(number(options, "recordings", 1))
                    .vodViewers(number(options, "vod-viewers", 3))
                    .lateVodEnds(number(options, "late-vod-ends", 1))
                    .lostLeaves(number(options, "lost-leaves", 0))
                    .lostJoins(number(options, "lost-joins", 0))
                    .seed(number(options, "seed", 42));
            Script script = scenario.build();
            double speed = Double.parseDouble(options.getOrDefault("speed", "0"));
            List<URI> hubs = Arrays.stream(options.getOrDefault("hub", "http://localhost:8080").split(","))
                    .map(String::trim).map(URI::create).toList();
            Simulator simulator = new Simulator(hubs, options.getOrDefault("site", "demo"), Pacer.sleeping(speed));
            System.out.printf("Playing class %s: %d callbacks%n", script.expected().classNo(), script.callCount());
            Simulator.Report report = simulator.play(script);
            System.out.printf("Acknowledged %d of %d callbacks%n", report.acknowledged(), report.calls());
            report.failures().forEach(f -> System.out.println("  refused: " + f));
            Expected expected = script.expected();
            System.out.printf("Expect: state %s, %d recording(s), peak %d users, %d attendee rows, %d VOD viewers%n",
                    expected.finalState(), expected.recordings(), expected.peakUsers(), expected.attendance().size(),
                    expected.views().size());
            System.out.printf("See: /api/sessions/%s/%s/attendance on the hub's internal port (8081 by default)%n",
                    options.getOrDefault("site", "demo"), expected.classNo());
            return report.allAcknowledged() ? 0 : 1;
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + "\n" + USAGE);
            return 2;
        }
    }

    private static int number(Map<String, String> options, String name, int fallback) {
        String value = options.get(name);
        try {
            return value == null ? fallback : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a whole number");
        }
    }
}
