-- The audit log: every read of an item's personal data, every change and every security
-- event (logins, two-factor failures, lockouts, role changes, API clients, tokens). It is
-- evidence, so it only grows: rows are never corrected afterwards, and only the retention
-- job removes old ones. Actor and object are plain text, not foreign keys, so the history
-- outlives the accounts, organisations and items it names.
CREATE TABLE audit_log (
    id              bigserial   PRIMARY KEY,
    occurred_at     timestamptz NOT NULL,
    actor_type      text        NOT NULL
        CHECK (actor_type IN ('account', 'api_client', 'resident', 'system', 'anonymous')),
    actor_id        text,
    actor_name      text,
    actor_role      text,
    organisation_id text,
    action          text        NOT NULL CHECK (action <> ''),
    object_type     text,
    object_id       text,
    client_address  text,
    reason          text,
    details         jsonb
);

CREATE INDEX audit_log_occurred_at ON audit_log (occurred_at DESC);
CREATE INDEX audit_log_object ON audit_log (object_type, object_id);
CREATE INDEX audit_log_actor ON audit_log (actor_id);

-- Append-only, enforced by the database rather than by good intentions in the code: no
-- UPDATE ever, and DELETE only from a transaction that declared itself the retention job
-- with SET LOCAL wijkportaal.audit_retention = 'on' (AuditLog.deleteBefore). A bug, a
-- careless query or an injected statement in the application cannot rewrite history.
-- (The table owner can still disable the trigger: this guards the application, not
-- against the database administrator.)
CREATE FUNCTION audit_log_append_only() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('wijkportaal.audit_retention', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege',
              HINT = 'Only the retention job deletes, with SET LOCAL wijkportaal.audit_retention = ''on''.';
END;
$$;

CREATE TRIGGER audit_log_no_update_or_delete
    BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

-- Row triggers do not fire on TRUNCATE, which would empty the table in one stroke.
CREATE TRIGGER audit_log_no_truncate
    BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
