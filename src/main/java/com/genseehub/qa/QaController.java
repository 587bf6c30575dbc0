package com.genseehub.qa;

import java.util.List;

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
    public List<QaStore.Question> questions(@RequestParam String site,
                                            @RequestParam(required = false) String webcastId) {
        return store.questions(site, webcastId);
    }
}
