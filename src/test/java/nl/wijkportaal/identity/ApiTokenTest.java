package nl.wijkportaal.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.sqlclient.Tuple;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import nl.wijkportaal.platform.config.DatabaseUrl;
import nl.wijkportaal.support.Staff;
import nl.wijkportaal.support.TestDatabase;
import nl.wijkportaal.support.TestKeys;
import nl.wijkportaal.support.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A partner's own system: client credentials for a token, the token for its own organisation only.
 */
class ApiTokenTest {

  private static final KeyPair OLD = TestKeys.shared("api-token-old");
  private static final KeyPair NEW = TestKeys.shared("api-token-new");

  @RegisterExtension
  static final TestServer server =
      TestServer.perClass(
          Map.of("WIJKPORTAAL_CONFIG", keys(TestKeys.key("old", OLD, true)).toString()));

  private static Path keys(JsonObject... keys) {
    JsonArray list = new JsonArray();
    for (JsonObject k : keys) {
      list.add(k);
    }
    return TestKeys.write(list);
  }

  static HttpResponse<String> token(TestServer on, String clientId, String secret) {
    return on.user()
        .postForm(
            "/api/v1/token",
            Map.of(
                "grant_type",
                "client_credentials",
                "client_id",
                clientId,
                "client_secret",
                secret));
  }

  static String accessToken(TestServer on, String clientId) {
    HttpResponse<String> response = token(on, clientId, Staff.PASSWORD);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return new JsonObject(response.body()).getString("access_token");
  }

  private static String organisationOf(String clientId) {
    return server
        .app()
        .pool()
        .preparedQuery("SELECT organisation_id FROM api_client WHERE client_id = $1")
        .execute(Tuple.of(clientId))
        .await()
        .iterator()
        .next()
        .getUUID(0)
        .toString();
  }

  private static HttpResponse<String> organisation(TestServer on, String id, String bearer) {
    return on.user().get("/api/v1/organisaties/" + id, Map.of("Authorization", "Bearer " + bearer));
  }

