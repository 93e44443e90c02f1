-- Sturing: one narrow row per item that counts in the KPIs (not a complaint, not merged away),
-- with what the dashboard groups and measures by: the wijk it counts for, kanaal, urgentie,
-- vindplek, gevonden via, leefgebieden, state, holder, deadline, the moments of receipt, first
-- reaction, first contact, support started and closing, and the route at closing. The dashboard
-- reads this table instead of inbox_item and its history: a year of 200,000 items is one scan of a
-- few MB per KPI, with no join (measured: BENCHMARKS.md, README Performance).
--
-- inbox_item stays the source: statement triggers keep this table in the same transaction as every
-- insert or update of items (the intake, inbox.ItemChanges, the demo generator, retention), and the
-- first-reaction trigger of V21 keeps its moment here too.
CREATE TABLE insight_item_fact (
    item_id            uuid        PRIMARY KEY REFERENCES inbox_item (id) ON DELETE CASCADE,
    received_at        timestamptz NOT NULL,
    -- The wijkteam the item counts for (the scope of a teamleider): its owner team, else its wijk.
    team               text,
    -- The inflow per wijk: the team, else buiten_gemeente or onbekend.
    wijk               text        NOT NULL,
    kanaal             text        NOT NULL,
    urgentie           text        NOT NULL,
    -- Signals only: the kind of organisation (overig when unknown); null for other kanalen.
    vindplek           text,
    -- Aanmeldingen only: how the resident found us (onbekend when not said); null otherwise.
    gevonden           text,
    leefgebieden       text[]      NOT NULL,
    state              text        NOT NULL,
    owner_account_id   uuid,
    due_at             timestamptz NOT NULL,
    reacted_at         timestamptz,
    first_contact_at   timestamptz,
    support_started_at timestamptz,
    closed_at          timestamptz,
    route              text
);
-- A period's receipts, first contacts and closings; the open items now (werkvoorraad).
CREATE INDEX insight_item_fact_received ON insight_item_fact (received_at);
CREATE INDEX insight_item_fact_contact ON insight_item_fact (first_contact_at) WHERE first_contact_at IS NOT NULL;
CREATE INDEX insight_item_fact_closed ON insight_item_fact (closed_at) WHERE state = 'afgesloten';
-- The four duration KPIs group by kanaal and urgentie: this index holds every fact in that order with
-- the columns they read, so PostgreSQL reads it instead of the table and skips the sort of the year
-- (V22 did so on inbox_item and halved those queries).
CREATE INDEX insight_item_fact_kpi ON insight_item_fact (kanaal, urgentie)
    INCLUDE (received_at, reacted_at, first_contact_at, support_started_at, closed_at, due_at, state, team);
CREATE INDEX insight_item_fact_open ON insight_item_fact (team)
    WHERE state IN ('nieuw', 'in_behandeling', 'wacht_op_informatie', 'contact_gelegd', 'doorgezet', 'heropend');

-- The facts of the items in new_items (a transition table) that count, written or rewritten.
CREATE FUNCTION insight_keep_facts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        DELETE FROM insight_item_fact f USING new_items n
         WHERE f.item_id = n.id AND (n.kanaal = 'klacht' OR n.state = 'samengevoegd');
    END IF;
    INSERT INTO insight_item_fact AS f (item_id, received_at, team, wijk, kanaal, urgentie, vindplek, gevonden, leefgebieden,
                                        state, owner_account_id, due_at, reacted_at, first_contact_at, support_started_at,
                                        closed_at, route)
    SELECT n.id, n.received_at, COALESCE(n.owner_wijkteam, n.wijk),
           COALESCE(n.owner_wijkteam, n.wijk, CASE WHEN n.buiten_gemeente THEN 'buiten_gemeente' ELSE 'onbekend' END),
           n.kanaal, n.urgentie,
           CASE WHEN n.kanaal = 'signaal' THEN COALESCE(n.vindplek, 'overig') END,
           CASE WHEN n.kanaal = 'aanmelding' THEN COALESCE(n.gevonden_via, 'onbekend') END,
           n.leefgebieden, n.state, n.owner_account_id, n.due_at, r.reacted_at, n.first_contact_at,
           n.support_started_at, n.closed_at, n.route
      FROM new_items n LEFT JOIN insight_first_reaction r ON r.item_id = n.id
     WHERE n.kanaal <> 'klacht' AND n.state <> 'samengevoegd'
    ON CONFLICT (item_id) DO UPDATE SET
        received_at = EXCLUDED.received_at, team = EXCLUDED.team, wijk = EXCLUDED.wijk, kanaal = EXCLUDED.kanaal,
        urgentie = EXCLUDED.urgentie, vindplek = EXCLUDED.vindplek, gevonden = EXCLUDED.gevonden,
        leefgebieden = EXCLUDED.leefgebieden, state = EXCLUDED.state, owner_account_id = EXCLUDED.owner_account_id,
        due_at = EXCLUDED.due_at, reacted_at = EXCLUDED.reacted_at, first_contact_at = EXCLUDED.first_contact_at,
        support_started_at = EXCLUDED.support_started_at, closed_at = EXCLUDED.closed_at, route = EXCLUDED.route
    WHERE (f.received_at, f.team, f.wijk, f.kanaal, f.urgentie, f.vindplek, f.gevonden, f.leefgebieden, f.state,
           f.owner_account_id, f.due_at, f.reacted_at, f.first_contact_at, f.support_started_at, f.closed_at, f.route)
          IS DISTINCT FROM
          (EXCLUDED.received_at, EXCLUDED.team, EXCLUDED.wijk, EXCLUDED.kanaal, EXCLUDED.urgentie, EXCLUDED.vindplek,
           EXCLUDED.gevonden, EXCLUDED.leefgebieden, EXCLUDED.state, EXCLUDED.owner_account_id, EXCLUDED.due_at,
           EXCLUDED.reacted_at, EXCLUDED.first_contact_at, EXCLUDED.support_started_at, EXCLUDED.closed_at, EXCLUDED.route);
    RETURN NULL;
