-- Each node keeps the accounts it identifies sessions with (identity.KeptAccounts) and drops them
-- when PostgreSQL tells it that anything behind an account changed: its row, its roles, its
-- wijkteams or its organisation, by whichever node, job, migration or hand-made statement. One
-- notice per statement (PostgreSQL folds equal notices of one transaction into one), sent when the
-- transaction commits.
CREATE FUNCTION notify_account_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('account_changed', '');
    RETURN NULL;
END;
$$;

CREATE TRIGGER account_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON account
    FOR EACH STATEMENT EXECUTE FUNCTION notify_account_changed();
CREATE TRIGGER account_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON account_role
    FOR EACH STATEMENT EXECUTE FUNCTION notify_account_changed();
CREATE TRIGGER account_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON account_wijkteam
    FOR EACH STATEMENT EXECUTE FUNCTION notify_account_changed();
CREATE TRIGGER account_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON organisation
    FOR EACH STATEMENT EXECUTE FUNCTION notify_account_changed();
