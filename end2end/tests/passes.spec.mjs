// From a school's list to a pass on a student's phone: the budget holder chooses the fields,
// downloads the template, uploads it filled in, checks the preview, confirms, invites the
// class; the student activates from the mail in the outbox and sees the pass; a provider
// charges the credit at the counter and the student sees the new balance. (The credit comes
// from Amsterdam Zuid's pool, which budget.spec.mjs releases; the files run in name order.)
import { test } from '@playwright/test';
import fs from 'node:fs';
import { expect, hydrated, login, section, watchErrors } from './helpers.mjs';

test('a budget holder uploads the filled template and invites a class; a student activates, sees the pass and pays at a counter', async ({ page, browser }) => {
  const errors = watchErrors(page);
  const run = Date.now().toString(36);
  const klas = `E2E-${run}`.toUpperCase();
  await login(page, 'budgethouder@roc-amstelland.demo');
  await expect(page).toHaveURL(/\/school$/);
  await section(page, 'Studenten en medewerkers');
  await expect(page).toHaveURL(/\/school\/roster$/);
  await hydrated(page);

  // The field choice: student numbers yes, the rest no.
  const zuid = page.locator('section.card', { hasText: 'Gegevens die je levert — ROC Amstelland — Amsterdam Zuid' });
  await zuid.getByLabel('Studentnummer').check();
  await zuid.getByRole('button', { name: 'Keuze opslaan' }).click();
  await expect(page.getByRole('status')).toContainText('De keuze is opgeslagen');

  // The Excel template is a workbook; as it is (no rows) it is read and refused with a reason.
  const zuidAgain = page.locator('section.card', { hasText: 'Gegevens die je levert — ROC Amstelland — Amsterdam Zuid' });
  const [xlsx] = await Promise.all([page.waitForEvent('download'), zuidAgain.getByRole('link', { name: 'Excel (.xlsx)' }).click()]);
  const xlsxPath = await xlsx.path();
  expect(fs.readFileSync(xlsxPath).subarray(0, 2).toString()).toBe('PK');
  await page.getByLabel('Bestand met studenten en medewerkers').setInputFiles(xlsxPath);
  await page.getByRole('button', { name: 'Bestand controleren' }).click();
  await expect(page.getByRole('alert')).toContainText('geen regels met personen');

  // The CSV template, filled in with a teacher and two students of a new class.
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'CSV' }).first().click()]);
  const header = fs.readFileSync(await csv.path(), 'utf8');
  expect(header).toContain('Voornaam;Achternaam;E-mail;Rol;Klas;Studentnummer');
  const email = `student.${run}@student.roc-amstelland.demo`;
  const filled = `${header}Fatima;Haddou;${email};student;${klas};E${run}1\r\n`
    + `Bram;Visser;bram.${run}@student.roc-amstelland.demo;student;${klas};E${run}2\r\n`
    + `Ruben;Smit;ruben.${run}@docent.roc-amstelland.demo;docent;${klas};\r\n`;
  await page.getByLabel('Bestand met studenten en medewerkers').setInputFiles({ name: 'lijst.csv', mimeType: 'text/csv', buffer: Buffer.from(filled) });
  await page.getByRole('button', { name: 'Bestand controleren' }).click();
  const preview = page.locator('section.card', { hasText: 'Voorbeeld — lijst.csv' });
  await expect(preview).toContainText('3 nieuw');
  await expect(preview).toContainText('Fatima Haddou');
  // The demo roster is not in this file: it is named, but nobody leaves unless confirmed.
  await expect(preview).toContainText('staan niet in dit bestand');
  await hydrated(page);
  await preview.getByRole('button', { name: 'Lijst verwerken' }).click();
  await expect(page.getByRole('status')).toContainText('De lijst is verwerkt: 3 nieuw, 0 gewijzigd, 0 vertrokken');

  // The class, not invited yet; one click invites its students.
  await section(page, 'Klassen en passen');
  await expect(page).toHaveURL(/\/school\/classes$/);
  await hydrated(page);
  const row = page.locator('li.row-card', { hasText: `Klas ${klas}` });
  await expect(row).toContainText('0 actief · 0 uitgenodigd · 2 niet uitgenodigd');
  await row.getByRole('button', { name: 'Klas uitnodigen (2)' }).click();
  await expect(page.getByRole('status')).toContainText('Uitnodigingen verstuurd: 2');
  await expect(page.locator('li.row-card', { hasText: `Klas ${klas}` })).toContainText('0 actief · 2 uitgenodigd · 0 niet uitgenodigd');
  expect(errors).toEqual([]);

  // The invitation waits in the outbox.
  const admin = await browser.newPage({ viewport: { width: 390, height: 844 } });
  await login(admin, 'beheer@cultuurkaart.demo');
  await expect(admin).toHaveURL(/\/admin$/);
  await admin.goto(`/admin/mail?to=${encodeURIComponent(email)}`);
  await admin.getByText('Bekijk bericht').first().click();
  const link = await admin.locator('.mail-body a').first().getAttribute('href');
  expect(link).toContain('/invite/');
  await admin.close();

  // The student activates on a phone and lands on the pass.
  const student = await browser.newPage({ viewport: { width: 390, height: 844 } });
  const studentErrors = watchErrors(student);
  await student.goto(new URL(link).pathname);
  await expect(student.getByText(email)).toBeVisible();
  await hydrated(student);
  await student.getByLabel('Wachtwoord', { exact: true }).fill('mijn cultuurkaart pas');
  await student.getByLabel('Herhaal wachtwoord').fill('mijn cultuurkaart pas');
  await student.getByLabel(/Ik ga akkoord/).check();
  await student.getByRole('button', { name: 'Account activeren' }).click();
  await expect(student).toHaveURL(/\/student$/);
  const pass = student.getByRole('region', { name: 'Je pas' });
  await expect(pass).toContainText('Fatima Haddou');
  await expect(pass).toContainText('actief');
  await expect(pass).toContainText(klas);
  const number = (await pass.getByLabel('Pasnummer').textContent()).trim();
  expect(number).toMatch(/^\d{4} \d{4} \d{2}$/);
  await expect(pass.locator('.pass-qr svg')).toBeVisible();
  // Amsterdam Zuid's individual-credit pool was released in the budget test: on activation
  // Fatima got her € 21.
  await expect(pass.getByLabel('Tegoed')).toHaveText('€ 21,00');
  await student.getByRole('button', { name: 'Nieuwe betaalcode' }).click();
  const code = (await student.getByLabel('Betaalcode').textContent()).trim();
  expect(code).toMatch(/^\d{6}$/);

  // At the theatre's counter the code shows her first name and credit; the payment is made.
  const provider = await browser.newPage({ viewport: { width: 390, height: 844 } });
  const providerErrors = watchErrors(provider);
  await login(provider, 'aanbieder@theaterdekolk.demo');
  await expect(provider).toHaveURL(/\/provider$/);
  await section(provider, 'Kassa');
  await expect(provider).toHaveURL(/\/provider\/counter$/);
  await hydrated(provider);
  await provider.getByLabel('Betaalcode').fill(code);
  await provider.getByRole('button', { name: 'Code opzoeken' }).click();
  const charge = provider.getByRole('region', { name: 'Tegoed afschrijven van Fatima' });
  await expect(charge).toContainText('€ 21,00');
  await expect(charge).not.toContainText('Haddou');
  await charge.getByLabel('Bedrag in euro').fill('7,50');
  await charge.getByLabel(/Waarvoor/).fill('Kaartje voorstelling');
  await charge.getByRole('button', { name: 'Betaling bevestigen' }).click();
  await expect(provider.getByRole('status')).toContainText('Betaald');
  await expect(provider.locator('li.row-card').first()).toContainText('€ 7,50 · Fatima');
  // Why it is not paid out yet: first the 14 days in which it can be refunded.
  await expect(provider.locator('li.row-card').first()).toContainText(/Gaat mee in een uitbetaling vanaf \d{1,2} [a-z]+ \d{4} \(eerst kun je hem 14 dagen terugdraaien\)/);
  // The same code again is refused: it works once.
  await provider.getByLabel('Betaalcode').fill(code);
  await provider.getByRole('button', { name: 'Code opzoeken' }).click();
  await expect(provider.getByRole('alert')).toContainText('al gebruikt');
  expect(providerErrors).toEqual([]);
  await provider.close();

  // The student sees the new balance and where it went.
  await student.reload();
  await expect(student.getByRole('region', { name: 'Je pas' }).getByLabel('Tegoed')).toHaveText('€ 13,50');
  await expect(student.getByRole('region', { name: 'Je tegoed', exact: true })).toContainText('Theater De Kolk — Kaartje voorstelling');
  expect(studentErrors).toEqual([]);
  await student.close();

  // The theatre refunds it: the confirmation names the payment, "Terug" changes nothing, and
  // the student gets her credit back and a mail about it.
  const counter = await browser.newPage({ viewport: { width: 390, height: 844 } });
  await login(counter, 'aanbieder@theaterdekolk.demo');
  await expect(counter).toHaveURL(/\/provider$/);
  await counter.goto('/provider/counter');
  const paidRow = counter.locator('li.row-card', { hasText: '€ 7,50 · Fatima' });
  await paidRow.getByRole('link', { name: /Terugdraaien/ }).click();
  const refund = counter.getByRole('alertdialog');
  await expect(refund).toContainText(/€ 7,50 · Fatima · Kaartje voorstelling · Bon \d+ · \d\d-\d\d-\d{4} \d\d:\d\d/);
  await refund.getByRole('link', { name: 'Terug' }).click();
  await expect(counter.getByRole('alertdialog')).toHaveCount(0);
  await expect(counter.locator('li.row-card', { hasText: '€ 7,50 · Fatima' }).locator('.badge')).toHaveText('betaald');
  await counter.locator('li.row-card', { hasText: '€ 7,50 · Fatima' }).getByRole('link', { name: /Terugdraaien/ }).click();
  await hydrated(counter);
  await counter.getByRole('button', { name: 'Ja, terugdraaien' }).click();
  await expect(counter.getByRole('status')).toContainText('De betaling is teruggedraaid');
  await counter.close();
  const operator = await browser.newPage({ viewport: { width: 390, height: 844 } });
  await login(operator, 'beheer@cultuurkaart.demo');
  await expect(operator).toHaveURL(/\/admin$/);
  await operator.goto(`/admin/mail?to=${encodeURIComponent(email)}`);
  await expect(operator.locator('.row-card').first()).toContainText('Betaling teruggedraaid');
  await operator.close();

  // The class now counts one active pass.
  await page.reload();
  await expect(page.locator('li.row-card', { hasText: `Klas ${klas}` })).toContainText('1 actief · 1 uitgenodigd');
});

