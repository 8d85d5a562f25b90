-- Catalogue search speed. (SQLite also rebuilds its full-text table with prefix indexes;
-- PostgreSQL's GIN index answers prefixes as a range of its terms already.)
-- The date sort and filter read an offer's first and last date from the offer itself.
CREATE INDEX offers_published_first_date ON offers(status, first_date);
