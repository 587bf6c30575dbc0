package com.genseehub.ingress;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;

@Configuration(proxyBeanMethods = false)
public class IngressExecutorConfiguration {

    /**
     * Camel's platform-http on Spring MVC hands every request to a task executor and waits for it.
     * Running the route on the Tomcat request thread itself removes that hand-off (measured in
     * bench/: it was the bottleneck), while Tomcat's thread pool still bounds concurrency.
     */
    @Bean
    SimpleAsyncTaskExecutor platformHttpExecutor() {
        return new SimpleAsyncTaskExecutor("platform-http-") {
            @Override
            protected void doExecute(Runnable task) {
                task.run();
            }
        };
    }
}
