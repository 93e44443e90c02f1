package nl.wijkportaal.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/**
 * An inzage export tells the person what is held about them, not who told it or who asked for them.
 */
class PersonRequestsTest {

  @Test
  void
      the_melder_and_a_helper_who_asked_on_someones_behalf_are_left_out_of_the_export_and_it_says_so() {
    JsonObject signal =
        new JsonObject()
            .put("betrokkene", new JsonObject().put("naam", "Daan"))
            .put("omschrijving", "Zorgen over thuis")
            .put("melder", new JsonObject().put("naam", "Inge Bakker").put("telefoon", "038-1"));
    JsonObject exported = PersonRequests.withoutOthers(signal);
    assertThat(exported.encode())
        .contains("Zorgen over thuis")
        .contains("Daan")
        .doesNotContain("Inge")
        .doesNotContain("038-1");
    assertThat(exported.getJsonArray("weggelatenGegevensVanAnderen").getList())
        .containsExactly("melder");

    JsonObject forANeighbour =
        new JsonObject()
            .put("voorWie", "ander")
            .put("vraag", "Hulp voor mijn buurman")
            .put(
                "contact",
                new JsonObject().put("naam", "Buurvrouw Els").put("email", "els@example.org"));
    assertThat(PersonRequests.withoutOthers(forANeighbour).encode())
        .contains("Hulp voor mijn buurman")
        .doesNotContain("Els");

    JsonObject forMyself =
        new JsonObject()
            .put("voorWie", "zelf")
            .put("contact", new JsonObject().put("email", "ik@example.org"));
    assertThat(PersonRequests.withoutOthers(forMyself).encode())
        .as("one's own contact details stay")
        .contains("ik@example.org");
    assertThat(signal.getJsonObject("melder")).as("the stored submission is untouched").isNotNull();
  }
}
