package com.genseehub.users;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.genseehub.callback.CallbackEvent;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * A display name per site and user id, from what Gensee tells about users: the {@code nickname} of its
 * attendance export, the {@code uname} of a Q&A push, the {@code username} of the class-end page. Filled
 * from the journal (routes/dispatch.yaml), so a rebuild gives the same names; the latest one wins.
 */
@Repository
public class UserNames {

    static final int MAX_NAME = 200;

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    public UserNames(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** A question or answer: its uid and uname. */
    public void fromQa(CallbackEvent qa) {
        remember(qa.site(), qa.params().get("uid"), qa.params().get("uname"), "qa");
    }

    /** A class-end page visit: userid and username. */
    public void fromEndPage(CallbackEvent end) {
        remember(end.site(), end.params().get("userid"), end.params().get("username"), "end");
    }

    /** Gensee's record of a class or a VOD day: each record's uid and name. */
    public void fromExport(CallbackEvent export) {
        String records = export.params().get("records");
        if (records == null) {
            return;
        }
        try {
            for (JsonNode record : json.readTree(records)) {
                JsonNode name = record.get("name");
                if (name != null && !name.isNull()) {
                    remember(export.site(), record.get("uid").asText(), name.asText(), "export");
                }
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("export event " + export.seq() + ": records are not JSON", e);
        }
    }

    private void remember(String site, String uid, String name, String source) {
        if (uid == null || name == null || name.isBlank() || uid.isEmpty() || uid.length() > 18
                || !uid.chars().allMatch(Character::isDigit)) {
            return;
        }
        String trimmed = name.strip();
        String value = trimmed.length() > MAX_NAME ? trimmed.substring(0, MAX_NAME) : trimmed;
        long id = Long.parseLong(uid);
        int updated = jdbc.sql("update user_name set name = ?, source = ? where site = ? and uid = ?")
                .params(value, source, site, id).update();
        if (updated == 0) {
            jdbc.sql("insert into user_name (site, uid, name, source) values (?, ?, ?, ?)")
                    .params(site, id, value, source).update();
        }
    }

    /** The known names of these users of a site, by user id. */
    public Map<Long, String> of(String site, Collection<Long> uids) {
        Map<Long, String> names = new HashMap<>();
        if (uids.isEmpty()) {
            return names;
        }
        jdbc.sql("select uid, name from user_name where site = :site and uid in (:uids)")
                .param("site", site).param("uids", uids)
                .query((rs, row) -> names.put(rs.getLong("uid"), rs.getString("name"))).list();
        return names;
    }
}