test('a Docent+ sees the activations of their own classes and sends an invitation again', async ({ page }) => {
  const errors = watchErrors(page);
  await login(page, 'docentplus@roc-amstelland.demo');
  await expect(page).toHaveURL(/\/teacher$/);
  await section(page, 'Mijn klassen');
  await expect(page).toHaveURL(/\/teacher\/classes$/);
  await hydrated(page);
  // The demo Docent+ teaches 2A and 2B, not 3C.
  await expect(page.locator('li.row-card', { hasText: 'Klas 2A' })).toBeVisible();
  await expect(page.locator('li.row-card', { hasText: 'Klas 2B' })).toBeVisible();
  await expect(page.locator('li.row-card', { hasText: 'Klas 3C' })).toHaveCount(0);
  await page.locator('li.row-card', { hasText: 'Klas 2A' }).getByRole('link', { name: 'Klas 2A' }).click();
  await expect(page.getByRole('heading', { name: 'Klas 2A', level: 2 })).toBeVisible();
  await expect(page.locator('section.card li.row-card', { hasText: 'Lotte de Vries' })).toContainText('actief');
  expect(errors).toEqual([]);
});

test('the demo student opens the pass first', async ({ page }) => {
  await login(page, 'student@roc-amstelland.demo');
  await expect(page).toHaveURL(/\/student$/);
  const pass = page.getByRole('region', { name: 'Je pas' });
  await expect(pass).toContainText('Lotte de Vries');
  await expect(pass).toContainText('2A');
  await expect(pass).toContainText('actief');
});

