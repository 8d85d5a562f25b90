-- Programme periods (rates are data), DUO student counts, budget orders, invoices with a
-- gap-free number per year, payments, and the append-only double-entry ledger.

CREATE TABLE programme_periods (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    contribution_cents BIGINT NOT NULL CHECK (contribution_cents >= 0),
    match_cents BIGINT NOT NULL CHECK (match_cents >= 0),
    amendment_days BIGINT NOT NULL CHECK (amendment_days BETWEEN 0 AND 60),
    vat_category TEXT NOT NULL CHECK (vat_category IN ('E', 'O', 'Z', 'S')),
    vat_rate_bp BIGINT NOT NULL CHECK (vat_rate_bp >= 0),
    payment_term_days BIGINT NOT NULL CHECK (payment_term_days BETWEEN 0 AND 365),
    created_at BIGINT NOT NULL,
    CHECK (ends_on > starts_on)
);

CREATE TABLE student_counts (
    id INTEGER PRIMARY KEY,
    location_id BIGINT NOT NULL REFERENCES locations(id),
    school_year TEXT NOT NULL,
    student_count BIGINT NOT NULL CHECK (student_count >= 0),
    source TEXT NOT NULL CHECK (source IN ('duo_import', 'manual')),
    reason TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    created_by BIGINT REFERENCES people(id)
);
CREATE INDEX student_counts_location ON student_counts(location_id, id);

CREATE TABLE budget_orders (
    id INTEGER PRIMARY KEY,
    location_id BIGINT NOT NULL REFERENCES locations(id),
    period_id BIGINT NOT NULL REFERENCES programme_periods(id),
    collective_students BIGINT NOT NULL CHECK (collective_students >= 0),
    individual_students BIGINT NOT NULL CHECK (individual_students >= 0),
    duo_count BIGINT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('submitted', 'withdrawn', 'approved', 'rejected')),
    submitted_at BIGINT NOT NULL,
    amend_deadline BIGINT NOT NULL,
    decided_at BIGINT,
    reason TEXT,
    created_by BIGINT NOT NULL REFERENCES people(id),
    CHECK (collective_students + individual_students <= duo_count)
);
-- One open order per location and period.
CREATE UNIQUE INDEX budget_orders_one_open ON budget_orders(location_id, period_id) WHERE status IN ('submitted', 'approved');
CREATE INDEX budget_orders_due ON budget_orders(status, amend_deadline);

CREATE TABLE invoice_sequences (
    year BIGINT PRIMARY KEY,
    last_number BIGINT NOT NULL
);

CREATE TABLE invoices (
    id INTEGER PRIMARY KEY,
    number TEXT NOT NULL UNIQUE,
    order_id BIGINT NOT NULL UNIQUE REFERENCES budget_orders(id),
    location_id BIGINT NOT NULL REFERENCES locations(id),
    amount_cents BIGINT NOT NULL CHECK (amount_cents >= 0),
    issued_at BIGINT NOT NULL,
    due_at BIGINT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'paid'))
);
CREATE INDEX invoices_location ON invoices(location_id);

CREATE TABLE payments (
    id INTEGER PRIMARY KEY,
    invoice_id BIGINT NOT NULL REFERENCES invoices(id),
    amount_cents BIGINT NOT NULL CHECK (amount_cents > 0),
    paid_on TEXT NOT NULL,
    reference TEXT NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('manual', 'camt053')),
    created_at BIGINT NOT NULL,
    created_by BIGINT REFERENCES people(id)
);
CREATE INDEX payments_invoice ON payments(invoice_id);

CREATE TABLE ledger_accounts (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('funding', 'location_budget', 'individual_pool', 'expired')),
    location_id BIGINT REFERENCES locations(id),
    period_id BIGINT REFERENCES programme_periods(id),
    account_key TEXT NOT NULL UNIQUE,
    may_go_negative BIGINT NOT NULL CHECK (may_go_negative IN (0, 1)),
    balance_cents BIGINT NOT NULL DEFAULT 0,
    CHECK (may_go_negative = 1 OR balance_cents >= 0)
);

CREATE TABLE ledger_transactions (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    reference TEXT NOT NULL,
    idempotency_key TEXT UNIQUE,
    created_at BIGINT NOT NULL,
    created_by BIGINT REFERENCES people(id)
);

CREATE TABLE ledger_entries (
    id INTEGER PRIMARY KEY,
    transaction_id BIGINT NOT NULL REFERENCES ledger_transactions(id),
    account_id BIGINT NOT NULL REFERENCES ledger_accounts(id),
    amount_cents BIGINT NOT NULL CHECK (amount_cents <> 0)
);
CREATE INDEX ledger_entries_account ON ledger_entries(account_id, id);
CREATE INDEX ledger_entries_transaction ON ledger_entries(transaction_id);

-- The ledger is append-only: corrections are new, reversing transactions.
CREATE TRIGGER ledger_entries_no_update BEFORE UPDATE ON ledger_entries
BEGIN SELECT RAISE(ABORT, 'ledger_entries is append-only'); END;
CREATE TRIGGER ledger_entries_no_delete BEFORE DELETE ON ledger_entries
BEGIN SELECT RAISE(ABORT, 'ledger_entries is append-only'); END;
CREATE TRIGGER ledger_transactions_no_update BEFORE UPDATE ON ledger_transactions
BEGIN SELECT RAISE(ABORT, 'ledger_transactions is append-only'); END;
CREATE TRIGGER ledger_transactions_no_delete BEFORE DELETE ON ledger_transactions
BEGIN SELECT RAISE(ABORT, 'ledger_transactions is append-only'); END;
