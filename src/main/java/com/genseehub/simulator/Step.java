package com.genseehub.simulator;

import java.time.Duration;
import java.util.Map;

/** One step of a simulated class: a callback Gensee would send, or time passing. */
public sealed interface Step {

    /** A GET to {@code /gensee/{site}/{endpoint}} with these query parameters. */
    record Call(String endpoint, Map<String, String> params) implements Step {
    }

    /** Time passing between callbacks. */
    record Wait(Duration duration) implements Step {
    }
}
