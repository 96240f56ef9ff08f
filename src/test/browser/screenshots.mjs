// Screenshots of the demo at desktop and phone size, with two people in the room, for a person to look at.
import { run, openPage, screenshot, sleep, uniqueRoom, check } from './lib.mjs';

await run('screenshots', async (browser) => {
  const room = uniqueRoom('shots');
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
  const abox = await alice.locator('#board').boundingBox();
  await alice.mouse.move(abox.x + abox.width * 0.7, abox.y + abox.height * 0.6);
  await sleep(6000);
  check(await alice.locator('#presence-list li').count() === 2, 'two people in presence');
  await screenshot(alice, 'demo-desktop');
  await screenshot(bob, 'demo-phone');
});
