package com.genseehub.home;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Says how to get a configuration instead of printing a stack trace. */
class MissingConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<HubHome.MissingConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, HubHome.MissingConfigurationException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Write the shipped configuration and routes there with 'java -jar gensee-hub.jar init " + cause.home()
                        + "', or start the hub with --hub.home=<the folder that has them>.", cause);
    }
}
