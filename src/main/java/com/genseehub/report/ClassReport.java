package com.genseehub.report;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.genseehub.config.HubProperties.AttendanceRule;

/**
 * The report of one class: its figures ({@code class}) and one row per attendee. Built from facts
 * only (live spans, presence intervals, Q&A, roll call), never from the journal.
 */
public record ClassReport(@JsonProperty("class") Figures figures, List<Row> attendees) {

    /**
     * @param state            the session state (UNKNOWN, CREATED, LIVE, PAUSED, STOPPED)
     * @param startedAt        the first start (103)
     * @param stoppedAt        the last stop (105) when the class is stopped, else null
     * @param liveSeconds      live time: the spans' total
     * @param liveSpans        103 to the next 104 / 105
     * @param pauses           spans ended by a pause (104)
     * @param pausedSeconds    time from each pause to the next start (to {@code generatedAt} while paused)
     * @param peakUsers        the highest totalusernum Gensee reported
     * @param attendees        users with at least one presence interval
     * @param qualified        attendees who meet the site's rule; absent without a rule
     * @param abnormalExits    intervals ended by 110
     * @param recordings       recordings produced (106)
     * @param questions        Q&A questions of the class (webcast id = ClassNo)
     * @param answers          their answers
     * @param rollCallCheckIns roll-call check-ins of the class
     * @param rule             the site's rule; absent without one
     * @param generatedAt      when the report was computed (open spans and intervals count up to it)
     */
    public record Figures(String site, String classNo, String state, Instant startedAt, Instant stoppedAt,
                          long liveSeconds, List<LiveSpan> liveSpans, int pauses, long pausedSeconds,
                          Integer peakUsers, int attendees, @JsonInclude(JsonInclude.Include.NON_NULL) Integer qualified,
                          int abnormalExits, int recordings, int questions, int answers, int rollCallCheckIns,
                          @JsonInclude(JsonInclude.Include.NON_NULL) AttendanceRule rule, Instant generatedAt) {
    }

    /**
     * @param name             where known (reconciliation), else null
     * @param presentSeconds   time present during live time
     * @param presence         presentSeconds / liveSeconds, 0 to 1 (4 decimals); null without live time
     * @param qualified        meets the site's rule; absent without a rule
     * @param online           an interval is open
     * @param abnormalExits    intervals ended by 110
     * @param rollCallCheckIns the attendee's roll-call check-ins in this class
     * @param intervals        oldest first
     */
    public record Row(long operator, String name, long presentSeconds, Double presence,
                      @JsonInclude(JsonInclude.Include.NON_NULL) Boolean qualified, boolean online,
                      int abnormalExits, int rollCallCheckIns, Instant firstJoin, Instant lastLeave,
                      List<PresenceInterval> intervals) {
    }

    /** What the report is made of; {@code asOf} cuts what is still open. */
    public record Facts(String site, String classNo, String state, Instant stoppedAt, Integer peakUsers,
                        int recordings, ClassLiveTime liveTime, List<AttendeeIntervals> attendees,
                        AttendanceRule rule, int questions, int answers, Map<Long, Integer> checkIns,
                        Instant asOf) {
    }

    public static ClassReport of(Facts f) {
        List<LiveSpan> spans = f.liveTime().spans();
        long liveMillis = Presence.liveMillis(spans, f.asOf());
        List<Row> rows = f.attendees().stream()
                .sorted(Comparator.comparingLong(AttendeeIntervals::operator))
                .map(a -> row(a, spans, liveMillis, f))
                .toList();
        Integer qualified = f.rule() == null || !f.rule().defined() ? null
                : (int) rows.stream().filter(row -> Boolean.TRUE.equals(row.qualified())).count();
        List<Long> pausesMillis = pauses(spans, f.asOf());
        Figures figures = new Figures(f.site(), f.classNo(), f.state(),
                spans.isEmpty() ? null : spans.get(0).start(), f.stoppedAt(), liveMillis / 1000, spans,
                pausesMillis.size(), pausesMillis.stream().mapToLong(Long::longValue).sum() / 1000, f.peakUsers(),
                (int) rows.stream().filter(row -> !row.intervals().isEmpty()).count(), qualified,
                rows.stream().mapToInt(Row::abnormalExits).sum(), f.recordings(), f.questions(), f.answers(),
                f.checkIns().values().stream().mapToInt(Integer::intValue).sum(),
                f.rule() == null || !f.rule().defined() ? null : f.rule(), f.asOf());
        return new ClassReport(figures, rows);
    }

    /** The same report without its time of computation: equal figures give equal values. */
    public ClassReport withoutGeneratedAt() {
        Figures f = figures;
        return new ClassReport(new Figures(f.site(), f.classNo(), f.state(), f.startedAt(), f.stoppedAt(),
                f.liveSeconds(), f.liveSpans(), f.pauses(), f.pausedSeconds(), f.peakUsers(), f.attendees(),
                f.qualified(), f.abnormalExits(), f.recordings(), f.questions(), f.answers(), f.rollCallCheckIns(),
                f.rule(), null), attendees);
    }

    private static Row row(AttendeeIntervals a, List<LiveSpan> spans, long liveMillis, Facts f) {
        long present = Presence.presentMillis(a.intervals(), spans, f.asOf());
        Double share = Presence.share(present, liveMillis);
        List<PresenceInterval> intervals = a.intervals();
        Instant lastLeave = intervals.stream().map(PresenceInterval::leftAt).filter(Objects::nonNull)
                .max(Comparator.naturalOrder()).orElse(null);
        return new Row(a.operator(), a.name(), present / 1000,
                share == null ? null : Math.round(share * 10_000) / 10_000.0,
                Presence.qualified(f.rule(), present, liveMillis),
                intervals.stream().anyMatch(i -> i.end() == PresenceInterval.End.OPEN),
                (int) intervals.stream().filter(i -> i.end() == PresenceInterval.End.ABNORMAL).count(),
                f.checkIns().getOrDefault(a.operator(), 0),
                intervals.stream().map(PresenceInterval::joinedAt).min(Comparator.naturalOrder()).orElse(null),
                lastLeave, intervals);
    }

    /** Each pause: from a span ended by 104 to the next start, or to {@code asOf} while still paused. */
    private static List<Long> pauses(List<LiveSpan> spans, Instant asOf) {
        List<Long> pauses = new ArrayList<>();
        for (int i = 0; i < spans.size(); i++) {
            LiveSpan span = spans.get(i);
            if (span.endedBy() == LiveSpan.EndedBy.PAUSED) {
                Instant resumed = i + 1 < spans.size() ? spans.get(i + 1).start() : asOf;
                pauses.add(Math.max(0, Duration.between(span.end(), resumed).toMillis()));
            }
        }
        return pauses;
    }
}
