package com.genseehub.routes;

import java.lang.reflect.Method;
import java.security.CodeSource;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.SimpleBeanDefinitionRegistry;
import org.springframework.context.annotation.AnnotationBeanNameGenerator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;

/**
 * The hub's own beans by name, as routes refer to them ({@code bean: {ref: outbox}}), found the way
 * Spring finds them (component scan of {@code com.genseehub}, {@code @Bean} methods of its
 * configuration classes) without creating any. Lets route files be checked and tested without
 * starting the hub.
 */
public final class HubBeans {

    private static final String BASE_PACKAGE = "com.genseehub";

    private final Map<String, Class<?>> types;

    private HubBeans(Map<String, Class<?>> types) {
        this.types = types;
    }

    public static HubBeans scan() {
        // the default filters: @Component and what it is part of (@Service, @Configuration, @RestController, ...)
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(true);
        AnnotationBeanNameGenerator names = AnnotationBeanNameGenerator.INSTANCE;
        SimpleBeanDefinitionRegistry registry = new SimpleBeanDefinitionRegistry();
        Map<String, Class<?>> types = new TreeMap<>();
        for (BeanDefinition candidate : scanner.findCandidateComponents(BASE_PACKAGE)) {
            Class<?> type = load(candidate);
            if (!sameCodeSource(type)) {
                // a test's own configuration classes (on the classpath only when tests run), not the hub's
                continue;
            }
            types.put(names.generateBeanName(candidate, registry), type);
            if (AnnotatedElementUtils.hasAnnotation(type, Configuration.class)) {
                for (Method method : type.getDeclaredMethods()) {
                    Bean bean = AnnotatedElementUtils.findMergedAnnotation(method, Bean.class);
                    if (bean != null) {
                        String[] declared = bean.name();
                        types.put(declared.length > 0 ? declared[0] : method.getName(), method.getReturnType());
                    }
                }
            }
        }
        return new HubBeans(types);
    }

    /** The bean's class, or null if the hub has no bean of that name. */
    public Class<?> type(String name) {
        return types.get(name);
    }

    /** A bean whose name starts like {@code name} (a typo's likely intent), if there is exactly one. */
    public Optional<String> similarTo(String name) {
        String start = name.substring(0, Math.min(3, name.length())).toLowerCase(Locale.ROOT);
        List<String> similar = types.keySet().stream().filter(bean -> bean.toLowerCase(Locale.ROOT).startsWith(start)).toList();
        return similar.size() == 1 ? Optional.of(similar.get(0)) : Optional.empty();
    }

    public Map<String, Class<?>> all() {
        return Map.copyOf(types);
    }

    private static boolean sameCodeSource(Class<?> type) {
        CodeSource mine = HubBeans.class.getProtectionDomain().getCodeSource();
        CodeSource theirs = type.getProtectionDomain().getCodeSource();
        return mine == null || theirs != null && mine.getLocation().equals(theirs.getLocation());
    }

    private static Class<?> load(BeanDefinition candidate) {
        return ClassUtils.resolveClassName(candidate.getBeanClassName(), HubBeans.class.getClassLoader());
    }
}
