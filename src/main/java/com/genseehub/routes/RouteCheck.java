package com.genseehub.routes;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.genseehub.delivery.Sinks;
import org.apache.camel.CamelContext;
import org.apache.camel.NamedNode;
import org.apache.camel.RouteConfigurationsBuilder;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.bean.BeanInfo;
import org.apache.camel.component.bean.MethodInfo;
import org.apache.camel.main.DefaultRoutesCollector;
import org.apache.camel.model.BeanDefinition;
import org.apache.camel.model.ChoiceDefinition;
import org.apache.camel.model.HasExpressionType;
import org.apache.camel.model.Model;
import org.apache.camel.model.OnExceptionDefinition;
import org.apache.camel.model.OtherwiseDefinition;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.SendDefinition;
import org.apache.camel.model.TemplatedRouteDefinition;
import org.apache.camel.model.ToDynamicDefinition;
import org.apache.camel.model.WhenDefinition;
import org.apache.camel.model.language.ExpressionDefinition;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spi.Resource;
import org.apache.camel.spi.RoutesLoader;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.util.StringQuoteHelper;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;

/**
 * Checks route files the way the hub would load them, without starting anything: every file is parsed
 * and added to a Camel context that is never started (no route runs, no port opens, no database is
 * touched), then the routes are walked. Finds YAML mistakes, route templates that cannot be
 * instantiated (a parameter missing), placeholders without a setting, endpoints Camel cannot create
 * (unknown component or option), unparsable simple and jq expressions, unknown exception classes,
 * bean references the hub has no bean for, methods those beans lack, and sinks that are enqueued
 * ({@code outbox.enqueue(${body}, '<name>')}) but have no {@code direct:sink-<name>} route.
 */
public final class RouteCheck {

    /** {@code enqueue(${body}, 'crm')}: the sink name is the quoted last argument. */
    private static final Pattern ENQUEUE = Pattern.compile("^\\s*enqueue\\s*\\(.*,\\s*'([^']+)'\\s*\\)\\s*$");
    private static final Set<String> COMPILED_LANGUAGES = Set.of("simple", "jq");

    private final CamelContext camel;
    private final HubBeans beans;
    private final Path home;
    private final List<RouteProblem> problems = new ArrayList<>();
    private final Map<String, List<Located>> enqueuedSinks = new LinkedHashMap<>();
    private final Set<String> consumedUris = new TreeSet<>();
    private int files;

    private record Located(String file, int line) {
    }

    /**
     * @param camel a context that is not started, whose properties component resolves the hub's settings
     * @param home  file names in problems are given relative to this folder
     */
    public RouteCheck(CamelContext camel, HubBeans beans, Path home) {
        this.camel = camel;
        this.beans = beans;
        this.home = home;
    }

    /** Checks the route files the include pattern (e.g. {@code file:/srv/hub/routes/**}{@code /*.yaml}) selects. */
    public List<RouteProblem> check(String includePattern, String excludePattern) {
        Collection<Resource> resources = new DefaultRoutesCollector()
                .findRouteResourcesFromDirectory(camel, excludePattern, includePattern);
        if (resources.isEmpty()) {
            problems.add(new RouteProblem(includePattern, 0, "no route files match camel.main.routes-include-pattern"));
            return problems;
        }
        files = resources.size();
        List<Loaded> loaded = new ArrayList<>();
        RoutesLoader loader = PluginHelper.getRoutesLoader(camel);
        for (Resource resource : resources) {
            attempt(() -> new Located(fileOf(resource.getLocation()), 0), () -> {
                for (RoutesBuilder builder : loader.findRoutesBuilders(List.of(resource))) {
                    loaded.add(new Loaded(resource, builder));
                }
            });
        }
        // in the order Camel adds them: configurations, routes (and templates), then templated routes
        for (Loaded file : loaded) {
            if (file.builder() instanceof RouteConfigurationsBuilder configurations) {
                attempt(() -> file.located(this), () -> camel.addRoutesConfigurations(configurations));
            }
        }
        for (Loaded file : loaded) {
            attempt(() -> file.located(this), () -> camel.addRoutes(file.builder()));
        }
        Model model = camel.getCamelContextExtension().getContextPlugin(Model.class);
        for (Loaded file : loaded) {
            if (file.builder() instanceof RouteBuilder builder) {
                for (TemplatedRouteDefinition templated : builder.getTemplatedRouteCollection().getTemplatedRoutes()) {
                    attempt(() -> templatedLocation(file.resource(), templated),
                            () -> model.addRouteFromTemplatedRoute(templated));
                }
            }
        }
        for (RouteConfigurationDefinition configuration : model.getRouteConfigurationDefinitions()) {
            for (OnExceptionDefinition onException : configuration.getOnExceptions()) {
                visit(onException);
            }
        }
        for (RouteDefinition route : model.getRouteDefinitions()) {
            checkRoute(route);
        }
        checkSinks();
        return problems;
    }

