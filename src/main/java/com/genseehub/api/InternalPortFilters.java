package com.genseehub.api;

import java.io.IOException;

import com.genseehub.config.HubProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The first two filters of the internal port, before anything reads a body (Spring's form filter
 * included): the bearer token on /api (401 and no detail without it), then a body cap on every path
 * and method ({@code hub.api.max-body-bytes}).
 */
@Configuration(proxyBeanMethods = false)
public class InternalPortFilters {

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> bodyLimitFilterRegistration(HubProperties properties) {
        long limit = properties.api().maxBodyBytes().toBytes();
        OncePerRequestFilter filter = new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
                                            FilterChain chain) throws ServletException, IOException {
                if (request.getContentLengthLong() > limit) {
                    refuseTooLarge(response, limit);
                    return;
                }
                chain.doFilter(new CappedBody(request, limit), response);
            }
        };
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(filter);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        registration.setName("bodyLimitFilter");
        return registration;
    }

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> apiTokenFilterRegistration(ApiToken token) {
        OncePerRequestFilter filter = new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
                                            FilterChain chain) throws ServletException, IOException {
                String header = request.getHeader("Authorization");
                String presented = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                        ? header.substring(7).trim() : null;
                if (!token.matches(presented)) {
                    response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
                    response.setHeader("WWW-Authenticate", "Bearer");
                    response.setContentType("application/json");
                    response.getWriter().write("{\"error\":\"missing or invalid bearer token\"}");
                    return;
                }
                chain.doFilter(request, response);
            }
        };
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(filter);
        registration.addUrlPatterns("/api/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.setName("apiTokenFilter");
        return registration;
    }

    private static void refuseTooLarge(HttpServletResponse response, long limit) throws IOException {
        response.setStatus(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
        response.setHeader("Connection", "close");
        response.setContentType("application/json");
        response.getWriter().write("{\"error\":\"body is larger than " + limit + " bytes\"}");
    }

    /** Thrown while reading a body that passes the cap. */
    static final class BodyTooLarge extends IOException {
        BodyTooLarge(long limit) {
            super("body is larger than " + limit + " bytes");
        }
    }

    /** A body without a declared length (chunked) fails once it passes the cap; nothing more is read. */
    private static final class CappedBody extends HttpServletRequestWrapper {
        private final long limit;

        CappedBody(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            ServletInputStream in = super.getInputStream();
            return new ServletInputStream() {
                private long read;

                @Override
                public int read() throws IOException {
                    int b = in.read();
                    count(b < 0 ? 0 : 1);
                    return b;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    int n = in.read(buffer, offset, (int) Math.min(length, limit + 1 - read));
                    count(Math.max(0, n));
                    return n;
                }

                private void count(int n) throws IOException {
                    read += n;
                    if (read > limit) {
                        throw new BodyTooLarge(limit);
                    }
                }

                @Override
                public boolean isFinished() {
                    return in.isFinished();
                }

                @Override
                public boolean isReady() {
                    return in.isReady();
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    in.setReadListener(listener);
                }
            };
        }

        @Override
        public java.io.BufferedReader getReader() throws IOException {
            return new java.io.BufferedReader(new java.io.InputStreamReader(getInputStream(),
                    getCharacterEncoding() == null ? "UTF-8" : getCharacterEncoding()));
        }
    }
}
