package com.genseehub.callback;

import java.security.SecureRandom;
import java.util.Optional;

import com.genseehub.system.DurableWrite;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Page keys generated for sites whose settings name none, kept so that they stay the same across restarts. */
@Repository
public class PageKeys {

    private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;

    public PageKeys(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The site's kept page key, generating and keeping one the first time. */
    @DurableWrite
    public String pageKey(String site) {
        Optional<String> kept = kept(site);
        if (kept.isPresent()) {
            return kept.get();
        }
        try {
            jdbc.sql("insert into site_page_key (site, page_key) values (?, ?)").params(site, generate()).update();
        } catch (DuplicateKeyException anotherInstanceWasFirst) {
            // fall through: read what it kept
        }
        return kept(site).orElseThrow();
    }

    private Optional<String> kept(String site) {
        return jdbc.sql("select page_key from site_page_key where site = ?").param(site).query(String.class).optional();
    }

    static String generate() {
        StringBuilder key = new StringBuilder(24);
        for (int i = 0; i < 24; i++) {
            key.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return key.toString();
    }
}
