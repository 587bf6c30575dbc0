package com.genseehub.reconcile;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.genseehub.attendance.Attendee;

/**
 * Compares the hub's presence intervals of one class (from callbacks) with Gensee's own record, user by
 * user, and builds the reconciled presence: the callback intervals, with a leave the hub never received
 * taken from Gensee, and Gensee's intervals the hub has nothing for added. Plain Java, no state.
 *
 * <p>Times of the two sides differ a little (the hub stamps when a callback arrives, Gensee its own
 * clock): up to {@code tolerance} is no difference.
 */
public final class Reconciler {

    /** A presence interval from callbacks; {@code endedBy} null: still open, {@code leftAt} is "now". */
    public record HubInterval(Instant joinedAt, Instant leftAt, Attendee.Exit endedBy) {
        boolean leaveReceived() {
            return endedBy == Attendee.Exit.LEFT || endedBy == Attendee.Exit.ABNORMAL;
        }
    }

    /** One interval of Gensee's record. */
    public record GenseeInterval(long operator, Instant joinedAt, Instant leftAt) {
    }

    /** Each kind of difference, counted. */
    public record Counts(int matched, int missingJoins, int missingLeaves, int genseeOnlyUsers, int hubOnlyUsers,
                         int durationDifferences) {
    }

    /** Per user: the seconds of each side and of the reconciled presence. */
    public record UserFigures(long hubSeconds, long genseeSeconds, long reconciledSeconds) {
    }

    public record Result(List<ReconciledInterval> intervals, Map<Long, UserFigures> users, Counts counts) {
    }

    private final Duration tolerance;

    public Reconciler(Duration tolerance) {
        this.tolerance = tolerance;
    }

    /**
     * @param hub       closed (and open) callback intervals per Operator
     * @param hubUsers  every Operator the hub has an attendance row for (also those without an interval)
     * @param gensee    Gensee's record of the class
     */
    public Result reconcile(Map<Long, List<HubInterval>> hub, Set<Long> hubUsers, List<GenseeInterval> gensee) {
        Map<Long, List<GenseeInterval>> genseeByUser = new TreeMap<>();
        gensee.forEach(g -> genseeByUser.computeIfAbsent(g.operator(), k -> new ArrayList<>()).add(g));
        Set<Long> everyone = new TreeSet<>(hubUsers);
        everyone.addAll(hub.keySet());
        everyone.addAll(genseeByUser.keySet());

        Tally tally = new Tally();
        List<ReconciledInterval> all = new ArrayList<>();
        Map<Long, UserFigures> users = new TreeMap<>();
        for (long operator : everyone) {
            List<HubInterval> h = sorted(hub.getOrDefault(operator, List.of()));
            List<GenseeInterval> g = merged(operator, genseeByUser.getOrDefault(operator, List.of()));
            List<ReconciledInterval> reconciled = user(operator, h, g, hubUsers.contains(operator) || !h.isEmpty(),
                    tally);
            all.addAll(reconciled);
            long hubSeconds = Intervals.unionSeconds(h, HubInterval::joinedAt, HubInterval::leftAt);
            long genseeSeconds = Intervals.unionSeconds(g, GenseeInterval::joinedAt, GenseeInterval::leftAt);
            users.put(operator, new UserFigures(hubSeconds, genseeSeconds,
                    Intervals.unionSeconds(reconciled, ReconciledInterval::joinedAt, ReconciledInterval::leftAt)));
            if (!h.isEmpty() && !g.isEmpty()) {
                if (Math.abs(hubSeconds - genseeSeconds) > tolerance.toSeconds()) {
                    tally.durationDifferences++;
                } else {
                    tally.matched++;
                }
            } else if (!h.isEmpty()) {
                tally.hubOnlyUsers++;
            }
        }
        return new Result(List.copyOf(all), users, tally.counts());
    }

