-- English search: the English texts of an offer, stemmed as English, beside the Dutch
-- search_vector. A search matches either (a UNION of two index scans, see OfferFilter).
ALTER TABLE offer ADD COLUMN search_vector_en tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', wp_unaccent(coalesce(title_en, ''))), 'A') ||
    setweight(to_tsvector('english', wp_unaccent(coalesce(summary_en, ''))), 'B') ||
    setweight(to_tsvector('english', wp_unaccent(coalesce(description_en, ''))), 'C')) STORED;
CREATE INDEX offer_search_vector_en ON offer USING gin (search_vector_en);