    /** One line for a clean check: what was looked at. */
    public String summary() {
        Model model = camel.getCamelContextExtension().getContextPlugin(Model.class);
        return files + " route files, " + model.getRouteDefinitions().size() + " routes, sinks enqueued: "
                + String.join(", ", new TreeSet<>(enqueuedSinks.keySet()));
    }

    private record Loaded(Resource resource, RoutesBuilder builder) {
        Located located(RouteCheck check) {
            return new Located(check.fileOf(resource.getLocation()), 0);
        }
    }

    private void checkRoute(RouteDefinition route) {
        // a route made from a template resolves {{parameter}} from the templated route's parameters
        PropertiesComponent properties = camel.getPropertiesComponent();
        Properties local = new Properties();
        if (route.getTemplateParameters() != null) {
            local.putAll(route.getTemplateParameters());
        }
        properties.setLocalProperties(local);
        try {
            resolve(route, route.getAutoStartup());
            String from = route.getInput().getEndpointUri();
            String resolved = resolve(route.getInput(), from);
            if (resolved != null) {
                consumedUris.add(normalise(resolved));
                endpoint(route.getInput(), resolved);
            }
            for (ProcessorDefinition<?> step : route.getOutputs()) {
                visit(step);
            }
        } finally {
            properties.setLocalProperties(null);
        }
    }

    private void visit(NamedNode step) {
        if (step instanceof BeanDefinition bean) {
            checkBean(bean);
        }
        if (step instanceof SendDefinition<?> send && !(step instanceof ToDynamicDefinition)) {
            String uri = resolve(step, send.getEndpointUri());
            if (uri != null) {
                endpoint(step, uri);
            }
        }
        if (step instanceof HasExpressionType node && node.getExpressionType() != null) {
            checkExpression(step, node.getExpressionType());
        }
        if (step instanceof OnExceptionDefinition onException) {
            for (String exception : onException.getExceptions()) {
                try {
                    Class.forName(exception, false, RouteCheck.class.getClassLoader());
                } catch (ClassNotFoundException e) {
                    problems.add(problem(step, "onException: no exception class " + exception));
                }
            }
        }
        List<ProcessorDefinition<?>> outputs = List.of();
        if (step instanceof ChoiceDefinition choice) {
            choice.getWhenClauses().forEach(this::visit);
            if (choice.getOtherwise() != null) {
                visit(choice.getOtherwise());
            }
        } else if (step instanceof ProcessorDefinition<?> processor) {
            outputs = processor.getOutputs();
        } else if (step instanceof WhenDefinition when) {
            outputs = when.getOutputs();
        } else if (step instanceof OtherwiseDefinition otherwise) {
            outputs = otherwise.getOutputs();
        }
        outputs.forEach(this::visit);
    }

    private void checkBean(BeanDefinition bean) {
        String ref = bean.getRef();
        if (ref == null) {
            return;
        }
        Class<?> type = beans.type(ref);
        if (type == null) {
            Object defined = camel.getRegistry().lookupByName(ref);
            if (defined == null) {
                problems.add(problem(bean, "unknown bean '" + ref + "'" + beans.similarTo(ref)
                        .map(similar -> " (did you mean '" + similar + "'?)").orElse("")));
                return;
            }
            type = defined.getClass();
        }
        String method = bean.getMethod();
        if (method == null) {
            return;
        }
        BeanInfo info = new BeanInfo(camel, type);
        String name = method.contains("(") ? method.substring(0, method.indexOf('(')).trim() : method.trim();
        if (!info.hasMethod(name)) {
            problems.add(problem(bean, "bean '" + ref + "' (" + type.getSimpleName() + ") has no method '" + name + "'"));
            return;
        }
        if (method.contains("(") && method.endsWith(")")) {
            String arguments = method.substring(method.indexOf('(') + 1, method.length() - 1).trim();
            int count = arguments.isEmpty() ? 0 : StringQuoteHelper.splitSafeQuote(arguments, ',', false).length;
            List<Integer> counts = info.getMethods().stream().map(MethodInfo::getMethod)
                    .filter(m -> m.getName().equals(name)).map(Method::getParameterCount).distinct().sorted().toList();
            if (!counts.contains(count)) {
                problems.add(problem(bean, "method '" + name + "' of bean '" + ref + "' takes " + counts
                        + " parameters, the route gives " + count));
            }
        }
        if ("outbox".equals(ref)) {
            Matcher sink = ENQUEUE.matcher(method);
            if (sink.matches()) {
                Located where = at(bean);
                enqueuedSinks.computeIfAbsent(sink.group(1), key -> new ArrayList<>()).add(where);
            }
        }
    }

