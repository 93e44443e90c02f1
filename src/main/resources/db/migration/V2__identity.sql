-- Identity: who signs in and what they may do. Residents have no account.

CREATE TABLE organisation (
    id         uuid PRIMARY KEY,
    name       text        NOT NULL,
    kind       text        NOT NULL CHECK (kind IN ('swt', 'school', 'huisarts', 'woningcorporatie', 'politie',
                                                    'kinderopvang', 'jeugdgezondheidszorg', 'welzijn', 'overig')),
    active     boolean     NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL,
    version    integer     NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX organisation_name_unique ON organisation (lower(name));

-- The SWT's area teams (midden, noord, ...): staff belong to one or more, items to one.
CREATE TABLE wijkteam (
    code text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_]*$'),
    name text NOT NULL
);

CREATE TABLE account (
    id                  uuid PRIMARY KEY,
    organisation_id     uuid        NOT NULL REFERENCES organisation (id),
    email               text        NOT NULL,
    name                text        NOT NULL,
    password_hash       text,
    totp_secret         text,
    totp_pending_secret text,
    -- The last TOTP time step accepted: a code of that step or earlier is never accepted again.
    totp_last_step      bigint      NOT NULL DEFAULT 0,
    active              boolean     NOT NULL DEFAULT true,
    last_login_at       timestamptz,
    created_at          timestamptz NOT NULL,
    version             integer     NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX account_email_unique ON account (lower(email));
CREATE INDEX account_organisation ON account (organisation_id);

CREATE TABLE account_role (
    account_id uuid NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    role       text NOT NULL CHECK (role IN ('melder', 'triage', 'chat', 'teamleider', 'redacteur', 'beheerder')),
    PRIMARY KEY (account_id, role)
);

CREATE TABLE account_wijkteam (
    account_id uuid NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    wijkteam   text NOT NULL REFERENCES wijkteam (code),
    PRIMARY KEY (account_id, wijkteam)
);

-- Single-use recovery codes, stored as SHA-256 (they are long random strings, not passwords).
CREATE TABLE recovery_code (
    account_id uuid        NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    code_hash  text        NOT NULL,
    used_at    timestamptz,
    PRIMARY KEY (account_id, code_hash)
);

-- One-time links: an invitation to set a password, or the first administrator's set-up.
-- Only the SHA-256 of the token is kept; the link itself exists only in the mail or log.
CREATE TABLE account_link (
    token_hash text PRIMARY KEY,
    account_id uuid REFERENCES account (id) ON DELETE CASCADE,
    purpose    text        NOT NULL CHECK (purpose IN ('invite', 'setup')),
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at    timestamptz
);

-- Failed sign-ins per login name (hashed, so a typo'd address is not kept in clear). Keyed by
-- name rather than account, so a name that does not exist locks the same way as one that does.
CREATE TABLE login_throttle (
    login_hash    text PRIMARY KEY,
    failures      integer     NOT NULL,
    window_start  timestamptz NOT NULL,
    locked_until  timestamptz
);

CREATE TABLE api_client (
    id              uuid PRIMARY KEY,
    client_id       text        NOT NULL UNIQUE,
    organisation_id uuid        NOT NULL REFERENCES organisation (id),
    name            text        NOT NULL,
    secret_hash     text        NOT NULL,
    scopes          text[]      NOT NULL,
    active          boolean     NOT NULL DEFAULT true,
    created_at      timestamptz NOT NULL,
    version         integer     NOT NULL DEFAULT 0
);

-- The signing key a demo installation generated for itself, shared by its nodes. A production
-- installation configures its keys (PEM) instead and leaves this table empty.
CREATE TABLE jwt_signing_key (
    kid         text PRIMARY KEY,
    private_pem text        NOT NULL,
    public_pem  text        NOT NULL,
    created_at  timestamptz NOT NULL
);
