package com.genseehub.delivery;

import com.genseehub.journal.JournalQueries;
import org.apache.camel.ProducerTemplate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class DeliveryConfiguration {

    /** This instance's delivery worker (other hub instances on the same database run their own). */
    @Bean
    DeliveryWorker deliveryWorker(DeliveryLeases leases, JournalQueries journal, Sinks sinks, ProducerTemplate producer,
                                  SinkMetrics metrics, DeliveryProperties properties) {
        return new DeliveryWorker("delivery", leases, journal, sinks, producer, metrics, properties);
    }
}
