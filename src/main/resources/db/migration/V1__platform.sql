-- Installation-wide settings the nodes of one installation share: whether this database
-- holds demo data (a production node refuses it) and generated secrets of a demo install.
CREATE TABLE platform_setting (
    key        text PRIMARY KEY,
    value      text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS unaccent;