/**
 * A provider's page at the counter where the browser reads QR codes: Chromium on Linux has no
 * `BarcodeDetector`, so a stand-in answers with what the student's QR code holds, once the
 * (fake) camera has shown it a few frames. `camera` false makes the camera refuse.
 */
async function counterWithScanner(browser, code, { camera = true } = {}) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, permissions: ['camera'] });
  await context.addInitScript(({ code, camera }) => {
    window.scanLog = { frames: 0, live: false };
    window.BarcodeDetector = class {
      constructor(options) { window.scanLog.formats = options && options.formats; }
      async detect(source) {
        window.scanLog.frames += 1;
        window.scanLog.live = source instanceof HTMLVideoElement && !!source.srcObject && source.srcObject.active;
        sessionStorage.setItem('scan-log', JSON.stringify(window.scanLog));
        return window.scanLog.frames < 3 ? [] : [{ format: 'qr_code', rawValue: 'https://example.org' }, { format: 'qr_code', rawValue: `CK${code}` }];
      }
    };
    if (!camera) navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
  }, { code, camera });
  const page = await context.newPage();
  await login(page, 'aanbieder@theaterdekolk.demo');
  await expect(page).toHaveURL(/\/provider$/);
  await page.goto('/provider/counter');
  await hydrated(page);
  return { context, page };
}

