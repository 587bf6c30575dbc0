package com.genseehub.simulator;

import java.util.List;

/** The callbacks of one simulated class, in order, and what the hub should then report. */
public record Script(List<Step> steps, Expected expected) {

    public long callCount() {
        return steps.stream().filter(Step.Call.class::isInstance).count();
    }
}
