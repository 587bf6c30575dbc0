package com.genseehub.report;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.genseehub.callback.CallbackEvent;

/**
 * The {@code class.summary} event as sinks receive it (the CRM webhook's body; docs/class-report.md):
 * the summary event's own fields and the class report, computed from the facts when the delivery is made.
 *
 * @param event      always "class.summary"
 * @param eventSeq   the journal seq of the summary event (the same on every retry: an idempotency key)
 * @param reason     "stopped" (hub.report.delay after the class stopped) or "figures-changed"
 * @param run        which stop of the class it follows (1 = the first)
 * @param generation the class's summaries so far, this one included
 */
public record ClassSummaryPayload(String event, long eventSeq, Instant journaledAt, String reason, int run,
                                  int generation, String site, String classNo,
                                  @JsonProperty("class") ClassReport.Figures figures,
                                  List<ClassReport.Row> attendees) {

    public static final String EVENT = "class.summary";

    public static ClassSummaryPayload of(CallbackEvent summary, ClassReport report) {
        return new ClassSummaryPayload(EVENT, summary.seq(), summary.receivedAt(), summary.params().get("reason"),
                Integer.parseInt(summary.params().get("run")), Integer.parseInt(summary.params().get("generation")),
                summary.site(), summary.classNo(), report.figures(), report.attendees());
    }
}
