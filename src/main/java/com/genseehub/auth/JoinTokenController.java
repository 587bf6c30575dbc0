package com.genseehub.auth;

import java.time.Instant;

import com.genseehub.api.NotFoundException;
import com.genseehub.callback.Sites;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/auth/tokens}: mints a single-use join token. */
@RestController
@RequestMapping("/api/auth")
public class JoinTokenController {

    /** @param site optional: when given, the token passes only at that site's auth URL */
    public record MintRequest(Long uid, String site) {
    }

    /** @param joinSuffix ready to append to Gensee's join URL: {@code k=<token>&uid=<uid>} */
    public record MintedToken(String token, long uid, String site, Instant expiresAt, String joinSuffix) {
    }

    private final JoinTokens tokens;
    private final Sites sites;

    public JoinTokenController(JoinTokens tokens, Sites sites) {
        this.tokens = tokens;
        this.sites = sites;
    }

    @PostMapping("/tokens")
    @ResponseStatus(HttpStatus.CREATED)
    public MintedToken mint(@RequestBody MintRequest request) {
        if (request.uid() == null || request.uid() < 0) {
            throw new IllegalArgumentException("uid is required (a non-negative number)");
        }
        if (request.site() != null && sites.find(request.site()).isEmpty()) {
            throw new NotFoundException("unknown site");
        }
        JoinTokens.Minted minted = tokens.mint(request.uid(), request.site());
        return new MintedToken(minted.token(), minted.uid(), minted.site(), minted.expiresAt(),
                "k=" + minted.token() + "&uid=" + minted.uid());
    }
}
