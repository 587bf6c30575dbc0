package com.genseehub.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar gensee-hub.jar check}, one kind of mistake per home folder under
 * src/test/resources/route-check/: each is reported with its file and line and makes the exit code 1;
 * the shipped application.yaml and routes/ pass.
 */
class CheckCommandTest {

    private static final Path FIXTURES = Path.of("src/test/resources/route-check");

    record Result(int exit, String out, List<String> problems) {
    }

    private static Result check(Path home) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = CheckCommand.run(new String[] {"--hub.home=" + home},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(exit, out.toString(StandardCharsets.UTF_8).strip(),
                err.toString(StandardCharsets.UTF_8).lines().toList());
    }

    private static Result fixture(String name) {
        return check(FIXTURES.resolve(name));
    }

    @Test
    void theShippedConfigurationAndRoutesPass() {
        Result result = check(Path.of("."));

        assertThat(result.problems()).isEmpty();
        assertThat(result.exit()).isZero();
        assertThat(result.out()).startsWith("ok: application.yaml and ").contains(" route files, ", "sinks enqueued: ")
                .doesNotContain("\n");
    }

    @Test
    void yamlMistakesAreReportedPerFileWithTheirLine() {
        Result result = fixture("yaml-error");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.problems()).containsExactly(
                "routes/dispatch.yaml:9: while parsing a block mapping: expected <block end>, but found '<scalar>'",
                "routes/unknown-field.yaml:7: Unsupported field: reff",
                "2 problems found");
    }

    @Test
    void aBeanTheHubDoesNotHave() {
        Result result = fixture("unknown-bean");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.problems()).containsExactly(
                "routes/dispatch.yaml:6: unknown bean 'vodViewng' (did you mean 'vodViewing'?)",
                "1 problem found");
    }

    @Test
    void aMethodTheBeanDoesNotHaveOrWrongArguments() {
        Result result = fixture("unknown-method");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.problems()).containsExactly(
                "routes/dispatch.yaml:6: bean 'attendance' (Attendance) has no method 'leeve'",
                "routes/dispatch.yaml:9: method 'enqueue' of bean 'outbox' takes [2] parameters, the route gives 1",
                "2 problems found");
    }

    @Test
    void aSinkEnqueuedWithoutARouteThatConsumesIt() {
        Result result = fixture("sink-without-route");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.problems()).containsExactly(
                "routes/dispatch.yaml:13: sink 'crm' is enqueued but no route consumes direct:sink-crm"
                        + " (add one in routes/sinks/, e.g. crm.yaml)",
                "1 problem found");
    }

    @Test
    void aTemplatedRouteWithoutARequiredParameterOrWithoutItsTemplate() {
        Result result = fixture("template-parameter-missing");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.problems()).containsExactly(
                "routes/sinks/audit.yaml:4: Route template log-sink the following mandatory parameters must be provided: category",
                "routes/sinks/typo.yaml:4: Cannot find RouteTemplate with id log-snk",
                "2 problems found");
    }

    @Test
    void aPlaceholderWithoutASetting() {
        Result result = fixture("missing-setting");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.problems()).hasSize(2);
        assertThat(result.problems().get(0)).startsWith("routes/archive.yaml:6: ")
                .contains("Property with key [hub.sinks.archive.directory] not found");
    }

    @Test
    void anEndpointCamelCannotCreate() {
        Result result = fixture("bad-endpoint");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.problems()).hasSize(3);
        assertThat(result.problems().get(0)).startsWith("routes/archive.yaml:6: ")
                .contains("Unknown parameters=[{fileExsit=Append}]");
        assertThat(result.problems().get(1)).startsWith("routes/archive.yaml:11: ")
                .contains("No endpoint could be found for: fil://target/archive");
    }

    @Test
    void aSimpleExpressionThatDoesNotParse() {
        Result result = fixture("bad-expression");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.problems()).containsExactly(
                "routes/kafka.yaml:6: simple expression '${header.site}:${header.classNo': expected symbol functionEnd but was eol",
                "1 problem found");
    }

    @Test
    void settingsThatDoNotBind() {
        Result result = fixture("bad-setting");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.problems()).containsExactly(
                "application.yaml:8: hub.sites.demo.product: No enum constant com.genseehub.callback.Product.webcas",
                "application.yaml:10: hub.sites.school7: hub.sites.<key>.product is required (webcast or training)",
                "2 problems found");
    }

    @Test
    void anExceptionClassThatDoesNotExist() {
        Result result = fixture("unknown-exception");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.problems()).containsExactly(
                "routes/errors.yaml:4: onException: no exception class com.genseehub.callback.RateLimitException",
                "1 problem found");
    }

    @Test
    void anApplicationYamlThatDoesNotParse() {
        Result result = fixture("bad-application-yaml");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.problems()).containsExactly(
                "application.yaml:5: while parsing a block mapping: expected <block end>, but found '<block mapping start>'",
                "1 problem found");
    }

    @Test
    void aHomeFolderWithoutApplicationYaml(@TempDir Path empty) {
        Result result = check(empty);

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.problems()).containsExactly(
                empty.toAbsolutePath().resolve("application.yaml") + ": missing: 'java -jar gensee-hub.jar init "
                        + empty.toAbsolutePath() + "' writes the shipped one",
                "1 problem found");
    }
}
