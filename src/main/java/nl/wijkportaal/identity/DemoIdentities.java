package nl.wijkportaal.identity;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The demo municipality's people: five wijkteams, an SWT account for every role, melders at a
 * school, a GP practice and a housing corporation, and an API client per partner. All share one
 * password and one TOTP secret from the settings (README). Loaded only where demo data is; adding
 * what is missing, never duplicating, so a restart changes nothing.
 */
public final class DemoIdentities {

  public static final String DOMAIN = "demo.wijkportaal.nl";
  static final List<String[]> WIJKTEAMS =
      List.of(
          new String[] {"midden", "Wijkteam Midden"},
          new String[] {"noord", "Wijkteam Noord"},
          new String[] {"oost", "Wijkteam Oost"},
          new String[] {"zuid", "Wijkteam Zuid"},
          new String[] {"west", "Wijkteam West"});

  private record Person(
      String login, String name, String organisation, Set<Role> roles, List<String> wijkteams) {}

  private record Partner(
      String name, OrganisationKind kind, String login, String melder, String clientId) {}

  private static final String SWT = "Sociaal Wijkteam Voorbeeldstad";
  private static final List<String> ALL_WIJKTEAMS = WIJKTEAMS.stream().map(w -> w[0]).toList();
  private static final List<Partner> PARTNERS =
      List.of(
          new Partner(
              "OBS De Regenboog",
              OrganisationKind.SCHOOL,
              "school",
              "Inge Bakker (intern begeleider)",
              "demo-school"),
          new Partner(
              "Huisartsenpraktijk Het Plein",
              OrganisationKind.HUISARTS,
              "huisarts",
              "Samira El Amrani (POH-GGZ)",
              "demo-huisarts"),
          new Partner(
              "Woonstichting De Linie",
              OrganisationKind.WONINGCORPORATIE,
              "corporatie",
              "Peter de Vries (huismeester)",
              "demo-corporatie"));
  private static final List<Person> STAFF =
      List.of(
          new Person("triage", "Tessa Jansen", SWT, EnumSet.of(Role.TRIAGE), ALL_WIJKTEAMS),
          new Person("chat", "Chris Mulder", SWT, EnumSet.of(Role.CHAT), ALL_WIJKTEAMS),
          new Person("teamleider", "Tom de Boer", SWT, EnumSet.of(Role.TEAMLEIDER), ALL_WIJKTEAMS),
          new Person("redacteur", "Rosa Visser", SWT, EnumSet.of(Role.REDACTEUR), List.of()),
          new Person("beheerder", "Bart Smit", SWT, EnumSet.of(Role.BEHEERDER), List.of()));

  private final IdentityRepository repository;
  private final Passwords passwords;
  private final Clock clock;

  public DemoIdentities(IdentityRepository repository, Passwords passwords, Clock clock) {
    this.repository = repository;
    this.passwords = passwords;
    this.clock = clock;
  }

  public Future<Void> load(String password, String totpSecret) {
    return passwords
        .hash(password)
        .compose(
            hash ->
                repository
                    .pool()
                    .withTransaction(
                        tx -> {
                          Future<Void> chain = Future.succeededFuture();
                          for (String[] w : WIJKTEAMS) {
                            chain = chain.compose(v -> repository.upsertWijkteam(tx, w[0], w[1]));
                          }
                          chain =
                              chain
                                  .compose(v -> organisation(tx, SWT, OrganisationKind.SWT))
                                  // The municipality's BI reads the steering figures
                                  // (/api/v1/sturing).
                                  .compose(
                                      org ->
                                          repository.insertApiClient(
                                              tx,
                                              new ApiClient(
                                                  UUID.randomUUID(),
                                                  "demo-gemeente-bi",
                                                  org,
                                                  "Demo-koppeling BI van de gemeente",
                                                  hash,
                                                  AdminService.SWT_SCOPES,
                                                  true,
                                                  0),
                                              clock.instant()))
                                  .mapEmpty();
                          List<Person> people = new ArrayList<>(STAFF);
                          for (Partner p : PARTNERS) {
                            people.add(
                                new Person(
                                    p.login(),
                                    p.melder(),
                                    p.name(),
                                    EnumSet.of(Role.MELDER),
                                    List.of()));
                            chain =
                                chain
                                    .compose(v -> organisation(tx, p.name(), p.kind()))
                                    .compose(
                                        org ->
                                            repository.insertApiClient(
                                                tx,
                                                new ApiClient(
                                                    UUID.randomUUID(),
                                                    p.clientId(),
                                                    org,
                                                    "Demo-koppeling " + p.name(),
                                                    hash,
                                                    AdminService.SCOPES,
                                                    true,
                                                    0),
                                                clock.instant()))
                                    .mapEmpty();
                          }
                          for (Person person : people) {
                            chain = chain.compose(v -> person(tx, person, hash, totpSecret));
                          }
                          return chain;
                        }));
  }

  private Future<UUID> organisation(SqlClient tx, String name, OrganisationKind kind) {
    return repository
        .insertOrganisation(tx, UUID.randomUUID(), name, kind, clock.instant())
        .compose(v -> organisationId(tx, name));
  }

  private static Future<UUID> organisationId(SqlClient tx, String name) {
    return tx.preparedQuery("SELECT id FROM organisation WHERE lower(name) = lower($1)")
        .execute(Tuple.of(name))
        .map(rows -> rows.iterator().next().getUUID(0));
  }

  private Future<Void> person(SqlClient tx, Person person, String hash, String totpSecret) {
    String email = person.login() + "@" + DOMAIN;
    return tx.preparedQuery("SELECT 1 FROM account WHERE lower(email) = $1")
        .execute(Tuple.of(email))
        .compose(
            rows -> {
              if (rows.size() > 0) {
                return Future.succeededFuture();
              }
              UUID id = UUID.randomUUID();
              return organisationId(tx, person.organisation())
                  .compose(
                      org ->
                          repository.insertAccount(
                              tx, id, org, email, person.name(), clock.instant()))
                  .compose(
                      v ->
                          repository.setRolesAndWijkteams(
                              tx, id, person.roles(), person.wijkteams()))
                  .compose(v -> repository.setPassword(tx, id, hash))
                  .compose(v -> repository.setTotpSecret(tx, id, totpSecret));
            });
  }
}
