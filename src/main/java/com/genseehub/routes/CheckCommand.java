package com.genseehub.routes;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import javax.sql.DataSource;

import com.genseehub.home.HubHome;
import org.apache.camel.impl.DefaultCamelContext;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * {@code java -jar gensee-hub.jar check [--hub.home=<dir>] [--key=value ...]}: reads application.yaml
 * and the route files as the hub would (same home folder, profiles, environment variables and
 * arguments) and reports every mistake with file and line, without starting the hub: no port is
 * opened, no database is connected to, no route runs. Exit 0 and one line "ok: ..." when there is
 * none, 1 otherwise.
 */
public final class CheckCommand {

    private CheckCommand() {
    }

    /** From the command line: the report on standard output and error, no log lines in between. */
    public static int runFromCommandLine(String[] args) {
        // Camel and Spring say what they do at INFO; the check's output is its own report
        LoggingSystem.get(CheckCommand.class.getClassLoader()).setLogLevel(LoggingSystem.ROOT_LOGGER_NAME, LogLevel.WARN);
        return run(args, System.out, System.err);
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        List<RouteProblem> problems = new ArrayList<>();
        String summary = check(args, problems);
        if (problems.isEmpty()) {
            out.println("ok: " + summary);
            return 0;
        }
        problems.sort(Comparator.comparing(RouteProblem::file).thenComparingInt(RouteProblem::line));
        problems.forEach(err::println);
        err.println(problems.size() + (problems.size() == 1 ? " problem" : " problems") + " found");
        return 1;
    }

    /** Adds what is wrong to {@code problems}; returns the summary of what was checked. */
    static String check(String[] args, List<RouteProblem> problems) {
        ConfigurableEnvironment environment;
        try {
            environment = HubSettings.load(args);
        } catch (HubHome.MissingConfigurationException e) {
            problems.add(new RouteProblem(e.home().resolve(HubHome.CONFIG_FILE).toString(), 0,
                    "missing: 'java -jar gensee-hub.jar init " + e.home() + "' writes the shipped one"));
            return "";
        } catch (RuntimeException e) {
            problems.add(new RouteProblem(HubHome.CONFIG_FILE, snakeYamlLine(e), snakeYamlMessage(e)));
            return "";
        }
        Path home = HubHome.resolve(environment.getProperty(HubHome.PROPERTY));
        problems.addAll(new SettingsCheck(environment, home).check());

        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.getPropertiesComponent().addPropertiesSource(HubSettings.camelProperties(environment));
            // endpoints that need a DataSource can be created (never connected to: nothing is started)
            camel.getRegistry().bind("dataSource", DataSource.class, new DriverManagerDataSource());
            RouteCheck routes = new RouteCheck(camel, HubBeans.scan(), home);
            String include = environment.getProperty("camel.main.routes-include-pattern");
            if (include == null) {
                problems.add(new RouteProblem(HubHome.CONFIG_FILE, 0, "camel.main.routes-include-pattern is not set"));
                return "";
            }
            problems.addAll(routes.check(include, environment.getProperty("camel.main.routes-exclude-pattern")));
            return HubHome.CONFIG_FILE + " and " + routes.summary();
        } catch (IOException closing) {
            throw new UncheckedIOException(closing);
        }
    }

    private static String snakeYamlMessage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MarkedYAMLException marked) {
                return (marked.getContext() == null ? "" : marked.getContext() + ": ") + marked.getProblem();
            }
        }
        return RouteCheck.rootMessage(e);
    }

    /** The 1-based line of a YAML syntax error in application.yaml (Spring reads it with SnakeYAML), 0 if none. */
    private static int snakeYamlLine(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
                return marked.getProblemMark().getLine() + 1;
            }
        }
        return 0;
    }
}
