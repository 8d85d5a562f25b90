// A provider invites a colleague whose address already has an account: nothing is attached
// until that person says yes; the provider sees only what it typed; the person accepts (with
// JavaScript) or declines (without); the provider removes a colleague after confirming.
import { test } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { expect, hydrated, login } from './helpers.mjs';

const PROVIDER = 'aanbieder@theaterdekolk.demo';
const TEACHER = 'docent@roc-amstelland.demo';

async function invite(page, name) {
  await login(page, PROVIDER);
  await expect(page).toHaveURL(/\/provider$/);
  await hydrated(page);
  await page.getByText('Collega uitnodigen').first().click();
  await page.locator('#colleague-name').fill(name);
  await page.locator('#colleague-email').fill(TEACHER);
  await page.getByRole('button', { name: 'Collega uitnodigen' }).click();
  await expect(page.getByRole('status')).toContainText('De uitnodiging is verstuurd.');
}

test('an existing account accepts an invitation and the provider later removes the colleague', async ({ page, browser }) => {
  await invite(page, 'Kassa Medewerker');
  const colleagues = page.getByRole('region', { name: "Collega's in het portaal" });
  const item = colleagues.locator('li', { hasText: 'Kassa Medewerker' });
  await expect(item).toContainText(`Kassa Medewerker (${TEACHER})`);
  await expect(item).toContainText('Uitgenodigd');
  // The account's own name is not shown before the person accepts.
  await expect(colleagues).not.toContainText('Sanne Willems');

  // Axe wants a page of a context of its own.
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const teacher = await context.newPage();
  await login(teacher, TEACHER);
  await expect(teacher).toHaveURL(/\/teacher$/);
  await teacher.goto('/account/invitations');
  await hydrated(teacher);
  const invitation = teacher.locator('.row-card', { hasText: 'Theater De Kolk' });
  await expect(invitation).toContainText('Uitgenodigd door');
  const violations = (await new AxeBuilder({ page: teacher }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze())
    .violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(violations.map((v) => v.id)).toEqual([]);
  await teacher.screenshot({ path: test.info().outputPath('invitations.png'), fullPage: true });
  await invitation.getByRole('button', { name: 'Accepteren' }).click();
  await expect(teacher).toHaveURL(/\/provider\?done=joined$/);
  await expect(teacher.getByRole('status')).toContainText('je werkt nu mee in dit portaal');
  await context.close();

  await page.goto('/provider');
  await hydrated(page);
  const member = colleagues.locator('li', { hasText: 'Sanne Willems' });
  await expect(member).toContainText('In het portaal');
  await page.screenshot({ path: test.info().outputPath('colleagues.png'), fullPage: true });
  await member.getByText('Verwijderen', { exact: true }).click();
  await expect(member).toContainText('Niet meer laten werken in het portaal van jullie organisatie: Sanne Willems');
  await member.getByRole('button', { name: 'Ja, verwijder Sanne Willems' }).click();
  await expect(page.getByRole('status')).toContainText('Verwijderd uit het portaal.');
  await expect(colleagues).not.toContainText('Sanne Willems');
  // Signing in is no longer a way into the provider portal for her.
  const again = await browser.newPage({ viewport: { width: 390, height: 844 } });
  await login(again, TEACHER);
  await expect(again).toHaveURL(/\/teacher$/);
  await again.goto('/provider');
  await expect(again.getByRole('heading', { level: 1 })).toHaveText('Geen toegang');
  await again.close();
});

test('without JavaScript the invited person declines and the provider sees it', async ({ page, browser }) => {
  await invite(page, 'Tweede Poging');
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
  const teacher = await context.newPage();
  await login(teacher, TEACHER, undefined, { js: false });
  await expect(teacher).toHaveURL(/\/teacher$/);
  await teacher.goto('/account/invitations');
  await teacher.locator('.row-card', { hasText: 'Theater De Kolk' }).getByRole('button', { name: 'Weigeren' }).click();
  await expect(teacher).toHaveURL(/\/account\/invitations\?done=declined$/);
  await expect(teacher.getByRole('status')).toContainText('Je hebt de uitnodiging geweigerd.');
  await expect(teacher.getByText('Er wachten geen uitnodigingen op je.')).toBeVisible();
  await context.close();

  await page.goto('/provider');
  await hydrated(page);
  const item = page.getByRole('region', { name: "Collega's in het portaal" }).locator('li', { hasText: 'Tweede Poging' });
  await expect(item).toContainText('Heeft geweigerd');
  await item.getByText('Uitnodiging intrekken', { exact: true }).click();
  await item.getByRole('button', { name: 'Ja, trek in voor Tweede Poging' }).click();
  await expect(page.getByRole('status')).toContainText('Verwijderd uit het portaal.');
  await expect(page.getByRole('region', { name: "Collega's in het portaal" })).not.toContainText('Tweede Poging');
});