    private void checkExpression(NamedNode step, ExpressionDefinition expression) {
        String language = expression.getLanguage();
        if (language == null || !COMPILED_LANGUAGES.contains(language) || expression.getExpression() == null) {
            return;
        }
        String text = resolve(step, expression.getExpression());
        if (text != null) {
            try {
                camel.resolveLanguage(language).createExpression(text);
            } catch (RuntimeException e) {
                problems.add(problem(step, language + " expression '" + text + "': " + rootMessage(e)));
            }
        }
    }

    private void checkSinks() {
        enqueuedSinks.forEach((sink, places) -> {
            String route = Sinks.route(sink);
            if (!consumedUris.contains(normalise(route))) {
                for (Located place : places) {
                    problems.add(new RouteProblem(place.file(), place.line(), "sink '" + sink + "' is enqueued but no route"
                            + " consumes " + route + " (add one in routes/sinks/, e.g. " + sink + ".yaml)"));
                }
            }
        });
    }

    private void endpoint(NamedNode step, String uri) {
        attempt(() -> at(step), () -> camel.getEndpoint(uri));
    }

    /** The text with its {{placeholders}} resolved; null (and a problem) if one has no value. */
    private String resolve(NamedNode node, String text) {
        if (text == null || !text.contains("{{")) {
            return text;
        }
        try {
            return camel.resolvePropertyPlaceholders(text);
        } catch (RuntimeException e) {
            Located where = at(node);
            problems.add(new RouteProblem(where.file(), where.line(), rootMessage(e)));
            return null;
        }
    }

    private static String normalise(String uri) {
        return uri.replaceFirst("^direct://", "direct:");
    }

    private interface Step {
        void run() throws Exception;
    }

    private void attempt(Supplier<Located> where, Step step) {
        try {
            step.run();
        } catch (Exception e) {
            Located located = where.get();
            int line = yamlLine(e);
            problems.add(new RouteProblem(located.file(), line > 0 ? line : located.line(), rootMessage(e)));
        }
    }

    private Located at(NamedNode node) {
        return node.getLocation() == null ? new Located("?", 0)
                : new Located(fileOf(node.getLocation()), Math.max(node.getLineNumber(), 0));
    }

    private RouteProblem problem(NamedNode step, String message) {
        Located where = at(step);
        return new RouteProblem(where.file(), where.line(), message);
    }

    /** A templated route has no line of its own: the line of its routeId (or templatedRoute) in its file. */
    private Located templatedLocation(Resource resource, TemplatedRouteDefinition templated) {
        String file = fileOf(resource.getLocation());
        try (InputStream in = resource.getInputStream()) {
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            String marker = templated.getRouteId() != null ? templated.getRouteId() : templated.getRouteTemplateRef();
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains(marker)) {
                    return new Located(file, i + 1);
                }
            }
        } catch (IOException e) {
            // the file name alone then
        }
        return new Located(file, 0);
    }

    private String fileOf(String location) {
        String path = location.replaceFirst("^file:", "");
        try {
            Path file = Path.of(path).toAbsolutePath().normalize();
            return file.startsWith(home) ? home.relativize(file).toString() : file.toString();
        } catch (RuntimeException notAPath) {
            return location;
        }
    }

    /** The 1-based line of a YAML parse error anywhere in the cause chain, 0 if none. */
    static int yamlLine(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MarkedYamlEngineException marked) {
                return marked.getProblemMark().or(marked::getContextMark).map(Mark::getLine).map(line -> line + 1).orElse(0);
            }
        }
        return 0;
    }

    static String rootMessage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MarkedYamlEngineException marked) {
                // the problem without the file name and caret drawing (file and line are given apart)
                return (marked.getContext() == null ? "" : marked.getContext() + ": ") + marked.getProblem();
            }
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.toString() : root.getMessage();
        return message.lines().map(String::strip).filter(line -> !line.isEmpty()).reduce((a, b) -> a + " " + b).orElse(message);
    }
}
