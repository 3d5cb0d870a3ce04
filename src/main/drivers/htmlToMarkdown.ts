// Turns a fetched HTML page into compact markdown: the title as a heading, links made absolute, scripts and navigation dropped.
import TurndownService from 'turndown';

const NOISE: TurndownService.Filter = ['head', 'title', 'script', 'style', 'noscript', 'nav', 'iframe', 'template', 'svg' as keyof HTMLElementTagNameMap, 'canvas', 'form', 'button'];

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith('#')) {
      const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

function absolute(href: string, base: URL): string | null {
  try {
    const url = new URL(href, base);
    return url.protocol === 'http:' || url.protocol === 'https:' || url.protocol === 'mailto:' ? url.href : null;
  } catch {
    return null;
  }
}

function converter(base: URL): TurndownService {
  const service = new TurndownService({ headingStyle: 'atx', codeBlockStyle: 'fenced', bulletListMarker: '-', emDelimiter: '*' });
  service.remove(NOISE);
  service.addRule('absoluteLinks', {
    filter: (node) => node.nodeName === 'A' && node.getAttribute('href') !== null,
    replacement: (content, node) => {
      const href = absolute((node as HTMLElement).getAttribute('href') ?? '', base);
      const text = content.trim();
      if (!text) return '';
      return href ? `[${text}](${href})` : text;
    },
  });
  // Inline images (data: URLs) would cost the agent thousands of tokens for nothing it can read.
  service.addRule('readableImages', {
    filter: 'img',
    replacement: (_content, node) => {
      const element = node as HTMLElement;
      const alt = (element.getAttribute('alt') ?? '').trim();
      const src = absolute(element.getAttribute('src') ?? '', base);
      if (src && !src.startsWith('data:')) return `![${alt}](${src})`;
      return alt ? `[image: ${alt}]` : '';
    },
  });
  return service;
}

export function htmlToMarkdown(html: string, base: URL): { title: string; markdown: string } {
  const rawTitle = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html)?.[1] ?? '';
  const title = decodeEntities(rawTitle).replace(/\s+/g, ' ').trim();
  const body = converter(base).turndown(html).replace(/\n{3,}/g, '\n\n').trim();
  const heading = title ? `# ${title}` : '';
  const markdown = heading && !body.startsWith(`${heading}\n`) && body !== heading ? `${heading}\n\n${body}` : body;
  return { title, markdown };
}
