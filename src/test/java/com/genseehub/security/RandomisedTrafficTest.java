package com.genseehub.security;

import com.genseehub.ingress.IngressServer;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import com.genseehub.support.HubClient;
import com.genseehub.support.HubTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Thousands of valid and malformed callbacks, shuffled and sent concurrently: every valid one is
 * counted, every malformed one is quarantined, nothing else happens and nothing crashes.
 */
@HubTest
class RandomisedTrafficTest {

    @LocalServerPort
    int port;
    @Autowired
    IngressServer ingress;

    @Autowired
    JdbcClient jdbc;

    /** Ways to break a good callback; each keeps the run's marker so the quarantine rows can be counted. */
    private static final List<String> MALFORMED = List.of(
            "ClassNo=%s&Operator=abc&Action=101",
            "ClassNo=%s&Operator=1&Action=999",
            "ClassNo=%s&Operator=1&Action=",
            "ClassNo=%s&Action=107",
            "ClassNo=%s&Operator=1&Action=101&Action=107",
            "ClassNo=%s&Operator=1&Action=101&totalusernum=-1",
            "ClassNo=%s&Operator=99999999999999999999&Action=101",
            "ClassNo=%s&Operator=1&Action=111",
            "ClassNo=%s%%27%%3B--&Operator=1&Action=101",
            "ClassNo=%s&Operator=1&Action=1%%2501",
            "ClassNo=%s&Operator=1&Action=%%F0%%9F%%98%%80",
            "ClassNo=%s&Operator=%%3Cscript%%3E&Action=110");

    @Test
    void everyValidCallbackIsCountedAndEveryMalformedOneQuarantined() throws Exception {
        HubClient hub = new HubClient(port, ingress.port(), HubTest.TOKEN);
        String run = "RND" + UUID.randomUUID().toString().substring(0, 8);
        Random random = new Random(20261128);
        int validCount = 2000;
        int malformedCount = 1000;

        List<String> requests = new ArrayList<>();
        for (int i = 0; i < validCount; i++) {
            // distinct users of one class, each joining once
            requests.add("ClassNo=" + run + "&Operator=" + (1_000_000_000L + i) + "&Action=101&totalusernum=" + i);
        }
        for (int i = 0; i < malformedCount; i++) {
            requests.add(String.format(MALFORMED.get(random.nextInt(MALFORMED.size())), run));
        }
        Collections.shuffle(requests, random);

        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        ExecutorService clients = Executors.newFixedThreadPool(8);
        List<Future<?>> sent = new ArrayList<>();
        for (String query : requests) {
            sent.add(clients.submit(() -> statuses.computeIfAbsent(
                    hub.rawGet("/gensee/demo/live?" + query).statusCode(), s -> new AtomicInteger()).incrementAndGet()));
        }
        for (Future<?> future : sent) {
            future.get();
        }
        clients.shutdown();

        assertThat(statuses.keySet()).containsExactlyInAnyOrder(200, 400);
        assertThat(statuses.get(200).get()).isEqualTo(validCount);
        assertThat(statuses.get(400).get()).isEqualTo(malformedCount);
        hub.awaitDispatched();
        assertThat(jdbc.sql("select count(*) from journal_event where class_no = ?").param(run)
                .query(Long.class).single()).isEqualTo(validCount);
        assertThat(jdbc.sql("select count(*) from quarantine where query like ?").param("%" + run + "%")
                .query(Long.class).single()).isEqualTo(malformedCount);

        hub.awaitDispatched();
        var attendance = hub.apiItems("/api/sessions/demo/" + run + "/attendance");
        assertThat(attendance).hasSize(validCount);
        assertThat(attendance).allSatisfy(row -> {
            assertThat(row.get("joins").asInt()).isEqualTo(1);
            assertThat(row.get("online").asBoolean()).isTrue();
        });
        assertThat(hub.get("/actuator/health").body()).contains("\"UP\"");
    }
}
