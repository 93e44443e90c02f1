package nl.wijkportaal.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.Map;
import nl.wijkportaal.support.TestServer;
import nl.wijkportaal.support.WebUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a visitor or an API client sees when something is wrong: their language, never a stack
 * trace.
 */
class ErrorsAndApiTest {

  @RegisterExtension static final TestServer server = TestServer.perClass();

  @Test
  void an_unknown_page_shows_a_dutch_404_page_with_a_way_home() {
    HttpResponse<String> page = server.user().get("/bestaat-niet");
    assertThat(page.statusCode()).isEqualTo(404);
    assertThat(page.headers().firstValue("content-type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
    assertThat(page.body())
        .contains("<html lang=\"nl\">")
        .contains("Pagina niet gevonden")
        .contains("href=\"/\"")
        .doesNotContain("Exception");
  }

  @Test
  void an_english_visitor_gets_the_404_page_in_english() {
    HttpResponse<String> page =
        server.user().get("/does-not-exist", Map.of("Accept-Language", "en-GB,en;q=0.8"));
    assertThat(page.statusCode()).isEqualTo(404);
    assertThat(page.body()).contains("<html lang=\"en\">").contains("Page not found");
  }

  @Test
  void an_unknown_api_path_answers_problem_json() {
    HttpResponse<String> response = server.user().get("/api/v1/bestaat-niet");
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/problem+json");
    assertThat(response.headers().firstValue("API-Version")).hasValue("1.0.0");
    JsonObject problem = new JsonObject(response.body());
    assertThat(problem.getInteger("status")).isEqualTo(404);
    assertThat(problem.getString("title")).isNotBlank();
    assertThat(problem.getString("instance")).isEqualTo("/api/v1/bestaat-niet");
  }

  @Test
  void a_query_parameter_out_of_range_is_named_in_the_problem() {
    HttpResponse<String> response = server.user().get("/api/v1/openingstijden?dagen=99");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/problem+json");
    JsonObject error = new JsonObject(response.body()).getJsonArray("errors").getJsonObject(0);
    assertThat(error.getString("name")).isEqualTo("dagen");
    assertThat(error.getString("code")).isEqualTo("maximum");
    assertThat(error.getString("reason")).isEqualTo("Deze waarde is te groot.");
  }

  @Test
  void a_date_that_does_not_exist_is_a_400_in_english_for_an_english_client() {
    HttpResponse<String> response =
        server
            .user()
            .get("/api/v1/openingstijden?vanaf=2026-02-31", Map.of("Accept-Language", "en"));
    assertThat(response.statusCode()).isEqualTo(400);
    JsonObject problem = new JsonObject(response.body());
    assertThat(problem.getString("detail")).isEqualTo("Not all details were filled in correctly.");
    JsonObject error = problem.getJsonArray("errors").getJsonObject(0);
    assertThat(error.getString("name")).isEqualTo("vanaf");
    assertThat(error.getString("reason")).contains("2026-11-23");
  }

  @Test
  void a_body_over_the_limit_is_refused_with_413() {
    String big = "x".repeat(2 * 1024 * 1024);
    HttpResponse<String> response =
        server.user().postJson("/api/v1/gemeente", "\"" + big + "\"", Map.of());
    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/problem+json");
  }

  @Test
  void the_openapi_document_is_published_as_json_and_yaml_following_the_nlgov_rules() {
    WebUser client = server.user();
    HttpResponse<String> json = client.get("/api/v1/openapi.json");
    assertThat(json.statusCode()).isEqualTo(200);
    assertThat(json.headers().firstValue("API-Version")).hasValue("1.0.0");
    JsonObject doc = new JsonObject(json.body());
    assertThat(doc.getString("openapi")).startsWith("3.");
    assertThat(doc.getJsonObject("info").getJsonObject("contact").getString("email")).isNotBlank();
    assertThat(doc.getJsonObject("info").getString("version")).isEqualTo("1.0.0");
    assertThat(doc.getJsonArray("servers").getJsonObject(0).getString("url")).endsWith("/api/v1");
    for (String path : doc.getJsonObject("paths").fieldNames()) {
      assertThat(path).as("no trailing slash").doesNotEndWith("/");
      assertThat(path)
          .as("kebab-case segments")
          .matches("(/([a-z0-9]+(-[a-z0-9]+)*|\\{[a-zA-Z]+\\}))+");
    }
    assertThat(json.body()).contains("application/problem+json");

    HttpResponse<String> yaml = client.get("/api/v1/openapi.yaml");
    assertThat(yaml.statusCode()).isEqualTo(200);
    assertThat(yaml.body())
        .startsWith("openapi: 3.0.3")
        .contains("operationId: listOpeningstijden");
  }

  @Test
  void the_api_page_runs_swagger_ui_from_our_own_assets() {
    WebUser client = server.user();
    HttpResponse<String> page = client.get("/api/v1/docs");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body())
        .doesNotContain("http://")
        .doesNotContain("https://")
        .doesNotContain("<script>");
    for (String asset :
        new String[] {
          "/static/vendor/swagger-ui/swagger-ui-bundle.js",
          "/static/vendor/swagger-ui/swagger-ui.css",
          "/static/vendor/swagger-ui/swagger-ui-standalone-preset.js",
          "/static/js/swagger-init.js"
        }) {
      assertThat(page.body()).contains(asset);
      assertThat(client.get(asset).statusCode()).as(asset).isEqualTo(200);
    }
  }

  @Test
  void the_municipality_contact_data_is_public_json() {
    HttpResponse<String> response = server.user().get("/api/v1/gemeente");
    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject gemeente = new JsonObject(response.body());
    assertThat(gemeente.getString("naam")).isEqualTo("Gemeente Voorbeeldstad");
    assertThat(gemeente.getJsonArray("locaties")).hasSize(5);
    assertThat(gemeente.getJsonArray("crisisnummers").encode())
        .contains("112")
        .contains("0800-2000")
        .contains("0800-0113");
  }

  @Test
  void opening_hours_include_the_municipalitys_exceptions() {
    HttpResponse<String> response =
        server.user().get("/api/v1/openingstijden?vanaf=2026-12-24&dagen=2");
    JsonObject list = new JsonObject(response.body());
    assertThat(list.getInteger("totaal")).isEqualTo(2);
    JsonObject eve = list.getJsonArray("resultaten").getJsonObject(0);
    assertThat(eve.getString("tot")).isEqualTo("13:00");
    assertThat(eve.getString("toelichting")).isEqualTo("Kerstavond");
    JsonObject christmas = list.getJsonArray("resultaten").getJsonObject(1);
    assertThat(christmas.getBoolean("gesloten")).isTrue();
  }
}
