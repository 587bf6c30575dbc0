package com.genseehub.simulator;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** One step of a simulated class: a callback Gensee would send, or time passing. */
public sealed interface Step {

    /** A GET to {@code /gensee/{site}/{endpoint}} with these query parameters. */
    record Call(String endpoint, Map<String, String> params) implements Step {

        /** A live / classroom status callback (spec section 2). */
        public static Call live(String classNo, int action, long operator, int totalUsers) {
            Map<String, String> params = new LinkedHashMap<>();
            params.put("ClassNo", classNo);
            params.put("Operator", Long.toString(operator));
            params.put("Action", Integer.toString(action));
            params.put("Affected", Long.toString(operator));
            params.put("totalusernum", Integer.toString(totalUsers));
            return new Call("live", params);
        }

        /** A VOD viewing callback (spec section 6). */
        public static Call vod(String classNo, int action, long operator, int totalUsers) {
            Map<String, String> params = new LinkedHashMap<>();
            params.put("ClassNo", classNo);
            params.put("Operator", Long.toString(operator));
            params.put("Action", Integer.toString(action));
            params.put("totalusernum", Integer.toString(totalUsers));
            return new Call("vod", params);
        }
    }

    /** Time passing between callbacks. */
    record Wait(Duration duration) implements Step {
    }
}
