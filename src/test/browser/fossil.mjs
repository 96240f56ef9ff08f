// Checks the server's Fossil delta encoder against the npm package fossil-delta (the decoder a JS client would
// use): for every case FossilDeltaTest wrote (base-N.bin, target-N.bin, java-N.delta), npm's applyDelta must turn
// the base into the target with the Java delta, and npm's createDelta must make the same bytes (the Java encoder
// follows the same algorithm); npm's own delta is written as npm-N.delta for the Java decoder to apply.
import { readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDelta, applyDelta } from 'fossil-delta';

const dir = fileURLToPath(process.argv[2]);
const cases = readdirSync(dir).filter((f) => f.startsWith('java-')).map((f) => f.slice(5, -6));
let failures = 0;
const same = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
for (const n of cases) {
  const base = new Uint8Array(readFileSync(join(dir, `base-${n}.bin`)));
  const target = new Uint8Array(readFileSync(join(dir, `target-${n}.bin`)));
  const javaDelta = new Uint8Array(readFileSync(join(dir, `java-${n}.delta`)));
  try {
    const out = applyDelta(base, javaDelta);
    if (!same(out, target)) { failures++; console.log(`FAIL case ${n}: npm applyDelta of the Java delta differs from the target`); }
  } catch (e) {
    failures++; console.log(`FAIL case ${n}: npm applyDelta refused the Java delta: ${e.message}`);
  }
  const npmDelta = createDelta(base, target);
  if (!same(npmDelta, javaDelta)) { failures++; console.log(`FAIL case ${n}: npm createDelta made other bytes (${npmDelta.length} vs ${javaDelta.length})`); }
  writeFileSync(join(dir, `npm-${n}.delta`), npmDelta);
}
if (cases.length === 0) { console.log('FAIL no cases found'); process.exit(1); }
if (failures > 0) { process.exit(1); }
console.log(`PASS fossil: ${cases.length} cases agree with fossil-delta from npm`);
