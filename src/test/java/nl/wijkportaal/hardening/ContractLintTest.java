package nl.wijkportaal.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import nl.wijkportaal.support.Staff;
import nl.wijkportaal.support.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two linters nobody here wrote judge the contract the node serves: Logius' NL API Design Rules
 * ruleset and Spectral's OWASP API Security ruleset, with the exceptions (and their reasons) of
 * {@code .spectral.yaml} only. Zero errors, or the build fails with the list. What the contract
 * promises for bad input (a 400 on every GET with parameters) is tried too.
 */
class ContractLintTest {

  @RegisterExtension static final TestServer server = TestServer.perClass();

  @Test
  void the_served_contract_has_no_errors_by_the_nl_api_design_rules_and_owasp_rulesets()
      throws Exception {
    HttpResponse<String> served = server.user().get("/api/v1/openapi.json");
    assertThat(served.statusCode()).isEqualTo(200);
    Path dir = Files.createDirectories(Path.of("target", "contract-lint"));
    Path document = dir.resolve("openapi.json");
    Files.writeString(document, served.body());

    String tools =
        run(List.of("bash", ".ci/ensure-spectral.sh"), Map.of(), 600)
            .lines()
            .reduce((a, b) -> b)
            .orElseThrow()
            .trim();
    Path report = dir.resolve("spectral.json");
    run(
        List.of(
            tools + "/node_modules/.bin/spectral",
            "lint",
            "-r",
            ".spectral.yaml",
            "-f",
            "json",
            "-o",
            report.toString(),
            "--fail-severity",
            "error",
            "--quiet",
            document.toString()),
        Map.of("NODE_PATH", tools + "/node_modules"),
        180,
        0,
        1);
    JsonArray results = new JsonArray(Files.readString(report));
    List<String> errors = new ArrayList<>();
    for (Object r : results) {
      JsonObject result = (JsonObject) r;
      if (result.getInteger("severity") == 0) {
        errors.add(
            result.getString("code")
                + " at "
                + result.getJsonArray("path").encode()
                + ": "
                + result.getString("message"));
      }
    }
    assertThat(errors)
        .as("lint errors in the served contract (see .spectral.yaml for the exceptions)")
        .isEmpty();
    // Both rulesets were applied: each has a rule that fires as a warning on this contract.
    assertThat(results.stream().map(r -> ((JsonObject) r).getString("code")))
        .anyMatch(code -> code.startsWith("nlgov:"))
        .anyMatch(code -> code.startsWith("owasp:"));
  }

  @Test
  void the_gets_with_parameters_answer_400_as_the_contract_says() {
    HttpResponse<String> aanbod = server.user().get("/api/v1/aanbod/geen-id");
    assertThat(aanbod.statusCode()).isEqualTo(400);
    assertThat(aanbod.headers().firstValue("content-type")).hasValue("application/problem+json");
    HttpResponse<String> token =
        server
            .user()
            .postForm(
                "/api/v1/token",
                Map.of(
                    "grant_type",
                    "client_credentials",
                    "client_id",
                    "demo-school",
                    "client_secret",
                    Staff.PASSWORD));
    String bearer = new JsonObject(token.body()).getString("access_token");
    HttpResponse<String> organisatie =
        server
            .user()
            .get("/api/v1/organisaties/geen-id", Map.of("Authorization", "Bearer " + bearer));
    assertThat(organisatie.statusCode()).isEqualTo(400);
    assertThat(organisatie.headers().firstValue("content-type"))
        .hasValue("application/problem+json");
    // Limits the linter asked for are enforced too, with the field named.
    HttpResponse<String> tooMany = server.user().get("/api/v1/aanbod?" + "wijk=noord&".repeat(21));
    assertThat(tooMany.statusCode()).isEqualTo(400);
    assertThat(
            new JsonObject(tooMany.body())
                .getJsonArray("errors")
                .getJsonObject(0)
                .getString("name"))
        .startsWith("wijk");
  }

  private static String run(
      List<String> command, Map<String, String> env, int seconds, int... okExitCodes)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(env);
    Process process = builder.start();
    byte[] output = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(seconds, TimeUnit.SECONDS))
        .as(String.join(" ", command) + " finished")
        .isTrue();
    String text = new String(output, StandardCharsets.UTF_8);
    int[] ok = okExitCodes.length == 0 ? new int[] {0} : okExitCodes;
    assertThat(ok)
        .as(String.join(" ", command) + " exit code; output:\n" + text)
        .contains(process.exitValue());
    return text;
  }
}
