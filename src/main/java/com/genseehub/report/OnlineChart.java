package com.genseehub.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.SimpleDateFormat;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.TimeZone;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.chart.ui.Layer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The online curve of a class as a PNG (JFreeChart): online users on a real time axis (each point at
 * its time, the count held until the next), with the time the class was not live (before the start,
 * pauses, after the stop) shaded grey.
 */
public final class OnlineChart {

    public static final int WIDTH = 800;
    public static final int HEIGHT = 320;
    public static final Color LINE = new Color(0x1f, 0x6f, 0xeb);
    public static final Color NOT_LIVE = new Color(0xd0, 0xd4, 0xda);
    public static final Color PLOT_BACKGROUND = new Color(0xfb, 0xfc, 0xfe);

    /** One count Gensee reported (totalusernum) and when. */
    public record Point(Instant at, int users) {
    }

    private OnlineChart() {
    }

    /** The time the chart spans: from the first point or start to the last point or end. */
    public record Range(Instant from, Instant to) {
    }

    public static Range range(List<Point> points, List<LiveSpan> spans, Instant asOf) {
        List<Instant> times = new ArrayList<>();
        points.forEach(p -> times.add(p.at()));
        spans.forEach(s -> {
            times.add(s.start());
            times.add(s.endOr(asOf));
        });
        if (times.isEmpty()) {
            return new Range(asOf, asOf);
        }
        return new Range(times.stream().min(Instant::compareTo).orElseThrow(),
                times.stream().max(Instant::compareTo).orElseThrow());
    }

    /** The parts of the range that were not live. */
    public static List<Range> notLive(Range range, List<LiveSpan> spans, Instant asOf) {
        List<Range> gaps = new ArrayList<>();
        Instant cursor = range.from();
        for (LiveSpan span : spans) {
            if (span.start().isAfter(cursor)) {
                gaps.add(new Range(cursor, span.start()));
            }
            if (span.endOr(asOf).isAfter(cursor)) {
                cursor = span.endOr(asOf);
            }
        }
        if (range.to().isAfter(cursor)) {
            gaps.add(new Range(cursor, range.to()));
        }
        return gaps;
    }

    public static byte[] png(List<Point> points, List<LiveSpan> spans, Instant asOf, ZoneId zone,
                             ReportLabels labels, String title) {
        XYSeries series = new XYSeries(labels.get("online"), true, true);
        points.forEach(p -> series.add(p.at().toEpochMilli(), p.users()));
        Range range = range(points, spans, asOf);
        if (!points.isEmpty()) {
            // the last count holds until the end of the chart
            series.add(range.to().toEpochMilli(), points.get(points.size() - 1).users());
        }

        DateAxis time = new DateAxis(labels.get("time"));
        SimpleDateFormat format = new SimpleDateFormat("HH:mm");
        format.setTimeZone(TimeZone.getTimeZone(zone));
        time.setDateFormatOverride(format);
        time.setTimeZone(TimeZone.getTimeZone(zone));
        if (range.to().isAfter(range.from())) {
            time.setRange(range.from().toEpochMilli(), range.to().toEpochMilli());
        }
        NumberAxis users = new NumberAxis(labels.get("online"));
        users.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        users.setAutoRangeIncludesZero(true);

        XYStepRenderer line = new XYStepRenderer();
        line.setSeriesPaint(0, LINE);
        line.setSeriesStroke(0, new BasicStroke(2f));
        XYPlot plot = new XYPlot(new XYSeriesCollection(series), time, users, line);
        plot.setBackgroundPaint(PLOT_BACKGROUND);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        plot.setOutlineVisible(false);
        for (Range gap : notLive(range, spans, asOf)) {
            IntervalMarker marker = new IntervalMarker(gap.from().toEpochMilli(), gap.to().toEpochMilli());
            marker.setPaint(NOT_LIVE);
            marker.setAlpha(1f);
            plot.addDomainMarker(marker, Layer.BACKGROUND);
        }

        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        chart.setBackgroundPaint(Color.WHITE);
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ChartUtils.writeChartAsPNG(out, chart, WIDTH, HEIGHT);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
