-- The catalogue's version: one number, raised by every change to an offer, its locations or its
-- provider, whoever makes it (an editor on any node, an import, a tool). The resident's search
-- keeps the published catalogue in memory and reads only this row to know whether its copy is
-- still current (catalogue.SearchIndex).
CREATE TABLE catalogue_version (
    id      boolean PRIMARY KEY DEFAULT true CHECK (id),
    version bigint  NOT NULL
);
INSERT INTO catalogue_version (version) VALUES (1);

CREATE FUNCTION wp_catalogue_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE catalogue_version SET version = version + 1;
    RETURN NULL;
END;
$$;

CREATE TRIGGER offer_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON offer
    FOR EACH STATEMENT EXECUTE FUNCTION wp_catalogue_changed();
CREATE TRIGGER offer_location_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON offer_location
    FOR EACH STATEMENT EXECUTE FUNCTION wp_catalogue_changed();
CREATE TRIGGER provider_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON provider
    FOR EACH STATEMENT EXECUTE FUNCTION wp_catalogue_changed();
