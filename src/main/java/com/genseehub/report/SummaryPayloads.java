package com.genseehub.report;

import com.genseehub.callback.CallbackEvent;
import com.genseehub.callback.CallbackKind;
import org.springframework.stereotype.Component;

/** Turns a journaled summary event into what the sinks send, with the class's figures as they are now. */
@Component
public class SummaryPayloads {

    private final ClassReports reports;

    public SummaryPayloads(ClassReports reports) {
        this.reports = reports;
    }

    public ClassSummaryPayload of(CallbackEvent summary) {
        if (summary.kind() != CallbackKind.SUMMARY) {
            throw new IllegalArgumentException("not a summary event: " + summary.kind().id());
        }
        ClassReport report = reports.of(summary.site(), summary.classNo()).orElseThrow(() -> new IllegalStateException(
                "no facts for class " + summary.classNo() + " on site " + summary.site() + " (yet)"));
        return ClassSummaryPayload.of(summary, report);
    }
}
