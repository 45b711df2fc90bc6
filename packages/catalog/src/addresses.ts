/**
 * Where each page of the site is, from the site's root. A page is a file of its own, not a folder's
 * index.html: at 6,000 pages, making as many folders took seconds on some disks. Static hosts (GitHub
 * Pages, `pnpm catalog --serve`) serve `agents/<name>.html` at `agents/<name>` as well.
 * assets/catalog.js links search results to `address.agent`'s pages: change both together.
 */
export const address = {
  agent: (name: string) => `agents/${name}.html`,
  skill: (name: string) => `skills/${name}.html`,
  category: (name: string) => `categories/${name}.html`,
  clients: 'clients.html',
};

/** From a page one folder down (an agent's, a skill's, a category's) back to the site's root. */
export const FROM_FOLDER = '../';
