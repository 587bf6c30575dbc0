package com.genseehub.routes;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.PropertySourceOrigin;
import org.springframework.boot.origin.TextResourceOrigin;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

/**
 * Binds every {@code @ConfigurationProperties} record of the hub as the hub does at start-up, and
 * reports each setting that does not bind (not only the first) with its file and line.
 */
final class SettingsCheck {

    private final ConfigurableEnvironment environment;
    private final Path home;

    SettingsCheck(ConfigurableEnvironment environment, Path home) {
        this.environment = environment;
        this.home = home;
    }

    List<RouteProblem> check() {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
        Binder binder = Binder.get(environment);
        Failures failures = new Failures();
        for (BeanDefinition candidate : scanner.findCandidateComponents("com.genseehub")) {
            Class<?> type = ClassUtils.resolveClassName(candidate.getBeanClassName(), SettingsCheck.class.getClassLoader());
            String prefix = AnnotatedElementUtils.findMergedAnnotation(type, ConfigurationProperties.class).prefix();
            try {
                binder.bindOrCreate(prefix, Bindable.of(type), failures);
            } catch (RuntimeException e) {
                failures.add(ConfigurationPropertyName.of(prefix), null, e);
            }
        }
        return failures.problems;
    }

    /** Notes each failure and binds on; a failure caused by one already noted (its parent record) is not repeated. */
    private final class Failures extends AbstractBindHandler {

        private final List<ConfigurationPropertyName> failed = new ArrayList<>();
        private final List<RouteProblem> problems = new ArrayList<>();

        @Override
        public Object onFailure(ConfigurationPropertyName name, Bindable<?> target, BindContext context, Exception error) {
            add(name, context.getConfigurationProperty(), error);
            return null;
        }

        void add(ConfigurationPropertyName name, ConfigurationProperty property, Exception error) {
            if (failed.stream().anyMatch(earlier -> earlier.equals(name) || name.isAncestorOf(earlier))) {
                return;
            }
            failed.add(name);
            TextResourceOrigin origin = textOrigin(property != null ? property.getOrigin() : firstOriginBelow(name));
            String file = "application.yaml";
            int line = 0;
            if (origin != null && origin.getResource() != null && origin.getLocation() != null) {
                file = fileOf(origin);
                line = origin.getLocation().getLine() + 1;
            }
            problems.add(new RouteProblem(file, line, name + ": " + RouteCheck.rootMessage(error)));
        }
    }

    /** A record that fails as a whole (its own validation): the line of its first setting. */
    private Origin firstOriginBelow(ConfigurationPropertyName prefix) {
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            if (source instanceof IterableConfigurationPropertySource names) {
                Origin found = names.stream().filter(prefix::isAncestorOf).map(source::getConfigurationProperty)
                        .filter(Objects::nonNull).map(ConfigurationProperty::getOrigin).filter(Objects::nonNull)
                        .findFirst().orElse(null);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static TextResourceOrigin textOrigin(Origin origin) {
        for (Origin o = origin; o != null; o = o instanceof PropertySourceOrigin wrapper ? wrapper.getOrigin() : o.getParent()) {
            if (o instanceof TextResourceOrigin text) {
                return text;
            }
        }
        return null;
    }

    private String fileOf(TextResourceOrigin origin) {
        try {
            Path file = origin.getResource().getFile().toPath().toAbsolutePath().normalize();
            return file.startsWith(home) ? home.relativize(file).toString() : file.toString();
        } catch (Exception notAFile) {
            return String.valueOf(origin.getResource().getFilename());
        }
    }
}
