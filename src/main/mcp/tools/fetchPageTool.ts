// fetch_page: a web page as markdown, for reading docs and search results without a browser.
import { z } from 'zod';
import { defineTool } from './toolDefinition.js';
import { textOutput } from '../../../shared/toolOutput.js';

function urlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `"${url}" is not a valid URL; give a full address such as https://example.com/page.`;
  }
  return parsed.protocol === 'http:' || parsed.protocol === 'https:'
    ? undefined
    : `fetch_page only reads http and https pages, not ${parsed.protocol} URLs.`;
}

export const fetchPageTool = defineTool({
  name: 'fetch_page',
  title: 'Fetch a web page',
  description:
    'Downloads an http or https page and returns it as markdown, with the final URL (after redirects) and the title on top. ' +
    'Long pages are cut, with a marker. Addresses on this machine or the private network are refused unless the person allowed them. ' +
    'Use it to read documentation or articles; use the desktop tools to interact with a page in a browser.',
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  makesInput: false,
  inputSchema: {
    url: z.string().min(1).max(8192).describe('http or https URL.'),
  },
  validate: ({ url }) => urlProblem(url),
  action: ({ url }, { drivers }) => ({
    async run(ctx) {
      const page = await drivers.pages.fetch(url, ctx);
      return textOutput(
        [
          `URL: ${page.url}`,
          `Title: ${page.title || '(none)'}`,
          `Status: ${page.status} ${page.contentType}`,
          '',
          page.markdown,
          page.truncated ? '\n[... page cut here: it was longer than the size cap ...]' : '',
        ].join('\n'),
      );
    },
    preview: async () => ({ url, description: `Fetch ${url}` }),
  }),
});