    private List<ReconciledInterval> user(long operator, List<HubInterval> hub, List<GenseeInterval> gensee,
                                          boolean knownToTheHub, Tally tally) {
        List<ReconciledInterval> out = new ArrayList<>();
        boolean[] covered = new boolean[gensee.size()];
        for (HubInterval h : hub) {
            List<GenseeInterval> overlapping = new ArrayList<>();
            for (int i = 0; i < gensee.size(); i++) {
                if (overlaps(h, gensee.get(i))) {
                    overlapping.add(gensee.get(i));
                    covered[i] = true;
                }
            }
            repair(operator, h, overlapping, out, tally);
        }
        if (!knownToTheHub && !gensee.isEmpty()) {
            tally.genseeOnlyUsers++;
        }
        for (int i = 0; i < gensee.size(); i++) {
            if (!covered[i]) {
                GenseeInterval g = gensee.get(i);
                out.add(new ReconciledInterval(operator, g.joinedAt(), g.leftAt(), ReconciledInterval.Source.GENSEE, null));
                if (knownToTheHub) {
                    tally.missingJoins++;
                }
            }
        }
        out.sort(Comparator.comparing(ReconciledInterval::joinedAt));
        return out;
    }

    /**
     * One callback interval and the Gensee intervals it overlaps. It stands as it is when Gensee agrees
     * (one interval, and a leave that arrived or Gensee's leave at the same time). Otherwise the hub
     * missed leaves inside it: it ends at Gensee's first leave, and Gensee's later intervals inside it
     * (the user came back) follow as they are.
     */
    private void repair(long operator, HubInterval h, List<GenseeInterval> overlapping, List<ReconciledInterval> out,
                        Tally tally) {
        ReconciledInterval asReceived = new ReconciledInterval(operator, h.joinedAt(), h.leftAt(),
                ReconciledInterval.Source.CALLBACK, h.endedBy());
        if (overlapping.isEmpty()) {
            out.add(asReceived);
            return;
        }
        GenseeInterval last = overlapping.get(overlapping.size() - 1);
        boolean lastLeaveAgrees = h.leaveReceived() || !last.leftAt().isBefore(h.leftAt().minus(tolerance));
        if (overlapping.size() == 1 && lastLeaveAgrees) {
            out.add(asReceived);
            return;
        }
        GenseeInterval first = overlapping.get(0);
        Instant firstLeave = first.leftAt().isBefore(h.leftAt()) ? first.leftAt() : h.leftAt();
        out.add(new ReconciledInterval(operator, h.joinedAt(), firstLeave.isAfter(h.joinedAt()) ? firstLeave : h.joinedAt(),
                ReconciledInterval.Source.REPAIRED_LEAVE, null));
        for (GenseeInterval later : overlapping.subList(1, overlapping.size())) {
            out.add(new ReconciledInterval(operator, later.joinedAt(), later.leftAt(), ReconciledInterval.Source.GENSEE,
                    null));
        }
        tally.missingLeaves += overlapping.size() - 1 + (lastLeaveAgrees ? 0 : 1);
    }

    private boolean overlaps(HubInterval h, GenseeInterval g) {
        return g.joinedAt().isBefore(h.leftAt().plus(tolerance)) && g.leftAt().isAfter(h.joinedAt().minus(tolerance));
    }

    private static List<HubInterval> sorted(List<HubInterval> intervals) {
        List<HubInterval> sorted = new ArrayList<>(intervals);
        sorted.sort(Comparator.comparing(HubInterval::joinedAt));
        return sorted;
    }

    /** Gensee may list one stay twice (two devices, a reconnect): overlapping intervals become one. */
    private static List<GenseeInterval> merged(long operator, List<GenseeInterval> intervals) {
        List<GenseeInterval> sorted = new ArrayList<>(intervals);
        sorted.sort(Comparator.comparing(GenseeInterval::joinedAt));
        List<GenseeInterval> merged = new ArrayList<>();
        for (GenseeInterval g : sorted) {
            GenseeInterval previous = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (previous != null && !g.joinedAt().isAfter(previous.leftAt())) {
                Instant leave = g.leftAt().isAfter(previous.leftAt()) ? g.leftAt() : previous.leftAt();
                merged.set(merged.size() - 1, new GenseeInterval(operator, previous.joinedAt(), leave));
            } else {
                merged.add(g);
            }
        }
        return merged;
    }

    private static final class Tally {
        int matched;
        int missingJoins;
        int missingLeaves;
        int genseeOnlyUsers;
        int hubOnlyUsers;
        int durationDifferences;

        Counts counts() {
            return new Counts(matched, missingJoins, missingLeaves, genseeOnlyUsers, hubOnlyUsers, durationDifferences);
        }
    }
}
