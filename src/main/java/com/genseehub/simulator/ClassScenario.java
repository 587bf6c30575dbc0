package com.genseehub.simulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Builds the callbacks of one whole class the way Gensee sends them (spec section 8), with the
 * faults of real traffic, and records what really happened so a test can compare the hub's
 * numbers with the truth.
 *
 * <p>Timeline: the teacher's client enters (101, 102; small class and private tutoring also 103),
 * the class starts (103), attendees join one by one (101), some join twice (duplicate 101), the
 * class runs, is paused and resumed (104, 103; webcast and lecture only), recordings are produced
 * (106), attendees leave in a shuffled order (107; 110 for abnormal exits; nothing for a missing
 * leave), web users who had opened the page before the start leave (107 with no 101: an orphan
 * leave), the teacher leaves (107) and the class stops (105). Then VOD viewers watch the
 * courseware (111 .. 112), some with a late 112 that arrives after their next 111.
 *
 * <p>Lost callbacks: Gensee sent them but they never reached the hub (it was down or unreachable). A
 * lost leave leaves the hub's interval open until the stop; a lost join makes its leave an orphan.
 * {@link Expected#presence()} is what really happened, as Gensee's own record has it: a missing leave
 * (a crash) ends when the user crashed, an early web user is present from when the page opened.
 */
public final class ClassScenario {

    /** Integrators shift their own user ids by this so they cannot clash with Gensee's (spec, last section). */
    public static final long UID_OFFSET = 1_000_000_000L;

    private String product = "webcast";
    private String classType = "lecture";
    private String classNo = "C1001";
    private int attendees = 10;
    private int abnormalExits = 2;
    private int missingLeaves = 1;
    private int duplicateJoins = 1;
    private int earlyWebUsers = 1;
    private int recordings = 1;
    private int vodViewers = 3;
    private int lateVodEnds = 1;
    private int lostLeaves = 0;
    private int lostJoins = 0;
    private long seed = 42;

    public static ClassScenario webcast(String classNo) {
        return new ClassScenario().product("webcast").classNo(classNo);
    }

    public static ClassScenario training(String classType, String classNo) {
        return new ClassScenario().product("training").classType(classType).classNo(classNo);
    }

    public ClassScenario product(String value) {
        this.product = value;
        return this;
    }

    public ClassScenario classType(String value) {
        this.classType = value;
        return this;
    }

    public ClassScenario classNo(String value) {
        this.classNo = value;
        return this;
    }

    public ClassScenario attendees(int value) {
        this.attendees = value;
        return this;
    }

    public ClassScenario abnormalExits(int value) {
        this.abnormalExits = value;
        return this;
    }

    public ClassScenario missingLeaves(int value) {
        this.missingLeaves = value;
        return this;
    }

    public ClassScenario duplicateJoins(int value) {
        this.duplicateJoins = value;
        return this;
    }

    public ClassScenario earlyWebUsers(int value) {
        this.earlyWebUsers = value;
        return this;
    }

    public ClassScenario recordings(int value) {
        this.recordings = value;
        return this;
    }

    public ClassScenario vodViewers(int value) {
        this.vodViewers = value;
        return this;
    }

    public ClassScenario lateVodEnds(int value) {
        this.lateVodEnds = value;
        return this;
    }

    /** Students whose 107 Gensee sent but the hub never received. */
    public ClassScenario lostLeaves(int value) {
        this.lostLeaves = value;
        return this;
    }

    /** Students whose 101 Gensee sent but the hub never received (their 107 arrives). */
    public ClassScenario lostJoins(int value) {
        this.lostJoins = value;
        return this;
    }

    public ClassScenario seed(long value) {
        this.seed = value;
        return this;
    }

    public Script build() {
        if (abnormalExits + missingLeaves + lostLeaves + lostJoins > attendees || duplicateJoins + lostJoins > attendees
                || lateVodEnds > vodViewers) {
            throw new IllegalArgumentException("more faults than attendees / viewers");
        }
        return new Builder().script();
    }

    /** One generation run: a clock in seconds, the steps so far and the truth. */
    private final class Builder {
        private final Random random = new Random(seed);
        private final List<Step> steps = new ArrayList<>();
        private final Map<Long, long[]> truth = new LinkedHashMap<>();
        private final Map<Long, List<Expected.Presence>> presence = new LinkedHashMap<>();
        private final Map<Long, Long> presentSince = new LinkedHashMap<>();
        /** presence intervals {join, leave} per user, and the class's live spans {start, end}, in seconds */
        private final Map<Long, List<long[]>> intervals = new LinkedHashMap<>();
        private final List<long[]> liveSpans = new ArrayList<>();
        private long liveSince = -1;
        private int pauses;
        private long now;
        private int online;
        private int peak;

        // truth[] indexes
        private static final int JOINS = 0;
        private static final int REPEATED = 1;
        private static final int NORMAL = 2;
        private static final int ABNORMAL = 3;
        private static final int BY_STOP = 4;
        private static final int ORPHAN = 5;
        private static final int SECONDS = 6;
        private static final int JOINED_AT = 7;

        Script script() {
            boolean smallClass = product.equals("training") && !classType.equals("lecture");
            long teacher = UID_OFFSET + 1;

            // the teacher's client enters: 101 and 102 (small class: 103 with them)
            join(teacher);
            live(102, 0);
            if (smallClass) {
                live(103, 0);
            } else {
                waitSeconds(30);
                live(103, 0);
            }
            online += earlyWebUsers; // entered before the start: Gensee sent nothing for them
            for (int i = 0; i < earlyWebUsers; i++) {
                presentSince.put(UID_OFFSET + 5000 + i, now);
            }

            List<Long> students = new ArrayList<>();
            List<Long> joinLost = new ArrayList<>();
            for (int i = 0; i < attendees; i++) {
                long operator = UID_OFFSET + 100 + i;
                students.add(operator);
                waitSeconds(5);
                if (i >= attendees - lostJoins) {
                    // Gensee saw the join, the hub never got the 101
                    joinLost.add(operator);
                    online++;
                    presentSince.put(operator, now);
                } else {
                    join(operator);
                }
            }
            for (int i = 0; i < duplicateJoins; i++) {
                waitSeconds(1);
                long operator = students.get(i);
                truth.get(operator)[REPEATED]++;
                live(101, operator);
            }
            waitSeconds(600 + random.nextInt(600));
            if (!smallClass) {
                live(104, 0);
                waitSeconds(120);
                live(103, 0);
            }
            for (int i = 0; i < recordings; i++) {
                waitSeconds(60);
                live(106, 0);
            }

            List<Long> leaving = new ArrayList<>(students);
            leaving.removeAll(joinLost);
            Collections.shuffle(leaving, random);
            // users whose join was lost leave last, normally: the hub sees an orphan 107
            leaving.addAll(joinLost);
            List<Long> crashed = new ArrayList<>();
            List<Long> leaveLost = new ArrayList<>();
            for (int i = 0; i < leaving.size(); i++) {
                long operator = leaving.get(i);
                waitSeconds(10 + random.nextInt(50));
                if (joinLost.contains(operator)) {
                    orphanLeave(operator);
                } else if (i < abnormalExits) {
                    leave(operator, ABNORMAL);
                } else if (i < abnormalExits + missingLeaves) {
                    // crashed without a 110: still counted online until the end; Gensee's record ends now
                    crashed.add(operator);
                    present(operator);
                } else if (i < abnormalExits + missingLeaves + lostLeaves) {
                    // left normally, the 107 was lost: the hub closes the interval at the stop
                    leaveLost.add(operator);
                    present(operator);
                    online--;
                } else {
                    leave(operator, NORMAL);
                }
            }
            for (int i = 0; i < earlyWebUsers; i++) {
                waitSeconds(3);
                orphanLeave(UID_OFFSET + 5000 + i);
            }
            waitSeconds(30);
            leave(teacher, NORMAL);
            waitSeconds(20);
            // the class ends: open attendance (the missing leaves) is closed now
            for (long operator : concat(crashed, leaveLost)) {
                long[] t = truth.get(operator);
                t[BY_STOP]++;
                t[SECONDS] += now - t[JOINED_AT];
                intervals.computeIfAbsent(operator, k -> new ArrayList<>()).add(new long[] {t[JOINED_AT], now});
            }
            online -= crashed.size();
            live(105, 0);

            String vodClassNo = classNo + "-vod";
            Map<Long, Expected.Viewer> views = vod(vodClassNo);

            Map<Long, Expected.Attendee> attendance = new LinkedHashMap<>();
            truth.forEach((operator, t) -> attendance.put(operator, new Expected.Attendee((int) t[JOINS],
                    (int) t[REPEATED], (int) t[NORMAL], (int) t[ABNORMAL], (int) t[BY_STOP], (int) t[ORPHAN],
                    t[SECONDS])));
            Map<Long, Long> present = new LinkedHashMap<>();
            truth.keySet().forEach(operator -> present.put(operator, presentSeconds(operator)));
            long liveSeconds = liveSpans.stream().mapToLong(span -> span[1] - span[0]).sum();
            return new Script(List.copyOf(steps), new Expected(classNo, vodClassNo, "STOPPED", recordings, peak,
                    attendance, views, presence, liveSeconds, pauses, present));
        }

        /** Second by second: the seconds the user was present while the class was live. */
        private long presentSeconds(long operator) {
            long seconds = 0;
            for (long[] interval : intervals.getOrDefault(operator, List.of())) {
                for (long second = interval[0]; second < interval[1]; second++) {
                    long s = second;
                    if (liveSpans.stream().anyMatch(span -> s >= span[0] && s < span[1])) {
                        seconds++;
                    }
                }
            }
            return seconds;
        }

        private Map<Long, Expected.Viewer> vod(String vodClassNo) {
            Map<Long, Expected.Viewer> views = new LinkedHashMap<>();
            int watching = 0;
            for (int i = 0; i < vodViewers; i++) {
                long viewer = UID_OFFSET + 100 + i;
                waitSeconds(30);
                vodCall(111, viewer, ++watching);
                long first = 120 + random.nextInt(600);
                waitSeconds(first);
                if (i < lateVodEnds) {
                    // the 112 of the first view is late: the viewer presses play again first (111, which
                    // closes the first view), the late 112 arrives 2 s later and closes the second view;
                    // the second view's own 112 then finds nothing open and is counted as an orphan end
                    vodCall(111, viewer, watching);
                    waitSeconds(2);
                    vodCall(112, viewer, watching);
                    waitSeconds(200);
                    vodCall(112, viewer, --watching);
                    views.put(viewer, new Expected.Viewer(2, 1, first + 2));
                } else {
                    vodCall(112, viewer, --watching);
                    views.put(viewer, new Expected.Viewer(1, 0, first));
                }
            }
            return views;
        }

        private void join(long operator) {
            long[] t = truth.computeIfAbsent(operator, k -> new long[8]);
            t[JOINS]++;
            t[JOINED_AT] = now;
            online++;
            presentSince.put(operator, now);
            live(101, operator);
        }

        private void leave(long operator, int how) {
            long[] t = truth.get(operator);
            t[how]++;
            t[SECONDS] += now - t[JOINED_AT];
            intervals.computeIfAbsent(operator, k -> new ArrayList<>()).add(new long[] {t[JOINED_AT], now});
            online--;
            present(operator);
            live(how == ABNORMAL ? 110 : 107, operator);
        }

        /** A 107 of a user the hub never saw join (an early web user, or a lost 101). */
        private void orphanLeave(long operator) {
            truth.computeIfAbsent(operator, k -> new long[8])[ORPHAN]++;
            online--;
            present(operator);
            live(107, operator);
        }

        /** The end of a user's true presence (what Gensee's own record says). */
        private void present(long operator) {
            Long since = presentSince.remove(operator);
            if (since != null) {
                presence.computeIfAbsent(operator, k -> new ArrayList<>()).add(new Expected.Presence(since, now));
            }
        }

        private static List<Long> concat(List<Long> a, List<Long> b) {
            List<Long> both = new ArrayList<>(a);
            both.addAll(b);
            return both;
        }

        private void live(int action, long operator) {
            peak = Math.max(peak, online);
            if (action == 103 && liveSince < 0) {
                liveSince = now;
            } else if ((action == 104 || action == 105) && liveSince >= 0) {
                liveSpans.add(new long[] {liveSince, now});
                liveSince = -1;
                pauses += action == 104 ? 1 : 0;
            }
            steps.add(Step.Call.live(classNo, action, operator, online));
        }

        private void vodCall(int action, long operator, int watching) {
            steps.add(Step.Call.vod(classNo + "-vod", action, operator, Math.max(0, watching)));
        }

        private void waitSeconds(long seconds) {
            now += seconds;
            steps.add(new Step.Wait(Duration.ofSeconds(seconds)));
        }
    }
}
