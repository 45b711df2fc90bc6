// The catalog's only script: search and filters on the home page, copy buttons everywhere.
// Pages work without it (every agent listed, every command selectable).
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

// Each card's searchable text is read once; a search then costs a string scan per card.
function setUpSearch() {
  const list = document.getElementById('agent-list');
  const search = document.getElementById('search');
  if (!list || !search) return;
  const count = document.getElementById('result-count');
  const empty = document.getElementById('no-results');
  const selects = [...document.querySelectorAll('select[data-filter]')];
  // The page lists agents by name: a card's index is its place in that order.
  const cards = [...list.children].map((element, index) => ({
    index,
    element,
    text: element.textContent.toLowerCase(),
    category: element.dataset.category,
    model: element.dataset.model,
    mode: element.dataset.mode,
    inheritsAll: element.dataset.tools === '*',
    tools: new Set(element.dataset.tools.split(' ')),
    denied: new Set(element.dataset.denied.split(' ')),
    clients: new Set(element.dataset.clients.split(' ')),
    context: Number(element.dataset.context),
  }));
  const sort = document.querySelector('select[data-sort]');
  let sortedBy = '';
  const total = cards.length;

  const canUse = (card, tool) => {
    if (tool === '*') return card.inheritsAll;
    return (card.inheritsAll || card.tools.has(tool)) && !card.denied.has(tool);
  };

  function apply() {
    const terms = search.value.toLowerCase().split(/\s+/).filter(Boolean);
    const filters = Object.fromEntries(selects.map((select) => [select.dataset.filter, select.value]));
    let shown = 0;
    for (const card of cards) {
      const visible =
        terms.every((term) => card.text.includes(term)) &&
        (!filters.category || card.category === filters.category) &&
        (!filters.model || card.model === filters.model) &&
        (!filters.mode || card.mode === filters.mode) &&
        (!filters.tool || canUse(card, filters.tool)) &&
        (!filters.client || card.clients.has(filters.client));
      if (card.element.hidden === visible) card.element.hidden = !visible;
      if (visible) shown += 1;
    }
    // Sorting moves the cards' elements, once per change of order (typing a search never sorts).
    const order = sort?.value ?? '';
    if (order !== sortedBy) {
      const sign = order.startsWith('-') ? -1 : 1;
      const sorted = [...cards].sort((a, b) => (order === '' ? 0 : sign * (a.context - b.context)) || a.index - b.index);
      list.append(...sorted.map((card) => card.element));
      sortedBy = order;
    }
    count.textContent = shown === total ? `${total} agent${total === 1 ? '' : 's'}` : `${shown} of ${total} agents`;
    empty.hidden = shown !== 0;

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
  sort?.addEventListener('change', apply);
  search.addEventListener('input', apply);
  for (const select of selects) select.addEventListener('change', apply);
  document.addEventListener('keydown', (event) => {
    const target = event.target;
    const typing = target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
    if (event.key === '/' && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      search.focus();
    }
  });
  if (params.size > 0) apply();
}

setUpCopyButtons();
setUpSearch();
