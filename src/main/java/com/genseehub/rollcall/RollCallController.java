package com.genseehub.rollcall;

import java.util.List;

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
    public List<RollCallStore.CheckIn> checkIns(@RequestParam String site,
                                                @RequestParam(required = false) String webcastId) {
        return store.checkIns(site, webcastId);
    }
}
