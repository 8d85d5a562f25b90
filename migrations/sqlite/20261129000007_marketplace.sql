-- The marketplace: providers with vetting and bank accounts, offers and their search index,
-- requests from teachers, weborders against a location's budget, holds, payout batches to
-- providers, and providers' API keys. The ledger gains the accounts this money moves through.

-- Providers: what they told us at sign-up and where the vetting stands. Existing providers
-- (registered by the operator) count as approved.
ALTER TABLE providers ADD COLUMN vat_number TEXT NOT NULL DEFAULT '';
ALTER TABLE providers ADD COLUMN email TEXT NOT NULL DEFAULT '';
ALTER TABLE providers ADD COLUMN phone TEXT NOT NULL DEFAULT '';
ALTER TABLE providers ADD COLUMN website TEXT NOT NULL DEFAULT '';
ALTER TABLE providers ADD COLUMN status TEXT NOT NULL DEFAULT 'approved' CHECK (status IN ('pending', 'approved', 'rejected'));
ALTER TABLE providers ADD COLUMN status_reason TEXT NOT NULL DEFAULT '';
-- Payouts go only to a vetted account; a changed account waits in `iban_pending` until the
-- operator has checked it.
ALTER TABLE providers ADD COLUMN account_holder TEXT NOT NULL DEFAULT '';
ALTER TABLE providers ADD COLUMN iban TEXT;
ALTER TABLE providers ADD COLUMN iban_pending TEXT;
CREATE INDEX providers_status ON providers(status, id);

-- Where a school location is, for the catalogue's distance (micro-degrees).
ALTER TABLE locations ADD COLUMN lat_e6 BIGINT;
ALTER TABLE locations ADD COLUMN lon_e6 BIGINT;

