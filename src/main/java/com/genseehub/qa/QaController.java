package com.genseehub.qa;

import com.genseehub.api.Page;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/qa}: questions with their answers, newest question first. */
@RestController
@RequestMapping("/api")
public class QaController {

    private final QaStore store;

    public QaController(QaStore store) {
        this.store = store;
    }

    @GetMapping("/qa")
    public Page<QaStore.Question> questions(@RequestParam String site,
                                            @RequestParam(required = false) String webcastId,
                                            @RequestParam(defaultValue = "0") int offset,
                                            @RequestParam(defaultValue = Page.DEFAULT_LIMIT) int limit) {
        return Page.read(offset, limit, (from, count) -> store.questions(site, webcastId, from, count));
    }
}
