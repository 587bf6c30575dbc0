package com.genseehub.delivery;

import java.time.Clock;

import com.genseehub.journal.JournalQueries;
import org.apache.camel.ProducerTemplate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.support.TransactionTemplate;

@Configuration(proxyBeanMethods = false)
public class DeliveryConfiguration {

    /** This instance's delivery worker (other hub instances on the same database run their own). */
    @Bean
    DeliveryWorker deliveryWorker(DeliveryStore store, JournalQueries journal, Sinks sinks, ProducerTemplate producer,
                                  TransactionTemplate transactions, Clock clock, SinkMetrics metrics,
                                  DeliveryProperties properties) {
        return new DeliveryWorker("delivery", store, journal, sinks, producer, transactions, clock, metrics,
                properties);
    }
}
