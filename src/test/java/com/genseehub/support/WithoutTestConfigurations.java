package com.genseehub.support;

import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.core.type.classreading.MetadataReader;
import org.springframework.core.type.classreading.MetadataReaderFactory;

/**
 * For a hub started with SpringApplicationBuilder inside a test (to restart it on the same database):
 * keeps the test classes' own configurations (test clock, PostgreSQL clean-up) out of its component scan.
 * Register it as a bean named {@link #BEAN}.
 */
public class WithoutTestConfigurations extends TypeExcludeFilter {

    public static final String BEAN = "skipTestConfigurations";

    @Override
    public boolean match(MetadataReader reader, MetadataReaderFactory factory) {
        return reader.getAnnotationMetadata().hasAnnotation(TestConfiguration.class.getName());
    }
}
