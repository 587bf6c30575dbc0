package com.genseehub.support;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local stand-in of Gensee's integration API (https://&lt;site&gt;.gensee.com/integration/site/...), over
 * real HTTP, answering the shapes public client code shows: {@code {"code", "message", "list"}},
 * training times as {@code yyyy-MM-dd HH:mm:ss} in the site's zone, webcast times as epoch milliseconds,
 * VOD history in pages. It checks the account (plain password, or its MD5 hex with sec=true), refuses
 * a time range over 7 days, and records every request.
 */
public class GenseeStandIn implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TEXT_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** One request as received: the call (path after /integration/site/) and its parameters. */
    public record Request(String call, Map<String, String> params) {
    }

    /** One stay of a user as Gensee records it. */
    public record Stay(long uid, String nickname, Instant join, Instant leave) {
    }

    /** One VOD viewing. */
    public record View(String vodId, long uid, String name, Instant start, Instant leave) {
    }

    private final HttpServer server;
    private final String loginName;
    private final String password;
    private final ZoneId zone;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, List<Stay>> rooms = new ConcurrentHashMap<>();
    private final Map<String, List<Stay>> webcasts = new ConcurrentHashMap<>();
    private final Map<String, List<View>> vodDays = new ConcurrentHashMap<>();
    /** answers given instead of the real one, per call target (roomId / webcastId / date), once each */
    private final Map<String, List<String>> scripted = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> held = new ConcurrentHashMap<>();
    private volatile String successCode = "0";
    private volatile int vodPageSize = 2;

    public GenseeStandIn(String loginName, String password, ZoneId zone) throws IOException {
        this.loginName = loginName;
        this.password = password;
        this.zone = zone;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.createContext("/integration/site/", this::handle);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    /** For a static field: the stand-in, or an IllegalStateException. */
    public static GenseeStandIn startQuietly(String loginName, String password, ZoneId zone) {
        try {
            return new GenseeStandIn(loginName, password, zone);
        } catch (IOException e) {
            throw new IllegalStateException("the Gensee stand-in did not start", e);
        }
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/integration/site/");
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** "0" (the documented success) or "200" (what some callers see). */
    public void successCode(String code) {
        this.successCode = code;
    }

    public void vodPageSize(int size) {
        this.vodPageSize = size;
    }

    public void room(String roomId, List<Stay> stays) {
        rooms.put(roomId, List.copyOf(stays));
    }

    public void webcast(String webcastId, List<Stay> stays) {
        webcasts.put(webcastId, List.copyOf(stays));
    }

    public void vodDay(String date, List<View> views) {
        vodDays.put(date, List.copyOf(views));
    }

    /** The next answers about this room / webcast / day are these JSON texts, in order. */
    public void answerNext(String target, String... answers) {
        scripted.computeIfAbsent(target, k -> new CopyOnWriteArrayList<>()).addAll(List.of(answers));
    }

    /** Requests about this room / webcast / day wait until {@link #release()}. */
    public void hold(String target) {
        held.put(target, new CountDownLatch(1));
    }

    public void release() {
        held.values().forEach(CountDownLatch::countDown);
        held.clear();
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public List<Request> requestsAbout(String target) {
        return requests.stream().filter(r -> target.equals(r.params().get("roomId"))
                || target.equals(r.params().get("webcastId")) || target.equals(r.params().get("date"))).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> params = new LinkedHashMap<>(form(exchange.getRequestURI().getRawQuery()));
            params.putAll(form(body));
            String call = exchange.getRequestURI().getPath().substring("/integration/site/".length());
            requests.add(new Request(call, params));
            String target = target(params);
            CountDownLatch latch = target == null ? null : held.get(target);
            if (latch != null) {
                latch.await(30, TimeUnit.SECONDS);
            }
            reply(exchange, answer(call, params));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String answer(String call, Map<String, String> params) {
        if (!credentialsMatch(params)) {
            return "{\"code\":\"-1\",\"message\":\"loginName or password is wrong\"}";
        }
        String target = target(params);
        List<String> next = target == null ? null : scripted.get(target);
        if (next != null && !next.isEmpty()) {
            return next.remove(0);
        }
        return switch (call) {
            case "training/export/history" -> trainingHistory(params);
            case "webcast/export/history" -> list(webcasts.getOrDefault(params.get("webcastId"), List.of()).stream()
                    .map(stay -> {
                        ObjectNode item = JSON.createObjectNode();
                        item.put("uid", stay.uid());
                        item.put("nickname", stay.nickname());
                        item.put("joinTime", stay.join().toEpochMilli());
                        item.put("leaveTime", stay.leave().toEpochMilli());
                        item.put("ip", "203.0.113.7");
                        item.put("area", "上海");
                        item.put("joinType", 1);
                        return item;
                    }).toList());
            case "webcast/export/vod/history" -> vodHistory(params);
            default -> "{\"code\":\"-1\",\"message\":\"unknown call " + call + "\"}";
        };
    }

    private static String target(Map<String, String> params) {
        return params.getOrDefault("roomId", params.getOrDefault("webcastId", params.get("date")));
    }

    private String trainingHistory(Map<String, String> params) {
        List<Stay> stays = rooms.getOrDefault(params.get("roomId"), List.of());
        if (params.containsKey("startTime") || params.containsKey("endTime")) {
            Instant from = LocalDateTime.parse(params.get("startTime"), TEXT_TIME).atZone(zone).toInstant();
            Instant to = LocalDateTime.parse(params.get("endTime"), TEXT_TIME).atZone(zone).toInstant();
            if (Duration.between(from, to).compareTo(Duration.ofDays(7)) > 0) {
                return "{\"code\":\"-1\",\"message\":\"startTime and endTime must not be more than 7 days apart\"}";
            }
            stays = stays.stream().filter(s -> !s.join().isAfter(to) && !s.leave().isBefore(from)).toList();
        }
        return list(stays.stream().map(stay -> {
            ObjectNode item = JSON.createObjectNode();
            item.put("uid", Long.toString(stay.uid()));
            item.put("nickname", stay.nickname());
            item.put("joinTime", TEXT_TIME.format(stay.join().atZone(zone)));
            item.put("leaveTime", TEXT_TIME.format(stay.leave().atZone(zone)));
            item.put("device", "PC");
            return item;
        }).toList());
    }

    private String vodHistory(Map<String, String> params) {
        List<View> views = vodDays.getOrDefault(params.get("date"), List.of());
        int page = Integer.parseInt(params.getOrDefault("pageNo", "1"));
        List<ObjectNode> items = new ArrayList<>();
        for (int i = (page - 1) * vodPageSize; i < Math.min(views.size(), page * vodPageSize); i++) {
            View view = views.get(i);
            ObjectNode item = JSON.createObjectNode();
            item.put("vodId", view.vodId());
            item.put("uid", view.uid());
            item.put("name", view.name());
            item.put("startTime", view.start().toEpochMilli());
            item.put("leaveTime", view.leave().toEpochMilli());
            item.put("duration", Duration.between(view.start(), view.leave()).toSeconds());
            item.put("device", "PC");
            items.add(item);
        }
        return list(items);
    }

    private String list(List<ObjectNode> items) {
        ObjectNode answer = JSON.createObjectNode();
        answer.put("code", successCode);
        answer.put("message", "success");
        ArrayNode list = answer.putArray("list");
        items.forEach(list::add);
        return answer.toString();
    }

    private boolean credentialsMatch(Map<String, String> params) {
        String sent = params.get("password");
        String expected = "true".equals(params.get("sec")) ? md5Hex(password) : password;
        return loginName.equals(params.get("loginName")) && expected.equals(sent);
    }

    public static String md5Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> form(String encoded) {
        Map<String, String> params = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return params;
        }
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.put(key, value);
        }
        return params;
    }

    private static void reply(HttpExchange exchange, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json;charset=UTF-8");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        release();
        server.stop(0);
    }
}
