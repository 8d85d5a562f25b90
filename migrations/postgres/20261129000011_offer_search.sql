-- The catalogue's search table: one narrow row per offer that teachers can find (published, by
-- an approved provider), written by the app whenever an offer or its provider changes.
-- Searches filter, count and rank these rows and read the wide offers only for the page they
-- show. `facets` holds 'discipline:<code>' and 'level:<n>', so that one GIN index answers any
-- combination of them and of words; `search_vector` is the offer's folded text as before.
-- An offer's disciplines and levels by the offer (their keys lead with the discipline or the
-- level), for writing its search row and replacing them when it is saved.
CREATE INDEX offer_disciplines_offer ON offer_disciplines(offer_id);
CREATE INDEX offer_levels_offer ON offer_levels(offer_id);

CREATE TABLE offer_search (
    id BIGINT PRIMARY KEY REFERENCES offers(id),
    price_cents BIGINT NOT NULL,
    on_request BIGINT NOT NULL,
    wheelchair BIGINT NOT NULL,
    lat_e6 BIGINT,
    lon_e6 BIGINT,
    region TEXT NOT NULL,
    format TEXT NOT NULL,
    first_date TEXT,
    last_date TEXT,
    facets TEXT[] NOT NULL,
    search_vector tsvector NOT NULL
);
INSERT INTO offer_search (id, price_cents, on_request, wheelchair, lat_e6, lon_e6, region, format, first_date, last_date, facets, search_vector)
SELECT o.id, o.price_cents, o.on_request, o.wheelchair, o.lat_e6, o.lon_e6, o.region, o.format, o.first_date, o.last_date,
    ARRAY(SELECT 'discipline:' || d.discipline FROM offer_disciplines d WHERE d.offer_id = o.id)
        || ARRAY(SELECT 'level:' || l.level FROM offer_levels l WHERE l.offer_id = o.id),
    to_tsvector('simple', o.search_text)
FROM offers o JOIN providers pr ON pr.id = o.provider_id
WHERE o.status = 'published' AND pr.status = 'approved';
-- One GIN index over words and facets: a search for words at a level intersects both inside
-- the index; a search for either alone uses it as well.
CREATE INDEX offer_search_words_facets ON offer_search USING GIN (search_vector, facets);
CREATE INDEX offer_search_price ON offer_search (price_cents);
CREATE INDEX offer_search_region ON offer_search (region);
CREATE INDEX offer_search_first_date ON offer_search (first_date);
CREATE INDEX offer_search_position ON offer_search (lat_e6, lon_e6);

-- The offers themselves are no longer searched.
ALTER TABLE offers DROP COLUMN search_vector;
DROP INDEX offers_published_price;
DROP INDEX offers_published_region;
DROP INDEX offers_position;
DROP INDEX offers_published_first_date;
