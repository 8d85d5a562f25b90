-- Lines of imported bank statements (camt.053): stored once each, with the invoice they
-- paid or marked unmatched for the operator.
CREATE TABLE bank_statement_lines (
    id INTEGER PRIMARY KEY,
    line_key TEXT NOT NULL UNIQUE,
    account_iban TEXT NOT NULL,
    amount_cents BIGINT NOT NULL CHECK (amount_cents > 0),
    booked_on TEXT NOT NULL,
    remittance TEXT NOT NULL,
    counterparty TEXT NOT NULL,
    invoice_id BIGINT REFERENCES invoices(id),
    status TEXT NOT NULL CHECK (status IN ('matched', 'unmatched')),
    imported_at BIGINT NOT NULL,
    imported_by BIGINT REFERENCES people(id)
);
CREATE INDEX bank_statement_lines_status ON bank_statement_lines(status, id);
