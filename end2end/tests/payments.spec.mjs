// The operator imports a bank statement through the upload form (a plain form post, so it
// works without JavaScript); credits without an invoice number stay listed, and the operator
// links one to an invoice by hand after seeing what that does.
import { test } from '@playwright/test';
import { expect, login } from './helpers.mjs';

const statement = (ref, remittance) => `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
  <BkToCstmrStmt>
    <GrpHdr><MsgId>E2E-1</MsgId><CreDtTm>2026-12-02T06:00:00+01:00</CreDtTm></GrpHdr>
    <Stmt>
      <Id>E2E</Id><CreDtTm>2026-12-02T06:00:00+01:00</CreDtTm>
      <Acct><Id><IBAN>NL91ABNA0417164300</IBAN></Id></Acct>
      <Ntry>
        <Amt Ccy="EUR">42.50</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>
        <BookgDt><Dt>2026-12-01</Dt></BookgDt><AcctSvcrRef>${ref}</AcctSvcrRef>
        <BkTxCd/>
        <NtryDtls><TxDtls><RltdPties><Dbtr><Nm>Onbekende betaler</Nm></Dbtr></RltdPties>
          <RmtInf><Ustrd>${remittance}</Ustrd></RmtInf></TxDtls></NtryDtls>
      </Ntry>
    </Stmt>
  </BkToCstmrStmt>
</Document>`;

for (const js of [true, false]) {
  test(`a statement import reports its result and lists unmatched credits (JavaScript ${js ? 'on' : 'off'})`, async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: js, viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await login(page, 'beheer@cultuurkaart.demo', undefined, { js });
    await expect(page).toHaveURL(/\/admin$/);
    await page.goto('/admin/payments');
    const ref = `E2E-${js}-${Date.now()}`;
    await page.getByLabel('Bankafschrift (camt.053 XML)').setInputFiles({ name: 'afschrift.xml', mimeType: 'application/xml', buffer: Buffer.from(statement(ref, `Donatie ${ref}`)) });
    await page.getByRole('button', { name: 'Inlezen' }).click();
    await expect(page.getByRole('status')).toContainText('Ingelezen: 1 bijschrijving');
    await expect(page.getByRole('status')).toContainText('1 zonder factuur');
    const credit = page.locator('.row-card', { hasText: ref });
    await expect(credit).toContainText('€ 42,50');
    await expect(credit).toContainText('Bijgeschreven op 1 december 2026 · Onbekende betaler');

    // Linked by hand: a number that is no invoice is named as such; the right one (typed in
    // lower case) first shows what linking does, then links once.
    await page.goto('/admin/orders?status=approved');
    const number = (await page.locator('.row-card', { hasText: 'Amsterdam Zuid' }).first().innerText()).match(/CK-\d{4}-\d{6}/)[0];
    await page.goto('/admin/payments');
    await credit.getByText('Aan een factuur koppelen').click();
    await credit.getByLabel('Factuurnummer').fill('CK-2099-000999');
    await credit.getByRole('button', { name: 'Bekijken' }).click();
    await expect(credit.locator('.field-error')).toHaveText('Er is geen factuur met dit nummer. Een factuurnummer ziet eruit als CK-2026-000123.');
    await expect(credit.getByLabel('Factuurnummer')).toHaveValue('CK-2099-000999');
    await credit.getByLabel('Factuurnummer').fill(number.toLowerCase());
    await credit.getByRole('button', { name: 'Bekijken' }).click();
    const confirm = credit.getByRole('alertdialog');
    await expect(confirm).toContainText(`${number} · ROC Amstelland — Amsterdam Zuid`);
    // The budget test paid that invoice in full: this credit is money to give back.
    await expect(confirm).toContainText('Terug te betalen aan de school: € 42,50');
    await expect(confirm).toContainText('niet terug te draaien');
    await confirm.getByRole('button', { name: 'Ja, koppelen' }).click();
    await expect(page.getByRole('status')).toContainText('De bijschrijving is gekoppeld');
    await expect(page.locator('.row-card', { hasText: ref })).toHaveCount(0);

    await page.getByLabel('Bankafschrift (camt.053 XML)').setInputFiles({ name: 'foto.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('not a statement') });
    await page.getByRole('button', { name: 'Inlezen' }).click();
    await expect(page.getByRole('alert')).toContainText('geen bankafschrift in camt.053-formaat');
    await context.close();
  });
}
