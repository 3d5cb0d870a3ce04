// Renders the app icon and the four tray icons from the SVG below: `node build/make-icons.mjs` (outputs are committed).
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

const here = dirname(fileURLToPath(import.meta.url));

const appIcon = `<svg xmlns="http://www.w3.org/2000/svg" width="512" height="512" viewBox="0 0 512 512">
  <rect x="16" y="16" width="480" height="480" rx="104" fill="#1f3a5f"/>
  <path d="M72 256 C140 150 372 150 440 256 C372 362 140 362 72 256 Z" fill="#ffffff"/>
  <circle cx="256" cy="256" r="74" fill="#2e9d4f"/>
  <circle cx="256" cy="256" r="30" fill="#1f3a5f"/>
</svg>`;

// Each state has its own colour and its own shape, so it reads without colour too.
const glyphs = {
  running: { fill: '#2e9d4f', glyph: '<path d="M12 9 L24 16 L12 23 Z" fill="#fff"/>' },
  paused: { fill: '#d98e04', glyph: '<rect x="10" y="9" width="4.5" height="14" fill="#fff"/><rect x="17.5" y="9" width="4.5" height="14" fill="#fff"/>' },
  stopped: { fill: '#d32f2f', glyph: '<rect x="10" y="10" width="12" height="12" fill="#fff"/>' },
  approval: { fill: '#1e6fd9', glyph: '<rect x="14" y="6.5" width="4" height="12" rx="1" fill="#fff"/><circle cx="16" cy="23" r="2.4" fill="#fff"/>' },
};

function traySvg({ fill, glyph }) {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32" viewBox="0 0 32 32"><circle cx="16" cy="16" r="15" fill="${fill}"/>${glyph}</svg>`;
}

// Rendered at four times the size and scaled down, for smooth edges.
async function render(svg, viewBox, size, file) {
  const density = (72 * size * 4) / viewBox;
  await writeFile(file, await sharp(Buffer.from(svg), { density }).resize(size, size).png().toBuffer());
}

await render(appIcon, 512, 512, join(here, 'icon.png'));
for (const [state, spec] of Object.entries(glyphs)) {
  await render(traySvg(spec), 32, 16, join(here, 'tray', `${state}.png`));
  await render(traySvg(spec), 32, 32, join(here, 'tray', `${state}@2x.png`));
}
