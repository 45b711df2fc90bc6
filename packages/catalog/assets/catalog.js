// The catalog's only script: search and filters on the home page, copy buttons everywhere.
// Pages work without it (the first agents on the home page, every agent on its category's page, every command selectable).
'use strict';

function announce(message) {
  const announcer = document.getElementById('announcer');
  if (announcer) announcer.textContent = message;
}

// Copy: the Clipboard API where the page is a secure context, a selection and execCommand elsewhere.
async function copyText(value) {
  if (navigator.clipboard && window.isSecureContext) {
    await navigator.clipboard.writeText(value);
    return;
  }
  const area = document.createElement('textarea');
  area.value = value;
  area.setAttribute('readonly', '');
  area.className = 'offscreen';
  document.body.append(area);
  area.select();
  const copied = document.execCommand('copy');
  area.remove();
  if (!copied) throw new Error('copy refused');
}

function setUpCopyButtons() {
  for (const button of document.querySelectorAll('button[data-copy]')) {
    button.addEventListener('click', async () => {
      const source = document.getElementById(button.dataset.copy);
      if (!source) return;
      try {
        await copyText(source.textContent);
        button.textContent = 'Copied';
        announce('Copied to the clipboard');
      } catch {
        button.textContent = 'Select and copy';
        announce('Could not copy: select the text and copy it');
      }
      setTimeout(() => {
        button.textContent = 'Copy';
      }, 2000);
    });
  }
}

// The home page holds the first agents by name; search, filters and "Show more" work on the search
// index (every agent's name, description, badges and filter values), fetched once when the visitor
// reaches for them.
function setUpSearch() {
  const list = document.getElementById('agent-list');
  const search = document.getElementById('search');
  if (!list || !search) return;
  const count = document.getElementById('result-count');
  const empty = document.getElementById('no-results');
  const more = document.getElementById('show-more');
  const firstPage = document.getElementById('first-page');
  const selects = [...document.querySelectorAll('select[data-filter]')];
  const sort = document.querySelector('select[data-sort]');
  const total = Number(list.dataset.total);
  const pageSize = Number(list.dataset.page);
  const plural = (n) => `${n} agent${n === 1 ? '' : 's'}`;
  let entries;
  let loading;
  let shownUpTo = pageSize;

  function loadIndex() {
    loading ??= fetch(list.dataset.index)
      .then((response) => {
        if (!response.ok) throw new Error(`the search index answered ${response.status}`);
        return response.json();
      })
      .then((rows) => {
        // What a search matches: the card's text.
        for (const row of rows) row.text = [row.name, row.description, ...row.badges].join('\n').toLowerCase();
        // Nothing is rendered before the index is here: the list holds the page's own cards, the first by name.
        for (const [position, card] of [...list.children].entries()) rows[position].element = card;
        entries = rows;
      })
      .catch((error) => {
        // The next search tries again.
        loading = undefined;
        throw error;
      });
    return loading;
  }

  // A card is made once, and reused: from the catalog's own markup when it marks hidden characters,
  // otherwise as the page's cards are, with every value set as text.
  const template = document.createElement('template');
  function element(entry) {
    if (entry.element) return entry.element;
    if (entry.card) {
      template.innerHTML = entry.card;
      entry.element = template.content.firstElementChild;
      return entry.element;
    }
    const make = (tag, text, attributes = {}) => {
      const made = document.createElement(tag);
      for (const [name, value] of Object.entries(attributes)) made.setAttribute(name, value);
      if (text !== undefined) made.textContent = text;
      return made;
    };
    const heading = make('h2');
    // An agent's page, as src/addresses.ts places it.
    heading.append(make('a', entry.name, { href: `agents/${entry.name}.html` }));
    const badges = make('ul', undefined, { class: 'badges', 'aria-label': 'Capabilities' });
    badges.append(...entry.badges.map((badge, position) => make('li', badge, entry.attention?.includes(position) ? { class: 'attention' } : {})));
    entry.element = make('li', undefined, { class: 'card' });
    entry.element.append('\n', heading, '\n', make('p', entry.description, { class: 'description' }), '\n', badges, '\n');
    return entry.element;
  }

  function offerMore(left) {
    more.hidden = left <= 0;
    more.textContent = `Show ${Math.min(left, pageSize)} more (${left} not shown)`;
  }

  const canUse = (entry, tool) => {
    if (tool === '*') return entry.tools === '*';
    return (entry.tools === '*' || entry.tools.includes(tool)) && !entry.denied?.includes(tool);
  };

  async function apply({ keepShown = false } = {}) {
    if (!keepShown) shownUpTo = pageSize;
    if (!entries) {
      list.setAttribute('aria-busy', 'true');
      count.textContent = 'Loading every agent…';
      try {
        await loadIndex();
      } catch {
        count.textContent = 'Could not load the list of agents: search again, or reload the page.';
        return;
      } finally {
        list.removeAttribute('aria-busy');
      }
    }
    const terms = search.value.toLowerCase().split(/\s+/).filter(Boolean);
    const filters = Object.fromEntries(selects.map((select) => [select.dataset.filter, select.value]));
    const matches = entries.filter(
      (entry) =>
        terms.every((term) => entry.text.includes(term)) &&
        (!filters.category || entry.category === filters.category) &&
        (!filters.model || entry.model === filters.model) &&
        (!filters.mode || entry.mode === filters.mode) &&
        (!filters.tool || canUse(entry, filters.tool)) &&
        (!filters.client || !entry.missing?.includes(filters.client)) &&
        (!filters.skill || (filters.skill === '*' ? entry.skills !== undefined : (entry.skills ?? []).includes(filters.skill))),
    );
    const order = sort?.value ?? '';
    // Sorting is stable: agents of equal cost stay in name order.
    if (order !== '') matches.sort((a, b) => (order.startsWith('-') ? b.context - a.context : a.context - b.context));
    list.replaceChildren(...matches.slice(0, shownUpTo).map(element));
    offerMore(matches.length - shownUpTo);
    if (firstPage) firstPage.hidden = true;
    count.textContent = matches.length === total ? plural(total) : `${matches.length} of ${plural(total)}`;
    empty.hidden = matches.length !== 0;

    // The address keeps the search, so a filtered list can be shared and survives going back.
    const params = new URLSearchParams();
    if (search.value) params.set('q', search.value);
    for (const [name, value] of Object.entries(filters)) if (value) params.set(name, value);
    if (order) params.set('sort', order);
    const query = params.toString();
    history.replaceState(null, '', query ? `?${query}` : location.pathname);
  }

  const params = new URLSearchParams(location.search);
  search.value = params.get('q') ?? '';
  for (const select of selects) {
    const value = params.get(select.dataset.filter);
    if (value && [...select.options].some((option) => option.value === value)) select.value = value;
  }
  const sortValue = params.get('sort');
  if (sort && sortValue && [...sort.options].some((option) => option.value === sortValue)) sort.value = sortValue;
  // Reaching for the search or a filter fetches the index, so it is there by the first keystroke.
  search.closest('.filters')?.addEventListener('focusin', () => loadIndex().catch(() => {}), { once: true });
  sort?.addEventListener('change', () => apply());
  search.addEventListener('input', () => apply());
  for (const select of selects) select.addEventListener('change', () => apply());
  more.addEventListener('click', () => {
    shownUpTo += pageSize;
    apply({ keepShown: true });
  });
  document.addEventListener('keydown', (event) => {
    const target = event.target;
    const typing = target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
    if (event.key === '/' && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      search.focus();
    }
  });
  offerMore(total - pageSize);
  if (params.size > 0) apply();
}

setUpCopyButtons();
setUpSearch();
