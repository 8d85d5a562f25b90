-- Catalogue search speed.
-- Prefix indexes for the words people are still typing: "thea*" reads one list of
-- 2-, 3- or 4-letter prefixes instead of merging the lists of every word that starts so.
-- SQLite cannot change an FTS5 table's options, so the table is rebuilt from the offers.
DROP TABLE offers_fts;
CREATE VIRTUAL TABLE offers_fts USING fts5(search_text, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4');
INSERT INTO offers_fts (rowid, search_text) SELECT id, search_text FROM offers;
-- The date sort and filter read an offer's first and last date from the offer itself.
CREATE INDEX offers_published_first_date ON offers(status, first_date);
