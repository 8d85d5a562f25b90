-- The board's Chamber of Commerce number: the buyer's identifier on its e-invoices.
ALTER TABLE institutions ADD COLUMN kvk_number TEXT NOT NULL DEFAULT '';
