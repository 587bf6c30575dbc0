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
import com.genseehub.qa.QaParser;
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
 * Checks every body posted to /gensee/** before Camel sees it, and hands a good one on unchanged:
 * <ul>
 * <li>larger than {@code hub.qa.max-body-bytes}: refused having read no more than that, so a huge
 *     body cannot fill the (small) heap;
 * <li>a form body with a broken percent-escape: refused here, because Camel's HTTP binding decodes
 *     form bodies before any route runs and would fail with a 500.
 * </ul>
 * Refused means what it means for any bad input: 400, one-line reason, quarantine.
 */
@Component
public class CallbackBodies extends OncePerRequestFilter {

    private static final String MALFORMED = "malformed percent-encoding in form body";

    private final Quarantine quarantine;
    private final Clock clock;
    private final int maxBodyBytes;

    public CallbackBodies(Quarantine quarantine, Clock clock, QaParser.Settings limits) {
        this.quarantine = quarantine;
        this.clock = clock;
        this.maxBodyBytes = Math.toIntExact(limits.maxBodyBytes().toBytes());
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !(request.getRequestURI().startsWith("/gensee/") && "POST".equals(request.getMethod()));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        byte[] body = request.getInputStream().readNBytes(maxBodyBytes + 1);
        String text = new String(body, StandardCharsets.UTF_8);
        if (body.length > maxBodyBytes) {
            refuse(request, response, text, "body is larger than " + maxBodyBytes + " bytes");
        } else if (isForm(request) && !QueryString.wellEncoded(text)) {
            refuse(request, response, text, MALFORMED);
        } else {
            chain.doFilter(new RereadableBody(request, body), response);
        }
    }

    private static boolean isForm(HttpServletRequest request) {
        String type = request.getContentType();
        return type != null && type.toLowerCase().startsWith("application/x-www-form-urlencoded");
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, String body, String reason)
            throws IOException {
        quarantine.keep(RejectedCallbackException.badRequest(new CallbackRequest(
                HttpRequestCapture.siteOf(request.getRequestURI()), "POST", request.getRequestURI(),
                request.getQueryString(), body, request.getRemoteAddr(), clock.instant()), reason));
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        response.setContentType("text/plain;charset=utf-8");
        // the rest of an oversized body is not read: do not keep the connection for it
        response.setHeader("Connection", "close");
        response.getWriter().write(reason);
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
