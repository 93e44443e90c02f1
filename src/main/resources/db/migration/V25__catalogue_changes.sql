-- The catalogue's change feed: per version, which offers it changed, so the resident's search
-- index (catalogue.SearchIndex) replaces just those offers instead of reading the whole catalogue
-- again. Every statement that changes offers, their locations or their provider still raises
-- catalogue_version.version by one (as in V24) and now also writes the offers it touched under
-- that version, in the same transaction: a node that sees version v sees every change up to v.
-- An offer_id NULL means "anything may have changed" (TRUNCATE): a node reads everything again.
-- Old changes are pruned (the retention job); kept_from says up to which version they are gone,
-- so a node further behind than that reads everything again.
CREATE TABLE catalogue_change (
    version    bigint      NOT NULL,
    offer_id   uuid,
    changed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX catalogue_change_version ON catalogue_change (version);

ALTER TABLE catalogue_version ADD COLUMN kept_from bigint NOT NULL DEFAULT 0;
-- Versions before this migration have no recorded changes.
UPDATE catalogue_version SET kept_from = version;

DROP TRIGGER offer_changed ON offer;
DROP TRIGGER offer_location_changed ON offer_location;
DROP TRIGGER provider_changed ON provider;

-- TRUNCATE: no rows to name.
CREATE OR REPLACE FUNCTION wp_catalogue_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    v bigint;
BEGIN
    UPDATE catalogue_version SET version = version + 1 RETURNING version INTO v;
    INSERT INTO catalogue_change (version, offer_id) VALUES (v, NULL);
    RETURN NULL;
END;
$$;

CREATE FUNCTION wp_offer_rows_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    v bigint;
BEGIN
    UPDATE catalogue_version SET version = version + 1 RETURNING version INTO v;
    INSERT INTO catalogue_change (version, offer_id) SELECT DISTINCT v, id FROM changed;
    RETURN NULL;
END;
$$;

CREATE FUNCTION wp_offer_location_rows_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    v bigint;
BEGIN
    UPDATE catalogue_version SET version = version + 1 RETURNING version INTO v;
    INSERT INTO catalogue_change (version, offer_id) SELECT DISTINCT v, offer_id FROM changed;
    RETURN NULL;
END;
$$;

CREATE FUNCTION wp_provider_rows_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    v bigint;
BEGIN
    UPDATE catalogue_version SET version = version + 1 RETURNING version INTO v;
    INSERT INTO catalogue_change (version, offer_id)
        SELECT DISTINCT v, o.id FROM offer o JOIN changed p ON o.provider_id = p.id;
    RETURN NULL;
END;
$$;

-- A trigger with transition tables takes one event each.
CREATE TRIGGER offer_inserted AFTER INSERT ON offer REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION wp_offer_rows_changed();
CREATE TRIGGER offer_updated AFTER UPDATE ON offer REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION wp_offer_rows_changed();
CREATE TRIGGER offer_deleted AFTER DELETE ON offer REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION wp_offer_rows_changed();
CREATE TRIGGER offer_truncated AFTER TRUNCATE ON offer
    FOR EACH STATEMENT EXECUTE FUNCTION wp_catalogue_changed();

CREATE TRIGGER offer_location_inserted AFTER INSERT ON offer_location REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION wp_offer_location_rows_changed();
CREATE TRIGGER offer_location_updated AFTER UPDATE ON offer_location REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION wp_offer_location_rows_changed();
CREATE TRIGGER offer_location_deleted AFTER DELETE ON offer_location REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION wp_offer_location_rows_changed();
CREATE TRIGGER offer_location_truncated AFTER TRUNCATE ON offer_location
    FOR EACH STATEMENT EXECUTE FUNCTION wp_catalogue_changed();

CREATE TRIGGER provider_inserted AFTER INSERT ON provider REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION wp_provider_rows_changed();
CREATE TRIGGER provider_updated AFTER UPDATE ON provider REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION wp_provider_rows_changed();
CREATE TRIGGER provider_deleted AFTER DELETE ON provider REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION wp_provider_rows_changed();
CREATE TRIGGER provider_truncated AFTER TRUNCATE ON provider
    FOR EACH STATEMENT EXECUTE FUNCTION wp_catalogue_changed();
