package com.genseehub.delivery;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.genseehub.api.NotFoundException;
import com.genseehub.api.Page;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The outbox: what each sink got, what it is still waiting for, and replaying what died. */
@RestController
@RequestMapping("/api/deliveries")
public class DeliveriesController {

    private final DeliveryStore store;
    private final Clock clock;

    public DeliveriesController(DeliveryStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @GetMapping
    public Page<Delivery> deliveries(@RequestParam(required = false) String status,
                                     @RequestParam(required = false) String sink,
                                     @RequestParam(defaultValue = "0") int offset,
                                     @RequestParam(defaultValue = Page.DEFAULT_LIMIT) int limit) {
        DeliveryStatus filter = status == null || status.isEmpty() ? null : DeliveryStatus.fromId(status);
        String sinkFilter = sink == null || sink.isEmpty() ? null : sink;
        return Page.read(offset, limit, (from, count) -> store.find(filter, sinkFilter, from, count));
    }

    public record SinkSummary(String sink, long pending, long sending, long failed, long dead, long done) {
    }

    @GetMapping("/summary")
    public List<SinkSummary> summary() {
        List<SinkSummary> summary = new ArrayList<>();
        store.countsBySink().forEach((sink, counts) -> summary.add(new SinkSummary(sink,
                counts.getOrDefault(DeliveryStatus.PENDING, 0L), counts.getOrDefault(DeliveryStatus.SENDING, 0L),
                counts.getOrDefault(DeliveryStatus.FAILED, 0L),
                counts.getOrDefault(DeliveryStatus.DEAD, 0L), counts.getOrDefault(DeliveryStatus.DONE, 0L))));
        return summary;
    }

    /** Sends one delivery again (whatever its status), with a fresh attempt budget. */
    @PostMapping("/{id}/replay")
    public Replayed replay(@PathVariable long id) {
        if (!store.replay(id, clock.instant())) {
            throw new NotFoundException("no delivery " + id);
        }
        return new Replayed(id, DeliveryStatus.PENDING);
    }

    public record Replayed(long id, DeliveryStatus status) {
    }

    /** Sends every dead delivery of one sink again. */
    @PostMapping("/replay")
    public Map<String, Object> replayDead(@RequestParam String sink) {
        return Map.of("replayed", store.replayDead(sink, clock.instant()));
    }
}
