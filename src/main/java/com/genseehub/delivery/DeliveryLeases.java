package com.genseehub.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

import com.genseehub.journal.DatabaseRetry;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Claims due deliveries for a worker and records their results, each in a short transaction of its
 * own, so no database connection is held while a sink works. A claim leases the delivery (status
 * {@code sending}) until {@code hub.delivery.lease} from now: no other worker, of this instance or
 * another on the same database, takes it meanwhile; once the lease has run out without a result (the
 * instance died mid-send) it is due again (at-least-once).
 *
 * <p>A result is recorded through faults of the database (it blinked, a lock timed out): tried again
 * with growing pauses for up to the lease time, so a delivery a sink took is not sent a second time
 * because the database was briefly away when the answer came.
 */
@Component
public class DeliveryLeases {

    private final DeliveryStore store;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final DeliveryProperties.Worker settings;
    private final DatabaseRetry retry;

    public DeliveryLeases(DeliveryStore store, TransactionTemplate transactions, Clock clock,
                          DeliveryProperties properties, DatabaseRetry retry) {
        this.store = store;
        this.transactions = transactions;
        this.clock = clock;
        this.settings = properties.delivery();
        this.retry = retry;
    }

    /**
     * A delivery (or digest group) of the sink that was sent by nobody holding a lease on it.
     *
     * @param deliveries the leader first, then the other members of its digest group
     * @param attempt    the number of this attempt (1 for the first)
     */
    public record Lease(String sink, String token, List<DeliveryStore.Claimed> deliveries, int attempt) {

        public DeliveryStore.Claimed leader() {
            return deliveries.get(0);
        }

        public boolean digest() {
            return leader().groupKey() != null;
        }
    }

    /** Sinks with a delivery due now (a short read). */
    public List<String> dueSinks() {
        return store.dueSinks(clock.instant());
    }

    /** Leases the sink's oldest due delivery (with its digest group); empty when none is due. */
    public Optional<Lease> claim(String sink) {
        return transactions.execute(status -> {
            Instant now = clock.instant();
            for (long id : store.dueCandidates(sink, now, settings.batchSize())) {
                Optional<DeliveryStore.Claimed> claimed = store.lock(id, now);
                if (claimed.isPresent()) {
                    List<DeliveryStore.Claimed> batch = withGroup(sink, claimed.get(), now);
                    String token = UUID.randomUUID().toString();
                    Instant until = now.plus(settings.lease());
                    batch.forEach(delivery -> store.lease(delivery.id(), token, until));
                    int attempt = batch.stream().mapToInt(DeliveryStore.Claimed::attempts).max().orElse(0) + 1;
                    return Optional.of(new Lease(sink, token, batch, attempt));
                }
            }
            return Optional.empty();
        });
    }

    private List<DeliveryStore.Claimed> withGroup(String sink, DeliveryStore.Claimed leader, Instant now) {
        if (leader.groupKey() == null) {
            return List.of(leader);
        }
        Map<Long, DeliveryStore.Claimed> group = new LinkedHashMap<>();
        group.put(leader.id(), leader);
        store.lockGroup(sink, leader.groupKey(), now).forEach(member -> group.putIfAbsent(member.id(), member));
        return new ArrayList<>(group.values());
    }

    /** The sink took the lease's deliveries. False when the lease was no longer this claim's: nothing recorded. */
    public boolean done(Lease lease) {
        Instant now = clock.instant();
        return record(lease, settings.lease(), id -> store.markDone(id, lease.token(), lease.attempt(), now));
    }

    /** The attempt failed and is retried {@code delay} from now; false as for {@link #done}. */
    public boolean failed(Lease lease, Duration delay, String error) {
        Instant next = clock.instant().plus(delay);
        return record(lease, settings.lease(), id -> store.markFailed(id, lease.token(), lease.attempt(), next, error));
    }

    /** The hub stops while the sink still works on the lease: the deliveries are due again at once (at-least-once). */
    public boolean release(Lease lease) {
        Instant now = clock.instant();
        // one try: the hub is stopping, and an unreleased lease runs out by itself
        return record(lease, Duration.ZERO, id -> store.release(id, lease.token(), now));
    }

    /** The last attempt failed; false as for {@link #done}. */
    public boolean dead(Lease lease, String error) {
        return record(lease, settings.lease(), id -> store.markDead(id, lease.token(), lease.attempt(), error));
    }

    private boolean record(Lease lease, Duration patience, Predicate<Long> mark) {
        String what = "Result of delivery " + lease.leader().id() + " to " + lease.sink();
        return retry.run(what, patience, () -> Boolean.TRUE.equals(transactions.execute(status -> {
            boolean recorded = false;
            for (DeliveryStore.Claimed delivery : lease.deliveries()) {
                recorded |= mark.test(delivery.id());
            }
            return recorded;
        })));
    }
}
