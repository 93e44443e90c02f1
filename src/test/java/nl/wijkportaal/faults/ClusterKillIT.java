package nl.wijkportaal.faults;

import static nl.wijkportaal.support.Await.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import nl.wijkportaal.platform.config.DatabaseUrl;
import nl.wijkportaal.support.Staff;
import nl.wijkportaal.support.TestDatabase;
import nl.wijkportaal.support.WebUser;
import org.junit.jupiter.api.Test;

/**
 * Two nodes from the packaged jar in a Hazelcast cluster on 127.0.0.1; one is killed with SIGKILL
 * (no shutdown, no goodbye to the cluster) while staff work the inbox. The worker's session goes on
 * at the other node, the claim they held stays theirs and nobody else's, and the scheduled jobs
 * still run, once.
 */
class ClusterKillIT {

  @Test
  void a_node_killed_hard_leaves_sessions_claims_and_scheduled_jobs_working_on_the_other()
      throws Exception {
    DatabaseUrl db = TestDatabase.fresh();
    Map<String, String> env = FaultNode.settings();
    env.put(
        "WIJKPORTAAL_DB_URL", "postgresql://postgres@127.0.0.1:" + db.port() + "/" + db.database());
    env.put("WIJKPORTAAL_CLUSTER", "true");
    env.put("WIJKPORTAAL_CLUSTER_NAME", "wijkportaal-kill-" + UUID.randomUUID());
    env.put("WIJKPORTAAL_JOBS_TICK_SECONDS", "2");
    try (JarNode one = JarNode.start("one", env);
        JarNode two = JarNode.start("two", env)) {
      String first = signal(one, "Kees Kill");
      String second = signal(one, "Lotte Kill");

      // Tessa works at node one: she picks up the first item.
      WebUser tessa = StaffAt.signIn(one.base(), "triage");
      assertThat(Staff.post(tessa, "/inbox/items/" + first + "/oppakken", Map.of()).statusCode())
          .isEqualTo(303);
      WebUser tessaAtTwo = sameSessionAt(tessa, two);
      assertThat(tessaAtTwo.get("/inbox").statusCode())
          .as("the session is the cluster's")
          .isEqualTo(200);

      // With both nodes up, a due job runs on one of them only.
      // (The first look after start ran every job once; now it is due again.)
      until("the first run after start", Duration.ofSeconds(20), () -> runs(one, two) >= 1);
      Thread.sleep(2_500);
      long before = runs(one, two);
      makeDue(db, "retention");
      until("the due job ran", Duration.ofSeconds(20), () -> runs(one, two) == before + 1);
      Thread.sleep(3_000); // at least one more tick of each node (every 2 s)
      assertThat(runs(one, two)).as("run once with two nodes").isEqualTo(before + 1);

      long killedAt = System.nanoTime();
      one.kill();

      // Tessa goes on at node two, still signed in, and her claim is still hers.
      HttpResponse<String> inbox = tessaAtTwo.get("/inbox");
      long resumedMillis = (System.nanoTime() - killedAt) / 1_000_000;
      assertThat(inbox.statusCode()).as(inbox.body()).isEqualTo(200);
      HttpResponse<String> item = tessaAtTwo.get("/inbox/items/" + first);
      assertThat(item.statusCode()).isEqualTo(200);
      assertThat(item.body()).contains("Tessa Jansen");
      grantTriage(db, "teamleider@demo.wijkportaal.nl");
      WebUser tom = StaffAt.signIn(two.base(), "teamleider");
      HttpResponse<String> taken = Staff.post(tom, "/inbox/items/" + first + "/oppakken", Map.of());
      assertThat(taken.statusCode()).as("the held claim stays Tessa's").isEqualTo(409);
      assertThat(taken.body()).contains("Tessa Jansen heeft dit item al opgepakt");
      assertThat(
              Staff.post(tessaAtTwo, "/inbox/items/" + second + "/oppakken", Map.of()).statusCode())
          .as("and she works on")
          .isEqualTo(303);
      assertThat(owner(db, first)).isEqualTo("Tessa Jansen");
      assertThat(owner(db, second)).isEqualTo("Tessa Jansen");

      // The jobs go on at node two, once.
      long beforeKillRuns = runs(one, two);
      makeDue(db, "retention");
      until(
          "the due job ran on the surviving node",
          Duration.ofSeconds(20),
          () -> runs(one, two) == beforeKillRuns + 1);
      Thread.sleep(3_000);
      assertThat(runs(one, two)).as("run once by the surviving node").isEqualTo(beforeKillRuns + 1);
      System.out.printf(
          "ClusterKillIT: after SIGKILL of node one, node two served the signed-in worker in %d ms%n",
          resumedMillis);
    }
  }

  private static long runs(JarNode one, JarNode two) {
    return one.count("Job retention:") + two.count("Job retention:");
  }

  private static String signal(JarNode node, String naam) {
    WebUser client = WebUser.at(node.base());
    HttpResponse<String> token =
        client.postForm(
            "/api/v1/token",
            Map.of(
                "grant_type",
                "client_credentials",
                "client_id",
                "demo-school",
                "client_secret",
                Staff.PASSWORD));
    assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
    JsonObject body =
        new JsonObject()
            .put(
                "betrokkene",
                new JsonObject()
                    .put("naam", naam)
                    .put("geboortedatum", "2012-02-02")
                    .put("postcode", "8011 AB")
                    .put("huisnummer", "7"))
            .put("leefgebieden", new JsonArray().add("school_verzuim"))
            .put("urgentie", "regulier")
            .put("omschrijving", "Mist veel lessen.")
            .put("betrokkeneGeinformeerd", true)
            .put("toestemming", "ja")
            .put("veiligheidszorg", false);
    HttpResponse<String> stored =
        client.postJson(
            "/api/v1/signalen",
            body.encode(),
            Map.of(
                "Authorization",
                "Bearer " + new JsonObject(token.body()).getString("access_token")));
    assertThat(stored.statusCode()).as(stored.body()).isEqualTo(201);
    return new JsonObject(stored.body()).getString("id");
  }

  /**
   * The same browser (its cookies) pointed at another node, as a balancer without stickiness would.
   */
  private static WebUser sameSessionAt(WebUser user, JarNode node) {
    WebUser moved = WebUser.at(node.base());
    for (String name : new String[] {"wijkportaal_sessie", "XSRF-TOKEN"}) {
      if (user.cookie(name) != null) {
        moved.cookie(name, user.cookie(name));
      }
    }
    return moved;
  }

  private static void makeDue(DatabaseUrl db, String job) throws Exception {
    execute(
        db,
        "UPDATE scheduled_job SET next_run_at = now() - interval '1 second' WHERE name = '"
            + job
            + "'");
  }

  private static void grantTriage(DatabaseUrl db, String email) throws Exception {
    execute(
        db,
        "INSERT INTO account_role (account_id, role) SELECT id, 'triage' FROM account WHERE email = '"
            + email
            + "' ON CONFLICT DO NOTHING");
  }

  private static String owner(DatabaseUrl db, String item) throws Exception {
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT a.name FROM inbox_item i JOIN account a ON a.id = i.owner_account_id WHERE i.id = '"
                    + item
                    + "'")) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static void execute(DatabaseUrl db, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