-- Every vetting decision and bank-account change, for the history.
CREATE TABLE provider_events (
    id INTEGER PRIMARY KEY,
    provider_id BIGINT NOT NULL REFERENCES providers(id),
    kind TEXT NOT NULL CHECK (kind IN ('signed_up', 'approved', 'rejected', 'iban_requested', 'iban_approved', 'iban_rejected')),
    detail TEXT NOT NULL,
    actor BIGINT REFERENCES people(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX provider_events_provider ON provider_events(provider_id, id);

CREATE TABLE provider_contacts (
    id INTEGER PRIMARY KEY,
    provider_id BIGINT NOT NULL REFERENCES providers(id),
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    phone TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX provider_contacts_provider ON provider_contacts(provider_id, id);

-- Offers. Coordinates are micro-degrees (integers), prices cents. `search_text` is the title and
-- description folded by the app (lower case, no diacritics), which both backends index.
CREATE TABLE offers (
    id INTEGER PRIMARY KEY,
    provider_id BIGINT NOT NULL REFERENCES providers(id),
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    disciplines TEXT NOT NULL,
    levels TEXT NOT NULL,
    format TEXT NOT NULL CHECK (format IN ('in_school', 'venue', 'online')),
    street TEXT NOT NULL,
    postcode TEXT NOT NULL,
    city TEXT NOT NULL,
    region TEXT NOT NULL,
    lat_e6 BIGINT,
    lon_e6 BIGINT,
    duration_minutes BIGINT NOT NULL CHECK (duration_minutes > 0),
    price_cents BIGINT NOT NULL CHECK (price_cents >= 0),
    price_unit TEXT NOT NULL CHECK (price_unit IN ('student', 'group')),
    capacity BIGINT NOT NULL CHECK (capacity > 0),
    on_request BIGINT NOT NULL CHECK (on_request IN (0, 1)),
    first_date TEXT,
    last_date TEXT,
    wheelchair BIGINT NOT NULL CHECK (wheelchair IN (0, 1)),
    accessibility TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('draft', 'published', 'archived')),
    search_text TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX offers_provider ON offers(provider_id, id);
CREATE INDEX offers_published_price ON offers(status, price_cents);
CREATE INDEX offers_published_region ON offers(status, region);
CREATE INDEX offers_position ON offers(lat_e6, lon_e6);

-- One row per discipline and per level, so the facets are indexed lookups.
CREATE TABLE offer_disciplines (
    offer_id BIGINT NOT NULL REFERENCES offers(id),
    discipline TEXT NOT NULL,
    PRIMARY KEY (discipline, offer_id)
);
CREATE TABLE offer_levels (
    offer_id BIGINT NOT NULL REFERENCES offers(id),
    level BIGINT NOT NULL,
    PRIMARY KEY (level, offer_id)
);
CREATE TABLE offer_dates (
    offer_id BIGINT NOT NULL REFERENCES offers(id),
    date TEXT NOT NULL,
    PRIMARY KEY (offer_id, date)
);
CREATE INDEX offer_dates_date ON offer_dates(date, offer_id);

-- Offer images, re-encoded by the app (EXIF and anything else dropped), stored base64.
CREATE TABLE offer_images (
    id INTEGER PRIMARY KEY,
    offer_id BIGINT NOT NULL REFERENCES offers(id),
    content_type TEXT NOT NULL,
    width BIGINT NOT NULL,
    height BIGINT NOT NULL,
    content TEXT NOT NULL,
    alt_text TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX offer_images_offer ON offer_images(offer_id, id);

-- Full-text index of offers; rowid is the offer id. Kept by the app in the same
-- transaction as the offer.
CREATE VIRTUAL TABLE offers_fts USING fts5(search_text, tokenize = 'unicode61 remove_diacritics 2');

-- Requests: a Docent+ asks a provider about an offer; the thread follows.
CREATE TABLE offer_requests (
    id INTEGER PRIMARY KEY,
    offer_id BIGINT NOT NULL REFERENCES offers(id),
    provider_id BIGINT NOT NULL REFERENCES providers(id),
    location_id BIGINT NOT NULL REFERENCES locations(id),
    teacher_id BIGINT NOT NULL REFERENCES people(id),
    preferred_dates TEXT NOT NULL,
    students BIGINT NOT NULL CHECK (students > 0),
    status TEXT NOT NULL CHECK (status IN ('open', 'answered', 'converted', 'closed')),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX offer_requests_provider ON offer_requests(provider_id, updated_at);
CREATE INDEX offer_requests_teacher ON offer_requests(teacher_id, updated_at);
CREATE TABLE request_messages (
    id INTEGER PRIMARY KEY,
    request_id BIGINT NOT NULL REFERENCES offer_requests(id),
    author_id BIGINT NOT NULL REFERENCES people(id),
    from_provider BIGINT NOT NULL CHECK (from_provider IN (0, 1)),
    body TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX request_messages_request ON request_messages(request_id, id);

-- Earmarked budget for a planned activity. The money sits in the hold's own ledger account.
CREATE TABLE budget_holds (
    id INTEGER PRIMARY KEY,
    location_id BIGINT NOT NULL REFERENCES locations(id),
    period_id BIGINT NOT NULL REFERENCES programme_periods(id),
    amount_cents BIGINT NOT NULL CHECK (amount_cents > 0),
    description TEXT NOT NULL,
    expires_on TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('active', 'released', 'expired')),
    created_by BIGINT NOT NULL REFERENCES people(id),
    created_at BIGINT NOT NULL,
    closed_at BIGINT
);
CREATE INDEX budget_holds_location ON budget_holds(location_id, status);
CREATE INDEX budget_holds_expiry ON budget_holds(status, expires_on);

-- Payout batches: one SEPA credit transfer file each.
CREATE TABLE payout_batches (
    id INTEGER PRIMARY KEY,
    number TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL CHECK (status IN ('created', 'sent', 'paid')),
    execution_date TEXT NOT NULL,
    total_cents BIGINT NOT NULL CHECK (total_cents >= 0),
    transfers BIGINT NOT NULL CHECK (transfers >= 0),
    document TEXT NOT NULL,
    created_by BIGINT NOT NULL REFERENCES people(id),
    created_at BIGINT NOT NULL,
    sent_at BIGINT,
    paid_at BIGINT
);
CREATE TABLE payout_sequences (
    year BIGINT PRIMARY KEY,
    last_number BIGINT NOT NULL
);
-- One transfer per provider per batch, with the account it went to.
CREATE TABLE payout_transfers (
    id INTEGER PRIMARY KEY,
    batch_id BIGINT NOT NULL REFERENCES payout_batches(id),
    provider_id BIGINT NOT NULL REFERENCES providers(id),
    amount_cents BIGINT NOT NULL CHECK (amount_cents > 0),
    iban TEXT NOT NULL,
    end_to_end_id TEXT NOT NULL UNIQUE,
    UNIQUE (batch_id, provider_id)
);
CREATE INDEX payout_transfers_provider ON payout_transfers(provider_id, batch_id);

-- Weborders: a provider's order against a location's budget, with an explicit state machine.
CREATE TABLE weborders (
    id INTEGER PRIMARY KEY,
    provider_id BIGINT NOT NULL REFERENCES providers(id),
    location_id BIGINT NOT NULL REFERENCES locations(id),
    period_id BIGINT NOT NULL REFERENCES programme_periods(id),
    offer_id BIGINT NOT NULL REFERENCES offers(id),
    request_id BIGINT REFERENCES offer_requests(id),
    activity_date TEXT NOT NULL,
    students BIGINT NOT NULL CHECK (students > 0),
    amount_cents BIGINT NOT NULL CHECK (amount_cents > 0),
    teacher_name TEXT NOT NULL,
    teacher_email TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'expired', 'cancelled', 'in_payout', 'paid')),
    reason TEXT NOT NULL DEFAULT '',
    approve_by BIGINT NOT NULL,
    approved_at BIGINT,
    approved_by BIGINT REFERENCES people(id),
    cooling_until BIGINT,
    approval_count BIGINT NOT NULL DEFAULT 0,
    hold_id BIGINT REFERENCES budget_holds(id),
    from_hold_cents BIGINT NOT NULL DEFAULT 0 CHECK (from_hold_cents >= 0),
    payout_batch_id BIGINT REFERENCES payout_batches(id),
    client_key TEXT,
    created_by BIGINT REFERENCES people(id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    CHECK (from_hold_cents <= amount_cents),
    CHECK ((status IN ('in_payout', 'paid')) = (payout_batch_id IS NOT NULL)),
    UNIQUE (provider_id, client_key)
);
CREATE INDEX weborders_location ON weborders(location_id, status, id);
CREATE INDEX weborders_provider ON weborders(provider_id, status, id);
CREATE INDEX weborders_pending_deadline ON weborders(status, approve_by);
CREATE INDEX weborders_payable ON weborders(status, cooling_until);
CREATE INDEX weborders_batch ON weborders(payout_batch_id);

-- Every state change of a weborder, with who and why.
CREATE TABLE weborder_events (
    id INTEGER PRIMARY KEY,
    weborder_id BIGINT NOT NULL REFERENCES weborders(id),
    from_status TEXT,
    to_status TEXT NOT NULL,
    reason TEXT NOT NULL,
    actor BIGINT REFERENCES people(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX weborder_events_weborder ON weborder_events(weborder_id, id);

-- Providers' API keys: only a hash is kept; the prefix identifies the key in lists.
CREATE TABLE api_keys (
    id INTEGER PRIMARY KEY,
    provider_id BIGINT NOT NULL REFERENCES providers(id),
    prefix TEXT NOT NULL,
    key_hash TEXT NOT NULL UNIQUE,
    label TEXT NOT NULL,
    created_by BIGINT NOT NULL REFERENCES people(id),
    created_at BIGINT NOT NULL,
    last_used_at BIGINT,
    revoked_at BIGINT
);
CREATE INDEX api_keys_provider ON api_keys(provider_id, id);

-- The ledger gains holds, money owed to providers and money paid out. SQLite cannot change a
-- CHECK constraint in place, so the accounts table is rebuilt (migrations run with foreign-key
-- enforcement off, as SQLite's documented procedure asks; `Db::migrate` checks them after).
CREATE TABLE ledger_accounts_new (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('funding', 'location_budget', 'individual_pool', 'expired', 'hold', 'provider_payable', 'paid_out')),
    location_id BIGINT REFERENCES locations(id),
    period_id BIGINT REFERENCES programme_periods(id),
    provider_id BIGINT REFERENCES providers(id),
    account_key TEXT NOT NULL UNIQUE,
    may_go_negative BIGINT NOT NULL CHECK (may_go_negative IN (0, 1)),
    balance_cents BIGINT NOT NULL DEFAULT 0,
    CHECK (may_go_negative = 1 OR balance_cents >= 0)
);
INSERT INTO ledger_accounts_new (id, kind, location_id, period_id, account_key, may_go_negative, balance_cents)
    SELECT id, kind, location_id, period_id, account_key, may_go_negative, balance_cents FROM ledger_accounts;
DROP TABLE ledger_accounts;
ALTER TABLE ledger_accounts_new RENAME TO ledger_accounts;
CREATE INDEX ledger_accounts_location ON ledger_accounts(location_id, kind);
CREATE INDEX ledger_accounts_provider ON ledger_accounts(provider_id);
