// The demo at desktop and phone size with two people in the room: screenshots for a person to look at, and
// checks that the phone layout has no sideways scrolling and shows all four panels.
import { run, openPage, screenshot, sleep, uniqueRoom, check } from './lib.mjs';

await run('layout', async (browser) => {
  const room = uniqueRoom('layout');
  const alice = await openPage(browser, `/?room=${room}&name=Alice`, { label: 'alice' });
  const bob = await openPage(browser, `/?room=${room}&name=Bob`, { viewport: { width: 390, height: 844 }, label: 'bob' });
  for (const p of [alice, bob]) await p.waitForSelector('#conn-state[data-state="connected"]');
  await alice.fill('#chat-input', 'Morning! Ticker looks busy today.');
  await alice.press('#chat-input', 'Enter');
  await bob.fill('#chat-input', 'Hi Alice, drawing on the board now');
  await bob.press('#chat-input', 'Enter');
  await bob.locator('#board').scrollIntoViewIfNeeded();
  const box = await bob.locator('#board').boundingBox();
  await bob.mouse.move(box.x + 40, box.y + 40);
  await bob.mouse.down();
  for (let i = 0; i <= 20; i++) await bob.mouse.move(box.x + 40 + i * 12, box.y + 40 + Math.sin(i / 3) * 30 + i * 3);
  await bob.mouse.up();
  await bob.evaluate(() => window.scrollTo(0, 0));
  const abox = await alice.locator('#board').boundingBox();
  await alice.mouse.move(abox.x + abox.width * 0.7, abox.y + abox.height * 0.6);
  await alice.waitForSelector('#cursors .cursor');
  check(true, 'Alice sees Bob\'s cursor on the board');
  await alice.waitForFunction(() => document.querySelectorAll('#presence-list li').length === 2);
  await sleep(3000); // let the ticker and latency meters fill in
  for (const [page, label] of [[alice, 'desktop'], [bob, 'phone']]) {
    const m = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth, width: window.innerWidth,
      cards: [...document.querySelectorAll('.card')].filter((c) => c.getBoundingClientRect().width > 200).length,
    }));
    check(m.scroll <= m.width, `${label}: no sideways scrolling (${m.scroll} <= ${m.width})`);
    check(m.cards === 4, `${label}: all four panels are laid out`);
  }
  await screenshot(alice, 'demo-desktop');
  await screenshot(bob, 'demo-phone');
});