  @Test
  void a_school_system_gets_a_token_with_form_fields_or_basic_and_reads_its_own_organisation() {
    HttpResponse<String> response = token(server, "demo-school", Staff.PASSWORD);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(response.headers().firstValue("API-Version")).hasValue("1.0.0");
    JsonObject body = new JsonObject(response.body());
    assertThat(body.getString("token_type")).isEqualTo("Bearer");
    assertThat(body.getLong("expires_in")).isEqualTo(900);
    JsonObject header =
        new JsonObject(
            new String(
                Base64.getUrlDecoder().decode(body.getString("access_token").split("\\.", -1)[0]),
                StandardCharsets.UTF_8));
    assertThat(header.getString("kid")).isEqualTo("old");
    assertThat(header.getString("alg")).isEqualTo("RS256");

    String basic =
        Base64.getEncoder()
            .encodeToString(("demo-school:" + Staff.PASSWORD).getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> viaBasic =
        server
            .user()
            .header("Authorization", "Basic " + basic)
            .postForm("/api/v1/token", Map.of("grant_type", "client_credentials"));
    assertThat(viaBasic.statusCode()).isEqualTo(200);

    String school = organisationOf("demo-school");
    HttpResponse<String> own = organisation(server, school, body.getString("access_token"));
    assertThat(own.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(own.body()).getString("naam")).isEqualTo("OBS De Regenboog");
    assertThat(own.headers().firstValue("API-Version")).hasValue("1.0.0");
  }

  @Test
  void a_wrong_secret_gets_invalid_client_in_the_words_of_rfc_6749() {
    HttpResponse<String> wrong = token(server, "demo-school", "geraden-wachtwoord");
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(new JsonObject(wrong.body()).getString("error")).isEqualTo("invalid_client");
    HttpResponse<String> unknown = token(server, "bestaat-niet", "geraden-wachtwoord");
    assertThat(unknown.statusCode()).isEqualTo(401);
    HttpResponse<String> grant =
        server
            .user()
            .postForm(
                "/api/v1/token",
                Map.of("grant_type", "password", "client_id", "demo-school", "client_secret", "x"));
    assertThat(grant.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(grant.body()).getString("error")).isEqualTo("unsupported_grant_type");
  }

  @Test
  void control_characters_in_the_credentials_are_an_invalid_request_not_a_server_error() {
    HttpResponse<String> form = token(server, "demo-\u0000school", Staff.PASSWORD);
    assertThat(form.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(form.body()).getString("error")).isEqualTo("invalid_request");
    String basic =
        Base64.getEncoder()
            .encodeToString(("demo-%00school:" + Staff.PASSWORD).getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> viaBasic =
        server
            .user()
            .header("Authorization", "Basic " + basic)
            .postForm("/api/v1/token", Map.of("grant_type", "client_credentials"));
    assertThat(viaBasic.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(viaBasic.body()).getString("error")).isEqualTo("invalid_request");
  }

  @Test
  void a_token_of_the_school_gets_nothing_of_the_gp_practice() {
    String token = accessToken(server, "demo-school");
    HttpResponse<String> other = organisation(server, organisationOf("demo-huisarts"), token);
    assertThat(other.statusCode()).isEqualTo(403);
    assertThat(other.headers().firstValue("content-type")).hasValue("application/problem+json");
    assertThat(other.body()).doesNotContain("Het Plein");
  }

  @Test
  void no_token_a_tampered_token_an_expired_token_and_alg_none_are_all_refused() {
    String school = organisationOf("demo-school");
    assertThat(server.user().get("/api/v1/organisaties/" + school).statusCode()).isEqualTo(401);

    String token = accessToken(server, "demo-school");
    String[] parts = token.split("\\.", -1);
    JsonObject claims =
        new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    String otherOrg = organisationOf("demo-huisarts");
    String forgedClaims =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                claims.copy().put("org", otherOrg).encode().getBytes(StandardCharsets.UTF_8));
    assertThat(
            organisation(server, otherOrg, parts[0] + "." + forgedClaims + "." + parts[2])
                .statusCode())
        .as("tampered")
        .isEqualTo(401);

    String none =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    assertThat(organisation(server, school, none + "." + parts[1] + ".").statusCode())
        .as("alg none")
        .isEqualTo(401);

    Vertx vertx = Vertx.vertx();
    try {
      JWTAuth signer =
          JWTAuth.create(
              vertx,
              new JWTAuthOptions()
                  .addPubSecKey(
                      new PubSecKeyOptions()
                          .setAlgorithm("RS256")
                          .setId("old")
                          .setBuffer(TestKeys.key("old", OLD, true).getString("privateKeyPem"))));
      long now = System.currentTimeMillis() / 1000;
      String expired =
          signer.generateToken(
              new JsonObject()
                  .put("org", school)
                  .put("scope", "signalen")
                  .put("iat", now - 3600)
                  .put("exp", now - 1800),
              new JWTOptions()
                  .setAlgorithm("RS256")
                  .setIssuer(claims.getString("iss"))
                  .setAudience(List.of("wijkportaal-api"))
                  .setSubject("demo-school")
                  .setNoTimestamp(true));
      assertThat(organisation(server, school, expired).statusCode()).as("expired").isEqualTo(401);
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void a_deactivated_client_gets_no_token_and_its_tokens_stop_working() {
    String token = accessToken(server, "demo-corporatie");
    String corporatie = organisationOf("demo-corporatie");
    assertThat(organisation(server, corporatie, token).statusCode()).isEqualTo(200);
    server
        .app()
        .pool()
        .query("UPDATE api_client SET active = false WHERE client_id = 'demo-corporatie'")
        .execute()
        .await();
    assertThat(organisation(server, corporatie, token).statusCode()).isEqualTo(401);
    assertThat(token(server, "demo-corporatie", Staff.PASSWORD).statusCode()).isEqualTo(401);
    server
        .app()
        .pool()
        .query("UPDATE api_client SET active = true WHERE client_id = 'demo-corporatie'")
        .execute()
        .await();
  }

  @Test
  void keys_rotate_without_downtime_the_old_key_verifies_until_it_is_removed() {
    String signedWithOld = accessToken(server, "demo-school");
    String school = organisationOf("demo-school");
    DatabaseUrl db = server.database();
    Path rotated = keys(TestKeys.key("new", NEW, true), TestKeys.key("old", OLD, false));
    try (TestServer next =
        TestServer.on(db, Map.of("WIJKPORTAAL_CONFIG", rotated.toString()), Clock.systemUTC())) {
      assertThat(organisation(next, school, signedWithOld).statusCode())
          .as("old token still valid")
          .isEqualTo(200);
      String fresh = accessToken(next, "demo-school");
      JsonObject header =
          new JsonObject(
              new String(
                  Base64.getUrlDecoder().decode(fresh.split("\\.", -1)[0]),
                  StandardCharsets.UTF_8));
      assertThat(header.getString("kid")).isEqualTo("new");
    }
    Path onlyNew = keys(TestKeys.key("new", NEW, true));
    try (TestServer after =
        TestServer.on(db, Map.of("WIJKPORTAAL_CONFIG", onlyNew.toString()), Clock.systemUTC())) {
      assertThat(organisation(after, school, signedWithOld).statusCode())
          .as("old key removed")
          .isEqualTo(401);
    }
  }

  @Test
  void a_demo_installation_keeps_one_generated_key_that_all_its_nodes_share() {
    DatabaseUrl db = TestDatabase.fresh();
    try (TestServer one = TestServer.on(db, Map.of("WIJKPORTAAL_CONFIG", ""), Clock.systemUTC());
        TestServer two = TestServer.on(db, Map.of("WIJKPORTAAL_CONFIG", ""), Clock.systemUTC())) {
      String token = accessToken(one, "demo-huisarts");
      String huisarts =
          one.app()
              .pool()
              .preparedQuery(
                  "SELECT organisation_id FROM api_client WHERE client_id = 'demo-huisarts'")
              .execute()
              .await()
              .iterator()
              .next()
              .getUUID(0)
              .toString();
      assertThat(organisation(two, huisarts, token).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void token_issue_and_refusal_are_audited() {
    token(server, "demo-huisarts", Staff.PASSWORD);
    token(server, "demo-huisarts", "fout");
    long issued =
        server
            .app()
            .pool()
            .query(
                "SELECT count(*) FROM audit_log WHERE action = 'token.issued' AND actor_id = 'demo-huisarts'")
            .execute()
            .await()
            .iterator()
            .next()
            .getLong(0);
    long refused =
        server
            .app()
            .pool()
            .query("SELECT count(*) FROM audit_log WHERE action = 'token.refused'")
            .execute()
            .await()
            .iterator()
            .next()
            .getLong(0);
    assertThat(issued).isPositive();
    assertThat(refused).isPositive();
  }
}
