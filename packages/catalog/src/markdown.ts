import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';
import { escapeHtml, revealHidden } from './html.js';

const marked = new Marked({
  gfm: true,
  async: false,
  renderer: {
    // An image would be fetched from wherever the agent says: shown as its description and address instead.
    image: ({ href, text }) => `<span>[image: ${escapeHtml(text || 'no description')} (${escapeHtml(href)})]</span>`,
  },
});

/** A prompt's headings sit under the page's own h1 and h2. */
const SHIFTED_HEADINGS = { h1: 'h3', h2: 'h4', h3: 'h5', h4: 'h6', h5: 'h6', h6: 'h6' } as const;

/**
 * Text only, nothing that runs, loads or submits: no script, style, handler,
 * frame, form, image or embedded object (each is shown as escaped text, as the
 * model reads it); links only to http(s) and mail, and marked as user content.
 * Whatever sanitize-html would let through, the page's Content Security Policy
 * would refuse as well.
 */
const POLICY: sanitizeHtml.IOptions = {
  allowedTags: [
    'h3',
    'h4',
    'h5',
    'h6',
    'p',
    'blockquote',
    'ul',
    'ol',
    'li',
    'pre',
    'code',
    'em',
    'strong',
    'del',
    's',
    'a',
    'hr',
    'br',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
    'kbd',
    'sup',
    'sub',
    'details',
    'summary',
    'dl',
    'dt',
    'dd',
    'span',
  ],
  allowedAttributes: { a: ['href', 'title', 'rel'], code: ['class'], th: ['align'], td: ['align'], ol: ['start'] },
  allowedClasses: { code: [/^language-[\w-]+$/] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  // Any other tag is shown as the text it is, with its content: a model reads the text inside <template>,
  // <noscript>, <svg> or <math> as part of the prompt, so a reader must see it too (dropping it hid text).
  disallowedTagsMode: 'recursiveEscape',
  nonTextTags: [],
  transformTags: {
    ...SHIFTED_HEADINGS,
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: 'nofollow noopener noreferrer ugc' } }),
  },
  textFilter: (escaped) => revealHidden(escaped),
};

/** Untrusted Markdown (an agent's prompt, a changelog) as HTML that can carry nothing but text and links. */
export function renderMarkdown(markdown: string): string {
  return sanitizeHtml(marked.parse(markdown) as string, POLICY);
}