END
$$;

CREATE TRIGGER inbox_item_fact_insert AFTER INSERT ON inbox_item
    REFERENCING NEW TABLE AS new_items FOR EACH STATEMENT EXECUTE FUNCTION insight_keep_facts();
CREATE TRIGGER inbox_item_fact_update AFTER UPDATE ON inbox_item
    REFERENCING NEW TABLE AS new_items FOR EACH STATEMENT EXECUTE FUNCTION insight_keep_facts();

-- The first reaction (V21) also lands on the item's facts.
CREATE OR REPLACE FUNCTION insight_note_reaction() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO insight_first_reaction (item_id, reacted_at) VALUES (NEW.item_id, NEW.occurred_at)
    ON CONFLICT (item_id) DO UPDATE SET reacted_at = LEAST(insight_first_reaction.reacted_at, EXCLUDED.reacted_at);
    UPDATE insight_item_fact SET reacted_at = NEW.occurred_at
     WHERE item_id = NEW.item_id AND (reacted_at IS NULL OR reacted_at > NEW.occurred_at);
    RETURN NULL;
END
$$;

-- Every item there is today.
INSERT INTO insight_item_fact (item_id, received_at, team, wijk, kanaal, urgentie, vindplek, gevonden, leefgebieden, state,
                               owner_account_id, due_at, reacted_at, first_contact_at, support_started_at, closed_at, route)
SELECT n.id, n.received_at, COALESCE(n.owner_wijkteam, n.wijk),
       COALESCE(n.owner_wijkteam, n.wijk, CASE WHEN n.buiten_gemeente THEN 'buiten_gemeente' ELSE 'onbekend' END),
       n.kanaal, n.urgentie,
       CASE WHEN n.kanaal = 'signaal' THEN COALESCE(n.vindplek, 'overig') END,
       CASE WHEN n.kanaal = 'aanmelding' THEN COALESCE(n.gevonden_via, 'onbekend') END,
       n.leefgebieden, n.state, n.owner_account_id, n.due_at, r.reacted_at, n.first_contact_at,
       n.support_started_at, n.closed_at, n.route
  FROM inbox_item n LEFT JOIN insight_first_reaction r ON r.item_id = n.id
 WHERE n.kanaal <> 'klacht' AND n.state <> 'samengevoegd';

-- The covering index of V22 served the dashboard's reads of inbox_item, which it no longer makes
-- (insight_item_fact_kpi above took its place).
DROP INDEX inbox_item_kpi;

-- The figures' version: it moves with every change to the items, their facts and the experience
-- answers, so the dashboard may keep what it computed for a period until the next change (and
-- for a minute at most: Sturing). A sequence, so writers never wait for each other on it.
CREATE SEQUENCE insight_version;

CREATE FUNCTION insight_next_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM nextval('insight_version');
    RETURN NULL;
END
$$;

CREATE TRIGGER inbox_item_version AFTER INSERT OR UPDATE OR DELETE ON inbox_item
    FOR EACH STATEMENT EXECUTE FUNCTION insight_next_version();
CREATE TRIGGER insight_item_fact_version AFTER INSERT OR UPDATE OR DELETE ON insight_item_fact
    FOR EACH STATEMENT EXECUTE FUNCTION insight_next_version();
CREATE TRIGGER client_experience_version AFTER INSERT OR UPDATE OR DELETE ON client_experience
    FOR EACH STATEMENT EXECUTE FUNCTION insight_next_version();

-- The chat's figures have their own version (a busy chat must not make the item figures be
-- computed again).
CREATE SEQUENCE insight_chat_version;

CREATE FUNCTION insight_next_chat_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM nextval('insight_chat_version');
    RETURN NULL;
END
$$;

CREATE TRIGGER chat_conversation_version AFTER INSERT OR UPDATE OR DELETE ON chat_conversation
    FOR EACH STATEMENT EXECUTE FUNCTION insight_next_chat_version();
