package com.genseehub.journal;

import com.genseehub.system.EmbeddedDatabase;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.support.TransactionTemplate;

@Configuration(proxyBeanMethods = false)
public class JournalConfiguration {

    /** On a database server the journal tables are the log; on the embedded database see com.genseehub.embedded. */
    @Bean
    @Conditional(EmbeddedDatabase.NotH2File.class)
    JournalWriter databaseJournalWriter(JournalTable table, TransactionTemplate transactions,
                                        JournalProperties properties) {
        return new DatabaseJournalWriter(table, transactions, properties.maxRequestsPerCommit());
    }
}
