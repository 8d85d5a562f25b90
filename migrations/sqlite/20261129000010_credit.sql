-- Individual credit: each activated student's own account, filled from the location's pool
-- and spent at a provider's counter with a short code that rotates.

-- The ledger gains students' credit accounts. SQLite cannot change a CHECK constraint in
-- place, so the accounts table is rebuilt (as in the marketplace migration).
CREATE TABLE ledger_accounts_new (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('funding', 'location_budget', 'individual_pool', 'expired', 'hold', 'provider_payable', 'paid_out', 'student_credit')),
    location_id BIGINT REFERENCES locations(id),
    period_id BIGINT REFERENCES programme_periods(id),
    provider_id BIGINT REFERENCES providers(id),
    account_key TEXT NOT NULL UNIQUE,
    may_go_negative BIGINT NOT NULL CHECK (may_go_negative IN (0, 1)),
    balance_cents BIGINT NOT NULL DEFAULT 0,
    CHECK (may_go_negative = 1 OR balance_cents >= 0)
);
INSERT INTO ledger_accounts_new (id, kind, location_id, period_id, provider_id, account_key, may_go_negative, balance_cents)
    SELECT id, kind, location_id, period_id, provider_id, account_key, may_go_negative, balance_cents FROM ledger_accounts;
DROP TABLE ledger_accounts;
ALTER TABLE ledger_accounts_new RENAME TO ledger_accounts;
CREATE INDEX ledger_accounts_location ON ledger_accounts(location_id, kind);
CREATE INDEX ledger_accounts_provider ON ledger_accounts(provider_id);

-- The code a student shows at the counter: one live code per pass, a few minutes, once.
CREATE TABLE counter_codes (
    code TEXT PRIMARY KEY,
    pass_id BIGINT NOT NULL REFERENCES passes(id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);
CREATE INDEX counter_codes_pass ON counter_codes(pass_id);

-- A payment with a student's credit at a provider's counter. The provider's device sends a
-- key of its own with it, so a retry finds the payment instead of making a second one.
CREATE TABLE counter_payments (
    id INTEGER PRIMARY KEY,
    provider_id BIGINT NOT NULL REFERENCES providers(id),
    pass_id BIGINT NOT NULL REFERENCES passes(id),
    period_id BIGINT NOT NULL REFERENCES programme_periods(id),
    amount_cents BIGINT NOT NULL CHECK (amount_cents > 0),
    description TEXT NOT NULL,
    client_key TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('paid', 'refunded', 'in_payout', 'paid_out')),
    balance_after_cents BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    created_by BIGINT NOT NULL REFERENCES people(id),
    refunded_at BIGINT,
    payout_batch_id BIGINT REFERENCES payout_batches(id),
    UNIQUE (provider_id, client_key)
);
CREATE INDEX counter_payments_provider ON counter_payments(provider_id, id);
CREATE INDEX counter_payments_payout ON counter_payments(status, created_at);
CREATE INDEX counter_payments_batch ON counter_payments(payout_batch_id);
