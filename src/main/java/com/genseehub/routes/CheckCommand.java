package com.genseehub.routes;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import javax.sql.DataSource;

import com.genseehub.home.HubHome;
import org.apache.camel.impl.DefaultCamelContext;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.PropertySourceOrigin;
import org.springframework.boot.origin.TextResourceOrigin;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.util.ClassUtils;

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
        checkSettings(environment, home, problems);

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
        } catch (java.io.IOException closing) {
            throw new java.io.UncheckedIOException(closing);
        }
    }

    /** Binds every {@code @ConfigurationProperties} record of the hub, as the hub does at start-up. */
    private static void checkSettings(ConfigurableEnvironment environment, Path home, List<RouteProblem> problems) {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
        Binder binder = Binder.get(environment);
        for (BeanDefinition candidate : scanner.findCandidateComponents("com.genseehub")) {
            Class<?> type = ClassUtils.resolveClassName(candidate.getBeanClassName(), CheckCommand.class.getClassLoader());
            ConfigurationProperties annotation = AnnotatedElementUtils.findMergedAnnotation(type, ConfigurationProperties.class);
            try {
                binder.bindOrCreate(annotation.prefix(), Bindable.of(type));
            } catch (BindException e) {
                TextResourceOrigin origin = e.getProperty() == null ? null : textOrigin(e.getProperty().getOrigin());
                String file = HubHome.CONFIG_FILE;
                int line = 0;
                if (origin != null && origin.getResource() != null && origin.getLocation() != null) {
                    file = relative(home, origin.getResource().getFilename(), origin);
                    line = origin.getLocation().getLine() + 1;
                }
                problems.add(new RouteProblem(file, line, e.getName() + ": " + RouteCheck.rootMessage(e)));
            }
        }
    }

    private static String relative(Path home, String fallback, TextResourceOrigin origin) {
        try {
            Path file = origin.getResource().getFile().toPath().toAbsolutePath().normalize();
            return file.startsWith(home) ? home.relativize(file).toString() : file.toString();
        } catch (Exception notAFile) {
            return fallback;
        }
    }

    private static TextResourceOrigin textOrigin(Origin origin) {
        for (Origin o = origin; o != null; o = o instanceof PropertySourceOrigin wrapper ? wrapper.getOrigin() : o.getParent()) {
            if (o instanceof TextResourceOrigin text) {
                return text;
            }
        }
        return null;
    }

    private static String snakeYamlMessage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.yaml.snakeyaml.error.MarkedYAMLException marked) {
                return (marked.getContext() == null ? "" : marked.getContext() + ": ") + marked.getProblem();
            }
        }
        return RouteCheck.rootMessage(e);
    }

    /** The 1-based line of a YAML syntax error in application.yaml (Spring reads it with SnakeYAML), 0 if none. */
    private static int snakeYamlLine(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.yaml.snakeyaml.error.MarkedYAMLException marked && marked.getProblemMark() != null) {
                return marked.getProblemMark().getLine() + 1;
            }
        }
        return 0;
    }
}
