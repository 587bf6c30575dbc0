package com.genseehub.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;

import com.genseehub.system.DurableWrite;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Single-use join tokens for Gensee's third-party authentication: the integrator mints one per join
 * (API), puts it in the join URL as {@code k}, and Gensee asks the hub whether it is good. A token
 * passes once, before it expires, for its own uid (and site, when bound to one). Only its SHA-256 hash
 * is stored.
 */
@Component
public class JoinTokens {

    /** {@code hub.join-auth} in application.yaml. */
    @ConfigurationProperties("hub.join-auth")
    public record Settings(@DefaultValue("5m") Duration tokenLifetime) {
    }

    public record Minted(String token, long uid, String site, Instant expiresAt) {
    }

    private final SecureRandom random = new SecureRandom();
    private final JdbcClient jdbc;
    private final Clock clock;
    private final Settings settings;

    public JoinTokens(JdbcClient jdbc, Clock clock, Settings settings) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.settings = settings;
    }

    /** A new token for {@code uid}, valid at {@code site} only when site is not null. */
    @DurableWrite
    public Minted mint(long uid, String site) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant now = clock.instant();
        Instant expiresAt = now.plus(settings.tokenLifetime());
        // tokens a day past their expiry are of no use to anyone
        jdbc.sql("delete from join_token where expires_at < ?").param(now.minus(Duration.ofDays(1)).atOffset(ZoneOffset.UTC))
                .update();
        jdbc.sql("insert into join_token (token_hash, uid, site, created_at, expires_at) values (?, ?, ?, ?, ?)")
                .params(hash(token), uid, site, now.atOffset(ZoneOffset.UTC), expiresAt.atOffset(ZoneOffset.UTC))
                .update();
        return new Minted(token, uid, site, expiresAt);
    }

    /** Whether the token would pass now: a read only, so a flood of guesses costs no write. */
    public boolean redeemable(String token, Long uid, String site) {
        Instant now = clock.instant();
        return jdbc.sql("""
                select count(*) from join_token
                where token_hash = ? and used_at is null and expires_at > ?
                  and (site is null or site = ?) and (cast(? as bigint) is null or uid = ?)""")
                .params(hash(token), now.atOffset(ZoneOffset.UTC), site, uid, uid).query(Long.class).single() > 0;
    }

    /**
     * Uses the token up if it is unused, unexpired, valid at {@code site} and (when {@code uid} is not
     * null) minted for that uid. One statement, so two simultaneous checks cannot both pass; on disk
     * before it returns, so a token used stays used even if the hub is killed right after "pass".
     */
    @DurableWrite
    public boolean redeem(String token, Long uid, String site) {
        Instant now = clock.instant();
        return jdbc.sql("""
                update join_token set used_at = ?
                where token_hash = ? and used_at is null and expires_at > ?
                  and (site is null or site = ?) and (cast(? as bigint) is null or uid = ?)""")
                .params(now.atOffset(ZoneOffset.UTC), hash(token), now.atOffset(ZoneOffset.UTC), site, uid, uid)
                .update() == 1;
    }

    private static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
