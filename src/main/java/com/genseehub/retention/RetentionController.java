package com.genseehub.retention;

import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Runs the retention job at once, whatever hub.retention.schedule says. */
@RestController
@RequestMapping("/api/admin")
public class RetentionController {

    private final RetentionJob job;

    public RetentionController(RetentionJob job) {
        this.job = job;
    }

    @PostMapping("/retention")
    public ResponseEntity<?> run() {
        return job.run().<ResponseEntity<?>>map(ResponseEntity::ok)
                .orElseGet(() -> ResponseEntity.status(HttpStatus.CONFLICT)
                        .body(Map.of("error", "another hub instance is running the retention job")));
    }
}
