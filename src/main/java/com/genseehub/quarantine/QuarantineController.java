package com.genseehub.quarantine;

import java.util.List;
import java.util.Map;

import com.genseehub.api.NotFoundException;
import com.genseehub.api.Page;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The quarantine: refused requests as received, and replaying them through today's ingress. */
@RestController
@RequestMapping("/api/quarantine")
public class QuarantineController {

    private static final int MAX_BULK = 1000;

    private final Quarantine quarantine;
    private final QuarantineReplay replay;

    public QuarantineController(Quarantine quarantine, QuarantineReplay replay) {
        this.quarantine = quarantine;
        this.replay = replay;
    }

    @GetMapping
    public Page<Quarantine.Entry> list(@RequestParam(defaultValue = "0") int offset,
                                       @RequestParam(defaultValue = Page.DEFAULT_LIMIT) int limit) {
        return Page.read(offset, limit, quarantine::newestFirst);
    }

    /** Replays one request; the answer is its new outcome (HTTP 200 whatever the outcome; 404 for no such row). */
    @PostMapping("/{id}/replay")
    public QuarantineReplay.Outcome replay(@PathVariable long id) {
        return replay.replay(id).orElseThrow(() -> new NotFoundException("no quarantined request " + id));
    }

    /** Replays up to 1,000 rows not replayed yet, of a site and/or with a reason containing the text. */
    @PostMapping("/replay")
    public ResponseEntity<Map<String, Object>> replayAll(@RequestParam(required = false) String site,
                                                         @RequestParam(required = false) String reason) {
        List<QuarantineReplay.Outcome> outcomes = replay.replayAll(site, reason, MAX_BULK);
        long stored = outcomes.stream().filter(outcome -> outcome.status() == 200).count();
        return ResponseEntity.ok(Map.of("replayed", stored, "refused", outcomes.size() - stored, "outcomes", outcomes));
    }
}
