package com.genseehub.rollcall;

import com.genseehub.api.Page;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/rollcall}: roll-call check-ins, newest first. */
@RestController
@RequestMapping("/api")
public class RollCallController {

    private final RollCallStore store;

    public RollCallController(RollCallStore store) {
        this.store = store;
    }

    @GetMapping("/rollcall")
    public Page<RollCallStore.CheckIn> checkIns(@RequestParam String site,
                                                @RequestParam(required = false) String webcastId,
                                                @RequestParam(defaultValue = "0") int offset,
                                                @RequestParam(defaultValue = Page.DEFAULT_LIMIT) int limit) {
        return Page.read(offset, limit, (from, count) -> store.checkIns(site, webcastId, from, count));
    }
}
