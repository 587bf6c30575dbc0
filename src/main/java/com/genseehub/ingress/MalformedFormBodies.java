package com.genseehub.ingress;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

import com.genseehub.callback.CallbackRequest;
import com.genseehub.callback.QueryString;
import com.genseehub.callback.RejectedCallbackException;
import com.genseehub.journal.Quarantine;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Camel's HTTP binding decodes a form body before any route runs and fails with a 500 on a broken
 * percent-escape. This filter checks form bodies posted to /gensee/** first: a broken one gets the
 * same treatment as any bad input (400, one-line reason, quarantine); a good one is handed on
 * unchanged.
 */
@Component
public class MalformedFormBodies extends OncePerRequestFilter {

    private static final String REASON = "malformed percent-encoding in form body";

    private final Quarantine quarantine;
    private final Clock clock;

    public MalformedFormBodies(Quarantine quarantine, Clock clock) {
        this.quarantine = quarantine;
        this.clock = clock;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String type = request.getContentType();
        return !(request.getRequestURI().startsWith("/gensee/") && "POST".equals(request.getMethod())
                && type != null && type.toLowerCase().startsWith("application/x-www-form-urlencoded"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        byte[] body = request.getInputStream().readAllBytes();
        String text = new String(body, StandardCharsets.UTF_8);
        if (QueryString.wellEncoded(text)) {
            chain.doFilter(new RereadableBody(request, body), response);
            return;
        }
        quarantine.keep(RejectedCallbackException.badRequest(new CallbackRequest(
                HttpRequestCapture.siteOf(request.getRequestURI()), "POST", request.getRequestURI(),
                request.getQueryString(), text, request.getRemoteAddr(), clock.instant()), REASON));
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        response.setContentType("text/plain;charset=utf-8");
        response.getWriter().write(REASON);
    }

    /** The request with its body, already read once here, readable again by Camel. */
    private static final class RereadableBody extends HttpServletRequestWrapper {
        private final byte[] body;

        RereadableBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public BufferedReader getReader() {
            String charset = getCharacterEncoding() == null ? "UTF-8" : getCharacterEncoding();
            return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body), Charset.forName(charset)));
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    return in.read(buffer, offset, length);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("blocking reads only");
                }
            };
        }
    }
}
