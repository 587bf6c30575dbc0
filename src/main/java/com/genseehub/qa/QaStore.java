package com.genseehub.qa;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.genseehub.callback.CallbackEvent;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Questions and answers, filled from journal events of kind {@code qa} (routes/dispatch.yaml). Writing
 * is an upsert: a question pushed again (Gensee re-pushes it when answered) updates its row, and
 * replaying the journal changes nothing.
 */
@Repository
public class QaStore {

    public record Answer(String id, String uid, String uname, String text, Instant answeredAt) {
    }

    public record Question(String id, String site, String webcastId, String source, String uid, String uname,
                           String text, Instant askedAt, List<Answer> answers) {
    }

    /** The questions of a site (and webcast, when given), newest first (ties by id), of one page. */
    private static final String PAGE_OF_QUESTIONS = """
            from qa_question where site = ? and (cast(? as varchar(100)) is null or webcast_id = ?)
            order by asked_at desc, id desc offset ? rows fetch next ? rows only""";

    private final JdbcClient jdbc;

    public QaStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores one question or answer event (params as made by {@link QaParser}). */
    public void upsert(CallbackEvent event) {
        Map<String, String> p = event.params();
        OffsetDateTime time = Instant.parse(p.get("time")).atOffset(ZoneOffset.UTC);
        if (p.get("type").equals("question")) {
            // asked_at keeps the first time seen: a web question pushed again has only its receive time
            int updated = jdbc.sql("""
                    update qa_question set webcast_id = ?, source = ?, uid = ?, uname = ?, text = ?,
                    asked_at = case when asked_at < ? then asked_at else ? end
                    where site = ? and id = ?""")
                    .params(p.get("webcastId"), p.get("source"), p.get("uid"), p.get("uname"), p.get("text"),
                            time, time, event.site(), p.get("id"))
                    .update();
            if (updated == 0) {
                jdbc.sql("""
                        insert into qa_question (webcast_id, source, uid, uname, text, asked_at, site, id)
                        values (?, ?, ?, ?, ?, ?, ?, ?)""")
                        .params(p.get("webcastId"), p.get("source"), p.get("uid"), p.get("uname"), p.get("text"),
                                time, event.site(), p.get("id"))
                        .update();
            }
            return;
        }
        int updated = jdbc.sql("""
                update qa_answer set question_id = ?, webcast_id = ?, uid = ?, uname = ?, text = ?, answered_at = ?
                where site = ? and id = ?""")
                .params(p.get("questionId"), p.get("webcastId"), p.get("uid"), p.get("uname"), p.get("text"), time,
                        event.site(), p.get("id"))
                .update();
        if (updated == 0) {
            jdbc.sql("""
                    insert into qa_answer (question_id, webcast_id, uid, uname, text, answered_at, site, id)
                    values (?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(p.get("questionId"), p.get("webcastId"), p.get("uid"), p.get("uname"), p.get("text"),
                            time, event.site(), p.get("id"))
                    .update();
        }
    }

    /** Questions of a site (and webcast, when given), newest first, each with its answers, oldest first. */
    public List<Question> questions(String site, String webcastId) {
        return questions(site, webcastId, 0, Integer.MAX_VALUE);
    }

    /**
     * {@code count} questions from {@code offset} of a site (and webcast, when given), newest first, each
     * with its answers, oldest first.
     */
    public List<Question> questions(String site, String webcastId, int offset, int count) {
        Map<String, List<Answer>> answers = new LinkedHashMap<>();
        jdbc.sql("select a.* from qa_answer a join (select id " + PAGE_OF_QUESTIONS + ") q on a.question_id = q.id"
                        + " where a.site = ? order by a.answered_at, a.id")
                .params(site, webcastId, webcastId, offset, count, site)
                .query((ResultSet rs) -> {
                    answers.computeIfAbsent(rs.getString("question_id"), k -> new ArrayList<>())
                            .add(new Answer(rs.getString("id"), rs.getString("uid"), rs.getString("uname"),
                                    rs.getString("text"), instant(rs, "answered_at")));
                });
        return jdbc.sql("select * " + PAGE_OF_QUESTIONS)
                .params(site, webcastId, webcastId, offset, count)
                .query((rs, row) -> new Question(rs.getString("id"), rs.getString("site"), rs.getString("webcast_id"),
                        rs.getString("source"), rs.getString("uid"), rs.getString("uname"), rs.getString("text"),
                        instant(rs, "asked_at"), List.copyOf(answers.getOrDefault(rs.getString("id"), List.of()))))
                .list();
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }
}
