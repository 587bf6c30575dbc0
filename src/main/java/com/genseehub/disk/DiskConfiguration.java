package com.genseehub.disk;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class DiskConfiguration {

    /** The operating system's reading of the data folder's file system; tests replace it. */
    @Bean
    @ConditionalOnMissingBean
    FreeSpace freeSpace(DiskProperties settings) {
        return new FileStoreFreeSpace(settings.folder());
    }

    @Bean
    DiskGuard diskGuard(FreeSpace freeSpace, DiskProperties settings) {
        return new DiskGuard(freeSpace, settings);
    }
}
