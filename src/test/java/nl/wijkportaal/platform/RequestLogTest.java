package nl.wijkportaal.platform;

import static org.assertj.core.api.Assertions.assertThat;

import nl.wijkportaal.platform.http.RequestLog;
import org.junit.jupiter.api.Test;

/** Whoever reads the access log must not be able to open a resident's status link from it. */
class RequestLogTest {

  @Test
  void a_status_link_token_is_left_out_of_the_logged_path_and_ids_stay() {
    String token = "q3Z8x_Ab-9kLmN0pQrStUvWxYz0123456789ABCDEFG";
    assertThat(RequestLog.loggable("/aanmelden/status/" + token))
        .isEqualTo("/aanmelden/status/[token]");
    assertThat(RequestLog.loggable("/aanmelden/status/" + token + "/aanvullen"))
        .isEqualTo("/aanmelden/status/[token]/aanvullen");
    assertThat(RequestLog.loggable("/inbox/items/6f1c2a34-9b1e-4c1d-8e8f-0a1b2c3d4e5f"))
        .isEqualTo("/inbox/items/6f1c2a34-9b1e-4c1d-8e8f-0a1b2c3d4e5f");
    assertThat(RequestLog.loggable("/aanbod/taalcafe-de-brug"))
        .isEqualTo("/aanbod/taalcafe-de-brug");
  }

  @Test
  void a_new_request_id_is_a_random_uuid() {
    java.util.Set<String> ids = new java.util.HashSet<>();
    for (int i = 0; i < 1000; i++) {
      String id = RequestLog.newId();
      java.util.UUID uuid = java.util.UUID.fromString(id);
      assertThat(uuid.version()).isEqualTo(4);
      assertThat(uuid.variant()).isEqualTo(2);
      assertThat(uuid.toString()).isEqualTo(id);
      ids.add(id);
    }
    assertThat(ids).hasSize(1000);
  }
}
