-- A counter that changes whenever what a sign-in was based on changes: the password, the
-- second factor, deactivation, roles or wijkteams. A browser session keeps the value it was
-- signed in with and ends as soon as the account's value differs.
ALTER TABLE account ADD COLUMN security_stamp integer NOT NULL DEFAULT 0;
