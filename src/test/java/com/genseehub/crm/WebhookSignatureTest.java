package com.genseehub.crm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    @Test
    void matchesTheStandardWebhooksReferenceVector() {
        // the example of the Standard Webhooks specification (github.com/standard-webhooks)
        assertThat(WebhookSignature.sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek",
                1614265330L, "{\"test\": 2432232314}"))
                .isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void aPlainSecretIsUsedAsItsBytes() throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("s3cret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = Base64.getEncoder().encodeToString(
                mac.doFinal("msg_1.1700000000.{\"a\":1}".getBytes(StandardCharsets.UTF_8)));
        assertThat(WebhookSignature.sign("s3cret", "msg_1", 1700000000L, "{\"a\":1}")).isEqualTo("v1," + expected);
    }
}
