// The cost of the driver child: `move` (set + read back the cursor) in-process through nut-js vs through NativeHost, p50/p95 over a few hundred calls.
import { NativeHost } from '../src/main/drivers/nativeHost.js';
import { importNutJs } from '../src/main/drivers/nutjs.js';
import { startXServer } from '../test/support/xserver.js';

const CALLS = 400;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN;
}

async function time(label: string, move: (i: number) => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 20; i++) await move(i);
  const samples: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const started = performance.now();
    await move(i);
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  const p50 = percentile(samples, 0.5);
  console.log(`${label}: p50 ${p50.toFixed(3)} ms, p95 ${percentile(samples, 0.95).toFixed(3)} ms over ${CALLS} calls`);
  return p50;
}

const xs = await startXServer({ width: 1280, height: 800 });
xs.stopAfterExit();
process.env.DISPLAY = xs.display;
const host = new NativeHost();
const child = await time('through the driver child', (i) => host.call({ op: 'place', to: { x: 10 + (i % 500), y: 10 + (i % 300) } }, 'moving the pointer'));
const nut = await importNutJs();
const inProcess = await time('in-process nut-js', async (i) => {
  await nut.mouse.setPosition(new nut.Point(10 + (i % 500), 10 + (i % 300)));
  return nut.mouse.getPosition();
});
console.log(`extra hop: ${(child - inProcess).toFixed(3)} ms at p50 (ratio ${(child / inProcess).toFixed(2)})`);
await time('full-screen grab through the child (1280x800)', () => host.call({ op: 'grab' }, 'capturing the screen'));
await host.close();
process.exit(0);
