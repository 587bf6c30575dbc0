package com.genseehub.reconcile;

import java.time.Duration;
import java.util.List;

import com.genseehub.delivery.RetryPolicy;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code hub.reconcile} in application.yaml: when and how the hub reads Gensee's own attendance record
 * (the API account itself is per site: {@code hub.sites.<key>.gensee-api}).
 *
 * @param delay          after a class stopped, wait this long before the first fetch (Gensee's record settles)
 * @param secondPass     and fetch again this long after the stop (late records)
 * @param pollInterval   how often due reconciliations are looked for
 * @param callsPerPoll   at most this many reconciliations per poll (Gensee limits calls on some accounts)
 * @param sweepInterval  how often classes stopped within {@code sweepWindow} without a finished reconciliation
 *                       get one (and VOD days are scheduled)
 * @param sweepWindow    how far back the sweep looks (Gensee answers for the last 7 days)
 * @param tolerance      a time difference between the hub and Gensee up to this is no difference
 * @param maxWindow      the longest startTime..endTime Gensee accepts in one call
 * @param windowMargin   the time asked for reaches this far before the class's first event and after its stop
 * @param vodDelay       a VOD day is fetched this long after its end (in the site's time zone)
 * @param vodMaxPages    at most this many pages of one VOD day
 * @param lease          a claimed reconciliation that neither finished nor failed within this is taken again
 * @param maxAttempts    attempts of one reconciliation before it is left failed (the sweep tries again)
 * @param initialDelay   wait before the second attempt; doubles per attempt (with jitter)
 * @param maxDelay       the longest wait between two attempts
 * @param connectTimeoutMillis connecting to Gensee's API
 * @param readTimeoutMillis    waiting for its answer
 * @param successCodes   the answer's {@code code} values that mean success
 * @param timeFormat     the text form of times in Gensee's answers (besides epoch milliseconds)
 */
@ConfigurationProperties("hub.reconcile")
public record ReconcileProperties(@DefaultValue("10m") Duration delay,
                                  @DefaultValue("24h") Duration secondPass,
                                  @DefaultValue("30s") Duration pollInterval,
                                  @DefaultValue("5") int callsPerPoll,
                                  @DefaultValue("24h") Duration sweepInterval,
                                  @DefaultValue("7d") Duration sweepWindow,
                                  @DefaultValue("60s") Duration tolerance,
                                  @DefaultValue("7d") Duration maxWindow,
                                  @DefaultValue("30m") Duration windowMargin,
                                  @DefaultValue("2h") Duration vodDelay,
                                  @DefaultValue("100") int vodMaxPages,
                                  @DefaultValue("10m") Duration lease,
                                  @DefaultValue("6") int maxAttempts,
                                  @DefaultValue("5m") Duration initialDelay,
                                  @DefaultValue("2h") Duration maxDelay,
                                  @DefaultValue("10000") int connectTimeoutMillis,
                                  @DefaultValue("60000") int readTimeoutMillis,
                                  @DefaultValue({"0", "200"}) List<String> successCodes,
                                  @DefaultValue("yyyy-MM-dd HH:mm:ss") String timeFormat) {

    public ReconcileProperties {
        successCodes = List.copyOf(successCodes);
        if (callsPerPoll < 1 || vodMaxPages < 1) {
            throw new IllegalArgumentException("hub.reconcile.calls-per-poll and vod-max-pages must be at least 1");
        }
    }

    RetryPolicy retryPolicy() {
        return new RetryPolicy(maxAttempts, initialDelay, maxDelay);
    }
}
