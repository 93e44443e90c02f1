-- The inbox: every aanmelding, zorgsignaal, chat follow-up and staff registration becomes one
-- inbox item. What the KPIs need (inbox_item) is kept apart from the resident's personal data
-- (inbox_item_person, inbox_item_addition), so retention can anonymise the one and keep the
-- counts of the other.

-- Postcode → wijk: a four-digit area ("8011") or a full postcode ("8011AB") for a street that
-- lies in another wijk than its area; the full postcode wins. Edited by the beheerder.
CREATE TABLE postcode_wijk (
    postcode text PRIMARY KEY CHECK (postcode ~ '^[1-9][0-9]{3}([A-Z]{2})?$'),
    wijk     text NOT NULL REFERENCES wijkteam (code)
);

CREATE TABLE inbox_item (
    id                      uuid PRIMARY KEY,
    -- The human reference residents and melders quote on the phone: A-7K4M-2Q.
    referentie              text        NOT NULL UNIQUE,
    kanaal                  text        NOT NULL CHECK (kanaal IN ('aanmelding', 'signaal', 'chat', 'telefoon', 'balie', 'huisbezoek')),
    -- The kind of organisation that signalled it (the vindplek), for the findability KPI.
    vindplek                text        CHECK (vindplek IN ('school', 'huisarts', 'woningcorporatie', 'politie', 'kinderopvang',
                                                            'jeugdgezondheidszorg', 'welzijn', 'overig')),
    organisation_id         uuid        REFERENCES organisation (id),
    submitted_by_account    uuid        REFERENCES account (id),
    submitted_by_client     text,
    received_at             timestamptz NOT NULL,
    -- The wijk of the postcode, or buiten_gemeente when the postcode is not ours (triage sees those).
    wijk                    text        REFERENCES wijkteam (code),
    buiten_gemeente         boolean     NOT NULL DEFAULT false,
    leefgebieden            text[]      NOT NULL,
    urgentie                text        NOT NULL CHECK (urgentie IN ('regulier', 'spoed', 'crisis')),
    toestemming             text        CHECK (toestemming IN ('ja', 'nee', 'niet_gevraagd')),
    betrokkene_geinformeerd boolean,
    veiligheidszorg         boolean     NOT NULL DEFAULT false,
    voor_wie                text        CHECK (voor_wie IN ('zelf', 'ander')),
    -- How the resident found us (aanmelding), for the findability KPI.
    gevonden_via            text,
    -- The privacy statement the resident agreed to, and when (AVG: a recorded legal basis).
    toestemming_tekst_versie text,
    toestemming_gegeven_at  timestamptz,
    -- The language the resident or melder used, for the mails about this item.
    taal                    text        NOT NULL DEFAULT 'nl' CHECK (taal IN ('nl', 'en')),
    state                   text        NOT NULL DEFAULT 'nieuw'
                                        CHECK (state IN ('nieuw', 'in_behandeling', 'wacht_op_informatie', 'contact_gelegd', 'doorgezet',
                                                         'afgesloten', 'ingetrokken', 'samengevoegd', 'heropend')),
    -- Regie: a named worker once claimed; until then the triage team (both NULL) or a wijkteam.
    owner_account_id        uuid        REFERENCES account (id),
    owner_wijkteam          text        REFERENCES wijkteam (code),
    due_at                  timestamptz NOT NULL,
    first_contact_at        timestamptz,
    support_started_at      timestamptz,
    closed_at               timestamptz,
    route                   text        CHECK (route IN ('informatie_advies', 'sociale_basis', 'swt_ondersteuning', 'maatwerk_specialist',
                                                         'veiligheid', 'geen_actie')),
    merged_into             uuid        REFERENCES inbox_item (id),
    -- SHA-256 of the resident's private status link; the link itself exists only in the receipt.
    status_token_hash       text        UNIQUE,
    updated_at              timestamptz NOT NULL,
    version                 integer     NOT NULL DEFAULT 0,
    CHECK (NOT (buiten_gemeente AND wijk IS NOT NULL)),
    CHECK (cardinality(leefgebieden) > 0)
);
CREATE INDEX inbox_item_state_due ON inbox_item (state, due_at);
CREATE INDEX inbox_item_organisation ON inbox_item (organisation_id, received_at DESC) WHERE organisation_id IS NOT NULL;
CREATE INDEX inbox_item_owner ON inbox_item (owner_account_id) WHERE owner_account_id IS NOT NULL;

-- The personal data of one item: the submission as it came in, and the keys that find an
-- earlier item about the same person or household. Anonymised by retention.
CREATE TABLE inbox_item_person (
    item_id        uuid PRIMARY KEY REFERENCES inbox_item (id),
    inhoud         jsonb       NOT NULL,
    -- Normalised full name (lower case, no accents, single spaces).
    naam_sleutel   text,
    geboortedatum  date,
    -- Normalised postcode and house number: 8011AB|12A.
    adres_sleutel  text,
    -- Where state mails go: the resident (aanmelding) and the melder (signal).
    bewoner_email  text,
    melder_email   text,
    anonymised_at  timestamptz
);
CREATE INDEX inbox_item_person_address ON inbox_item_person (adres_sleutel, geboortedatum) WHERE adres_sleutel IS NOT NULL;
CREATE INDEX inbox_item_person_name ON inbox_item_person (naam_sleutel, geboortedatum) WHERE naam_sleutel IS NOT NULL;

-- What the resident or the melder added after submitting.
CREATE TABLE inbox_item_addition (
    id         bigserial PRIMARY KEY,
    item_id    uuid        NOT NULL REFERENCES inbox_item (id),
    added_at   timestamptz NOT NULL,
    door       text        NOT NULL CHECK (door IN ('bewoner', 'melder')),
    account_id uuid        REFERENCES account (id),
    client_id  text,
    tekst      text        NOT NULL
);
CREATE INDEX inbox_item_addition_item ON inbox_item_addition (item_id, added_at);

-- The item's history: one row per change, without content (the audit log holds who read what).
CREATE TABLE inbox_item_event (
    id          bigserial PRIMARY KEY,
    item_id     uuid        NOT NULL REFERENCES inbox_item (id),
    occurred_at timestamptz NOT NULL,
    kind        text        NOT NULL,
    from_state  text,
    to_state    text,
    actor_type  text        NOT NULL,
    actor_id    text,
    actor_name  text
);
CREATE INDEX inbox_item_event_item ON inbox_item_event (item_id, occurred_at);

-- A new item about a person or household that already has an open item: triage decides.
CREATE TABLE inbox_match (
    item_id       uuid        NOT NULL REFERENCES inbox_item (id),
    other_item_id uuid        NOT NULL REFERENCES inbox_item (id),
    reason        text        NOT NULL CHECK (reason IN ('adres_geboortedatum', 'naam_geboortedatum')),
    status        text        NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'gekoppeld', 'afgewezen')),
    found_at      timestamptz NOT NULL,
    decided_at    timestamptz,
    decided_by    uuid        REFERENCES account (id),
    PRIMARY KEY (item_id, other_item_id)
);

-- A partner system's Idempotency-Key, kept 24 hours: a retry returns the first answer.
CREATE TABLE idempotency_record (
    client_id    text        NOT NULL,
    idem_key     text        NOT NULL,
    request_hash text        NOT NULL,
    item_id      uuid        NOT NULL REFERENCES inbox_item (id),
    response     jsonb       NOT NULL,
    created_at   timestamptz NOT NULL,
    PRIMARY KEY (client_id, idem_key)
);
CREATE INDEX idempotency_record_created ON idempotency_record (created_at);
