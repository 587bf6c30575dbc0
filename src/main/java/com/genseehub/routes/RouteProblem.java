package com.genseehub.routes;

/**
 * One mistake in the configuration or the route files.
 *
 * @param file    path as the integrator knows it (relative to the home folder when inside it)
 * @param line    1-based line, 0 when unknown
 * @param message what is wrong, in one line
 */
public record RouteProblem(String file, int line, String message) {

    @Override
    public String toString() {
        return (line > 0 ? file + ":" + line : file) + ": " + message;
    }
}
