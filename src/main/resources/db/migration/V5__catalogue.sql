-- The sociale-basis catalogue: offers (aanbod) of local providers, searchable by residents.

-- unaccent() is only STABLE (it reads its dictionary), so it cannot feed a generated column
-- or an index; this wrapper names the dictionary explicitly, which makes it safe to call
-- IMMUTABLE (the usual PostgreSQL idiom).
CREATE FUNCTION wp_unaccent(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$;

CREATE TABLE provider (
    id         uuid PRIMARY KEY,
    name       text        NOT NULL,
    website    text,
    phone      text,
    email      text,
    created_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX provider_name_unique ON provider (lower(name));

CREATE TABLE offer (
    id              uuid PRIMARY KEY,
    slug            text        NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    status          text        NOT NULL CHECK (status IN ('concept', 'gepubliceerd', 'gearchiveerd')),
    title           text        NOT NULL,
    summary         text        NOT NULL,
    description     text        NOT NULL,
    title_en        text,
    summary_en      text,
    description_en  text,
    provider_id     uuid        NOT NULL REFERENCES provider (id),
    leefgebieden    text[]      NOT NULL,
    doelgroepen     text[]      NOT NULL,
    age_min         integer CHECK (age_min BETWEEN 0 AND 120),
    age_max         integer CHECK (age_max BETWEEN 0 AND 120),
    niveau          text        NOT NULL CHECK (niveau IN ('universeel', 'selectief', 'geindiceerd')),
    whole_city      boolean     NOT NULL,
    wijken          text[]      NOT NULL,
    cost_free       boolean     NOT NULL,
    cost_text       text,
    join_how        text        NOT NULL CHECK (join_how IN ('zelf_aanmelden', 'via_verwijzing')),
    languages       text[]      NOT NULL,
    accessibility   text,
    contact_phone   text,
    contact_email   text,
    website         text,
    last_checked_at timestamptz NOT NULL,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    version         integer     NOT NULL DEFAULT 0,
    -- Dutch stemming over accent-free text, title weighing most.
    search_vector   tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('dutch', wp_unaccent(coalesce(title, ''))), 'A') ||
        setweight(to_tsvector('dutch', wp_unaccent(coalesce(summary, ''))), 'B') ||
        setweight(to_tsvector('dutch', wp_unaccent(coalesce(description, ''))), 'C')) STORED,
    -- The words residents see first, accent-free and lower case, for typo-tolerant matching.
    search_text     text GENERATED ALWAYS AS (lower(wp_unaccent(title || ' ' || summary))) STORED,
    CHECK (age_max IS NULL OR age_min IS NULL OR age_max >= age_min)
);
CREATE INDEX offer_search_vector ON offer USING gin (search_vector);
CREATE INDEX offer_search_text ON offer USING gin (search_text gin_trgm_ops);
CREATE INDEX offer_leefgebieden ON offer USING gin (leefgebieden);
CREATE INDEX offer_status ON offer (status);

CREATE TABLE offer_location (
    id        uuid PRIMARY KEY,
    offer_id  uuid    NOT NULL REFERENCES offer (id) ON DELETE CASCADE,
    position  integer NOT NULL,
    name      text    NOT NULL,
    address   text,
    postcode  text,
    city      text,
    wijk      text,
    -- {"tuesday": ["09:30-11:30"], ...}: weekly hours or walk-in times (inloopspreekuur)
    hours     jsonb   NOT NULL DEFAULT '{}',
    note      text
);
CREATE INDEX offer_location_offer ON offer_location (offer_id);

-- Every change of an offer, with the whole offer as it became (who, when, what).
CREATE TABLE offer_history (
    id          bigserial PRIMARY KEY,
    offer_id    uuid        NOT NULL REFERENCES offer (id) ON DELETE CASCADE,
    version     integer     NOT NULL,
    action      text        NOT NULL,
    changed_at  timestamptz NOT NULL,
    changed_by  text        NOT NULL,
    snapshot    jsonb       NOT NULL
);
CREATE INDEX offer_history_offer ON offer_history (offer_id, id DESC);

-- Words that mean the same to a resident ("schulden", "geldzorgen"); editors keep the list,
-- the application expands a search with it (PostgreSQL's own synonym files cannot be edited
-- at run time nor on a managed database).
CREATE TABLE synonym_group (
    id         uuid PRIMARY KEY,
    terms      text[]      NOT NULL CHECK (cardinality(terms) >= 2),
    updated_at timestamptz NOT NULL
);
CREATE INDEX synonym_group_terms ON synonym_group USING gin (terms);

-- What residents searched for, normalised (no digits, no e-mail-like tokens) so that no name
-- or address is kept; shown to editors only when at least 5 searches used the same words.
CREATE TABLE search_log (
    id          bigserial PRIMARY KEY,
    query       text        NOT NULL,
    results     integer     NOT NULL,
    searched_at timestamptz NOT NULL
);
CREATE INDEX search_log_query ON search_log (query);
CREATE INDEX search_log_time ON search_log (searched_at);