test('at the counter the payment code is scanned with the camera where the browser can, and typed where not', async ({ page, browser }) => {
  await login(page, 'student@roc-amstelland.demo');
  await expect(page).toHaveURL(/\/student$/);
  await page.getByRole('button', { name: 'Nieuwe betaalcode' }).click();
  const code = (await page.getByLabel('Betaalcode').textContent()).trim();

  // Without a QR reader in the browser there is no scan button, and no code is loaded for
  // it: the code is typed.
  const plain = await browser.newPage({ viewport: { width: 390, height: 844 } });
  await login(plain, 'aanbieder@theaterdekolk.demo');
  const loaded = [];
  plain.on('request', (r) => { if (/\.(wasm|js)$/.test(new URL(r.url()).pathname)) loaded.push(r.url()); });
  await plain.goto('/provider/counter');
  await hydrated(plain);
  await plain.waitForLoadState('networkidle');
  expect(loaded).toEqual([]);
  await expect(plain.getByLabel('Betaalcode')).toBeVisible();
  await expect(plain.getByRole('button', { name: 'Scan de QR-code met de camera' })).toBeHidden();
  await plain.close();

  // A camera that cannot be used says so and leaves typing.
  const refused = await counterWithScanner(browser, code, { camera: false });
  await refused.page.getByRole('button', { name: 'Scan de QR-code met de camera' }).click();
  await expect(refused.page.getByRole('alert')).toHaveText('De camera kan niet worden gebruikt. Typ de code over.');
  await expect(refused.page.getByLabel('Betaalcode')).toBeEditable();
  await refused.context.close();

  // Scanned: the camera shows what it sees, the first QR code with a payment code is looked up
  // as if typed, and the camera is closed again.
  const { context, page: counter } = await counterWithScanner(browser, code);
  const errors = watchErrors(counter);
  await counter.getByRole('button', { name: 'Scan de QR-code met de camera' }).click();
  const charge = counter.getByRole('region', { name: 'Tegoed afschrijven van Lotte' });
  await expect(charge).toContainText('Tegoed: €');
  await expect(counter).toHaveURL(new RegExp(`code=CK${code}`));
  const log = await counter.evaluate(() => JSON.parse(sessionStorage.getItem('scan-log')));
  expect(log).toEqual({ frames: 3, live: true, formats: ['qr_code'] });
  await counter.screenshot({ path: test.info().outputPath('counter-scanned.png') });
  expect(errors).toEqual([]);
  await context.close();
});
