package com.genseehub.embedded;

import com.genseehub.journal.DispatchSignal;
import com.genseehub.journal.JournalProperties;
import com.genseehub.journal.JournalTable;
import com.genseehub.journal.JournalWriter;
import com.genseehub.system.DurableWrite;
import com.genseehub.system.EmbeddedDatabase;
import org.aopalliance.intercept.MethodInterceptor;
import org.springframework.aop.Advisor;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** The embedded H2 file database's part (see {@link EmbeddedH2}); absent on a database server. */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedDatabase.H2File.class)
public class EmbeddedH2Configuration {

    @Bean
    EmbeddedH2 embeddedH2(JdbcClient jdbc, JournalTable table, TransactionTemplate transactions,
                          DispatchSignal dispatchSignal, JournalProperties settings) {
        return new EmbeddedH2(jdbc, table, transactions, dispatchSignal, settings);
    }

    @Bean
    JournalWriter spooledJournalWriter(EmbeddedH2 embedded) {
        return embedded.journalWriter();
    }

    /** After a method marked {@link DurableWrite} returns, what it wrote is on disk. */
    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    static Advisor durableWrites(ObjectProvider<EmbeddedH2> embedded) {
        MethodInterceptor flushAfter = invocation -> {
            Object result = invocation.proceed();
            embedded.getObject().flush();
            return result;
        };
        return new DefaultPointcutAdvisor(AnnotationMatchingPointcut.forMethodAnnotation(DurableWrite.class), flushAfter);
    }
}
