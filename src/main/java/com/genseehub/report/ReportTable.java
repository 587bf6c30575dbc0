package com.genseehub.report;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import com.genseehub.config.HubProperties.AttendanceRule;

/**
 * The report as labelled, typed cells, in one language and time zone: the class's figures as
 * label / value lines and the attendees as a table. CSV, XLSX and the email all write this, so they
 * show the same columns.
 */
public record ReportTable(List<Line> figures, List<String> header, List<List<Cell>> rows) {

    /** What a cell holds, so a spreadsheet can type it. */
    public enum Kind {
        TEXT,
        /** a whole number */
        NUMBER,
        /** a share 0 to 1 */
        PERCENT,
        /** seconds */
        DURATION
    }

    /** One value; {@code value} is a String, Long, Double or null. */
    public record Cell(Kind kind, Object value) {

        static Cell text(String text) {
            return new Cell(Kind.TEXT, text);
        }

        static Cell number(long n) {
            return new Cell(Kind.NUMBER, n);
        }

        /** How the value reads as text: 93.5%, 1:02:03, ... */
        public String text() {
            if (value == null) {
                return "";
            }
            return switch (kind) {
                case PERCENT -> String.format(Locale.ROOT, "%.1f%%", (Double) value * 100);
                case DURATION -> duration((Long) value);
                default -> value.toString();
            };
        }
    }

    /** One figure of the class. */
    public record Line(String label, Cell value) {
    }

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    public static ReportTable of(ClassReport report, ReportLabels labels, ZoneId zone) {
        ClassReport.Figures f = report.figures();
        boolean rule = f.rule() != null;
        List<Line> figures = new ArrayList<>(List.of(
                new Line(labels.get("site"), Cell.text(f.site())),
                new Line(labels.get("classNo"), Cell.text(f.classNo())),
                new Line(labels.get("state"), Cell.text(labels.get("state." + f.state()))),
                new Line(labels.get("startedAt"), Cell.text(dateTime(f.startedAt(), zone))),
                new Line(labels.get("stoppedAt"), Cell.text(dateTime(f.stoppedAt(), zone))),
                new Line(labels.get("liveTime"), new Cell(Kind.DURATION, f.liveSeconds())),
                new Line(labels.get("pauses"), Cell.number(f.pauses())),
                new Line(labels.get("pausedTime"), new Cell(Kind.DURATION, f.pausedSeconds())),
                new Line(labels.get("peakUsers"), new Cell(Kind.NUMBER, f.peakUsers() == null ? null : (long) f.peakUsers())),
                new Line(labels.get("attendees"), Cell.number(f.attendees()))));
        if (rule) {
            figures.add(new Line(labels.get("qualifiedCount"), Cell.number(f.qualified())));
        }
        figures.addAll(List.of(
                new Line(labels.get("abnormalExits"), Cell.number(f.abnormalExits())),
                new Line(labels.get("recordings"), Cell.number(f.recordings())),
                new Line(labels.get("questions"), Cell.number(f.questions())),
                new Line(labels.get("answers"), Cell.number(f.answers())),
                new Line(labels.get("rollCall"), Cell.number(f.rollCallCheckIns())),
                new Line(labels.get("rule"), Cell.text(rule ? rule(f.rule(), labels) : labels.get("noRule"))),
                new Line(labels.get("generatedAt"), Cell.text(dateTime(f.generatedAt(), zone))),
                new Line(labels.get("timeZone"), Cell.text(zone.getId()))));

        List<String> header = new ArrayList<>(List.of(labels.get("operator"), labels.get("name"),
                labels.get("present"), labels.get("presence")));
        if (rule) {
            header.add(labels.get("qualified"));
        }
        header.addAll(List.of(labels.get("intervalCount"), labels.get("abnormalExits"), labels.get("rollCall"),
                labels.get("firstJoin"), labels.get("lastLeave"), labels.get("intervals")));

        List<List<Cell>> rows = report.attendees().stream().map(row -> {
            List<Cell> cells = new ArrayList<>(List.of(Cell.number(row.operator()), Cell.text(row.name()),
                    new Cell(Kind.DURATION, row.presentSeconds()), new Cell(Kind.PERCENT, row.presence())));
            if (rule) {
                cells.add(Cell.text(labels.get(Boolean.TRUE.equals(row.qualified()) ? "yes" : "no")));
            }
            cells.addAll(List.of(Cell.number(row.intervals().size()), Cell.number(row.abnormalExits()),
                    Cell.number(row.rollCallCheckIns()), Cell.text(dateTime(row.firstJoin(), zone)),
                    Cell.text(dateTime(row.lastLeave(), zone)), Cell.text(intervals(row.intervals(), labels, zone))));
            return List.copyOf(cells);
        }).toList();
        return new ReportTable(List.copyOf(figures), List.copyOf(header), rows);
    }

    /** The index of a column in {@link #header()}. */
    public int column(String label) {
        int index = header.indexOf(label);
        if (index < 0) {
            throw new IllegalArgumentException("no column " + label);
        }
        return index;
    }

    static String duration(long seconds) {
        long s = Math.max(0, seconds);
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s % 3600 / 60, s % 60);
    }

    private static String dateTime(Instant instant, ZoneId zone) {
        return instant == null ? null : DATE_TIME.format(instant.atZone(zone));
    }

    private static String intervals(List<PresenceInterval> intervals, ReportLabels labels, ZoneId zone) {
        return intervals.stream().map(i -> TIME.format(i.joinedAt().atZone(zone)) + "–"
                        + (i.leftAt() == null ? "" : TIME.format(i.leftAt().atZone(zone)))
                        + " (" + labels.get("end." + i.end().id()) + ")")
                .collect(Collectors.joining("; "));
    }

    private static String rule(AttendanceRule rule, ReportLabels labels) {
        List<String> parts = new ArrayList<>();
        if (rule.minPresence() != null) {
            parts.add(labels.get("rule.minPresence").replace("{p}",
                    new Cell(Kind.PERCENT, rule.minPresence()).text()));
        }
        if (rule.minMinutes() != null) {
            parts.add(labels.get("rule.minMinutes").replace("{m}", String.valueOf(rule.minMinutes())));
        }
        return String.join(labels.get("rule.and"), parts);
    }
}
