-- Klachten (Awb hoofdstuk 9): a complaint about the SWT's service is an inbox item of its own
-- kanaal, with the same clock, owner and history. Its due date is the handling term (6 weeks
-- after receipt), extendable once by 4 weeks; the teamleider records whether it was
-- admissible (ontvankelijk) and resolved. A complaint has no leefgebied.
ALTER TABLE inbox_item DROP CONSTRAINT inbox_item_kanaal_check;
ALTER TABLE inbox_item ADD CONSTRAINT inbox_item_kanaal_check
    CHECK (kanaal IN ('aanmelding', 'signaal', 'chat', 'telefoon', 'balie', 'huisbezoek', 'klacht'));

DO $$
DECLARE c text;
BEGIN
    FOR c IN SELECT conname FROM pg_constraint
             WHERE conrelid = 'inbox_item'::regclass AND contype = 'c' AND pg_get_constraintdef(oid) LIKE '%cardinality(leefgebieden)%'
    LOOP
        EXECUTE format('ALTER TABLE inbox_item DROP CONSTRAINT %I', c);
    END LOOP;
END $$;
ALTER TABLE inbox_item ADD CONSTRAINT inbox_item_leefgebieden_check CHECK (cardinality(leefgebieden) > 0 OR kanaal = 'klacht');

ALTER TABLE inbox_item
    ADD COLUMN klacht_verlengd_at   timestamptz,
    ADD COLUMN klacht_ontvankelijk  boolean,
    ADD COLUMN klacht_opgelost      boolean,
    ADD CONSTRAINT inbox_item_klacht_fields CHECK (kanaal = 'klacht' OR (klacht_verlengd_at IS NULL AND klacht_ontvankelijk IS NULL AND klacht_opgelost IS NULL));
CREATE INDEX inbox_item_klacht ON inbox_item (received_at) WHERE kanaal = 'klacht';
