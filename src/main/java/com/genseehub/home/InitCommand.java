package com.genseehub.home;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * {@code java -jar gensee-hub.jar init <dir>}: writes the shipped application.yaml and routes/ (kept
 * in the jar under {@value #SHIPPED}) into a folder the integrator then edits and starts the hub in.
 * Never overwrites: if any of the files is there already, it writes nothing and names them.
 */
public final class InitCommand {

    static final String SHIPPED = "hub-home/";

    private InitCommand() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length != 1 || args[0].startsWith("-")) {
            err.println("usage: java -jar gensee-hub.jar init <dir>");
            err.println("  writes the shipped application.yaml and routes/ into <dir> (never overwrites a file)");
            return 2;
        }
        Path home = HubHome.resolve(args[0]);
        Map<String, Resource> shipped = shippedFiles();
        List<String> existing = shipped.keySet().stream().filter(file -> Files.exists(home.resolve(file))).toList();
        if (!existing.isEmpty()) {
            err.println("init: nothing written: " + home + " already has " + String.join(", ", existing));
            err.println("  (init never overwrites; to compare with the shipped files, init an empty folder and diff)");
            return 1;
        }
        shipped.forEach((file, resource) -> copy(resource, home.resolve(file)));
        out.println("Wrote " + String.join(", ", shipped.keySet()) + " into " + home);
        out.println("Check them with:  java -jar gensee-hub.jar check --hub.home=" + home);
        out.println("Start the hub:    java -jar gensee-hub.jar --hub.home=" + home);
        return 0;
    }

    /** The files the jar ships, by their path below the home folder, in order. */
    static Map<String, Resource> shippedFiles() {
        try {
            Map<String, Resource> files = new TreeMap<>();
            for (Resource resource : new PathMatchingResourcePatternResolver().getResources("classpath:" + SHIPPED + "**")) {
                String url = resource.getURL().toString();
                if (resource.isReadable() && !url.endsWith("/")) {
                    files.put(url.substring(url.lastIndexOf("/" + SHIPPED) + SHIPPED.length() + 1), resource);
                }
            }
            if (files.isEmpty()) {
                throw new IllegalStateException("the jar has no shipped files under " + SHIPPED);
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copy(Resource resource, Path target) {
        try (InputStream in = resource.getInputStream()) {
            Files.createDirectories(target.getParent());
            Files.copy(in, target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }
}
