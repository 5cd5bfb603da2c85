// Acme CRM: a small client-side-routed app for Stepwise's demo and end-to-end tests. Paths route
// through history.pushState; the Reports section routes in the hash (#/pipeline, #/forecast).
(() => {
  const view = document.getElementById('view');
  const toast = document.getElementById('toast');

  // --- Re-render mode (`?seed=N`, kept for the tab's session): what real apps change between loads
  // and releases, for the picker's survival benchmark. Without a seed every helper below returns
  // its input unchanged, so the default app is exactly as before.
  const variant = (() => {
    const query = new URLSearchParams(location.search).get('seed');
    if (query !== null) sessionStorage.setItem('acme-seed', query);
    const stored = sessionStorage.getItem('acme-seed');
    if (stored === null || stored === '' || !Number.isFinite(Number(stored))) return null;
    const seed = Number(stored);
    const hash = (text) => {
      let h = 2166136261 ^ seed;
      for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
      return h >>> 0;
    };
    const chars = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
    const token = (text, length) => {
      let h = hash(text);
      let out = '';
      for (let i = 0; i < length; i++) {
        out += chars[h % chars.length];
        h = Math.imul(h ^ (h >>> 13), 2654435761) >>> 0;
      }
      return out;
    };
    // Ids as frameworks generate them: React's useId (18 and 19), Radix, Ember; a counter whose
    // start moves with everything rendered before.
    const idStyle = seed % 4;
    let counter = hash('start') % 300;
    let ids = new Map();
    const id = (name) => {
      if (!ids.has(name)) {
        const n = (counter++).toString(32);
        ids.set(name, [`:r${n}:`, `«r${n}»`, `radix-:R${n}:`, `ember${1000 + counter}`][idStyle]);
      }
      return ids.get(name);
    };
    // Class names as CSS-in-JS and CSS modules write them.
    const classStyle = seed % 3;
    const className = (name) =>
      [`css-${token(name, 6).toLowerCase()}`, `sc-${token(name, 6)}`, `_${token(name, 5)}`][classStyle];
    // Elements the benchmark must not count as picked (wrappers and rows a release added) and the
    // logical name of each element: kept here, where the page's DOM shows nothing of them.
    const wrappers = new WeakSet();
    const additions = new WeakSet();
    const claim = (root) => {
      for (const [name, set] of [
        ['data-acme-wrapper', wrappers],
        ['data-acme-added', additions],
      ]) {
        for (const el of root.querySelectorAll(`[${name}]`)) {
          set.add(el);
          el.removeAttribute(name);
        }
      }
    };
    window.acmeVariant = {
      seed,
      id,
      className,
      /** True with a probability of about `share`, the same for the same `what` and seed. */
      chance: (what, share) => hash(what) % 1000 < share * 1000,
      /** A wrapper `<div>` around `html`, in about half the seeds. */
      wrap: (what, html) => {
        if (!(hash(`wrap:${what}`) % 2)) return html;
        const tag = what.endsWith('-label') ? 'span' : 'div';
        return `<${tag} data-acme-wrapper class="${className(`wrap-${what}`)}">${html}</${tag}>`;
      },
      /** `html` when this seed's release added it, marked so the benchmark skips it. */
      added: (what, html) => (hash(`add:${what}`) % 3 ? html.replace(/^<([a-z0-9-]+)/, '<$1 data-acme-added') : ''),
      claim,
      /** A wrapper a release added around elements that were there before. */
      isWrapper: (el) => wrappers.has(el),
      /** An element a release added, with everything in it. */
      isAdded: (el) => additions.has(el),
      newPage: () => {
        ids = new Map();
        counter = hash(`start:${location.pathname}`) % 300;
      },
    };
    return window.acmeVariant;
  })();
  const gid = (name) => (variant ? variant.id(name) : name);
  const cls = (names) => (variant ? names.split(' ').map(variant.className).join(' ') : names);
  const wrap = (what, html) => (variant ? variant.wrap(what, html) : html);
  const added = (what, html) => (variant ? variant.added(what, html) : '');
  const byId = (name) => document.getElementById(gid(name));

  // Deterministic data: the same 2,000 accounts on every load (other data with a re-render seed).
  let seed = variant ? 1000 + variant.seed : 42;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const pick = (list) => list[Math.floor(random() * list.length)];
  const first = [
    'Northwind',
    'Contoso',
    'Globex',
    'Initech',
    'Umbrella',
    'Stark',
    'Wayne',
    'Tyrell',
    'Soylent',
    'Hooli',
    'Vandelay',
    'Wonka',
    'Cyberdyne',
    'Aperture',
    'Gringotts',
  ];
  const second = [
    'Traders',
    'Logistics',
    'Foods',
    'Systems',
    'Health',
    'Energy',
    'Partners',
    'Labs',
    'Retail',
    'Finance',
  ];
  const industries = ['Manufacturing', 'Retail', 'Healthcare', 'Finance', 'Logistics', 'Energy', 'Software'];
  const owners = ['Dana Rivera', 'Sam Okafor', 'Lee Chen', 'Priya Nair', 'Jonas Berg'];
  const cities = ['Lisbon', 'Austin', 'Osaka', 'Lagos', 'Oslo', 'Denver', 'Pune', 'Leeds'];
  const statuses = ['Active', 'Prospect', 'Churned', 'On hold'];
  const accounts = Array.from({ length: 2000 }, (_, i) => ({
    id: i + 1,
    name: `${pick(first)} ${pick(second)} ${i + 1}`,
    industry: pick(industries),
    owner: pick(owners),
    city: pick(cities),
    revenue: Math.round(random() * 9_000_000 + 100_000),
    status: pick(statuses),
    phone: `+1 555 ${String(1000 + i).slice(-4)}`,
  }));
  // Re-render mode: accounts added since (listed first) and the list in another order.
  const listed = variant
    ? [
        ...Array.from({ length: 1 + (variant.seed % 4) }, (_, i) => ({ ...accounts[i], id: 2001 + i })),
        ...accounts
          .map((a) => [random(), a])
          .sort((x, y) => x[0] - y[0])
          .map(([, a]) => a),
      ]
    : accounts;
  const opportunities = [];

  const escapeHtml = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const money = (n) => `$${n.toLocaleString('en-US')}`;
  const params = () => new URLSearchParams(location.search);

  function notify(text) {
    toast.textContent = text;
    setTimeout(() => {
      if (toast.textContent === text) toast.textContent = '';
    }, 4000);
  }

  function navigate(path, { replace = false } = {}) {
    if (replace) history.replaceState({}, '', path);
    else history.pushState({}, '', path);
    render();
  }

  document.addEventListener('click', (event) => {
    const link = event.target.closest?.('a[data-link]');
    if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey) return;
    event.preventDefault();
    navigate(link.getAttribute('href'));
  });
  window.addEventListener('popstate', render);
  window.addEventListener('hashchange', () => {
    if (location.pathname === '/reports') renderReports();
    variant?.claim(view);
  });

  // --- Accounts list: 2,000 rows, well over 10,000 DOM nodes.
  function accountRows(list) {
    return list
      .map(
        (a) =>
          `<tr data-account-id="${a.id}"><td><a href="/accounts/${a.id}" data-link>${escapeHtml(a.name)}</a></td><td>${a.industry}</td><td>${a.owner}</td><td>${a.city}</td><td>${money(a.revenue)}</td><td>${a.status}</td></tr>`,
      )
      .join('');
  }

  function renderAccounts() {
    document.title = 'Accounts · Acme CRM';
    view.innerHTML = `
      ${added('accounts-notice', `<div role="note" class="${cls('notice')}">Imports run every night.</div>`)}<h1>Accounts</h1>
      ${wrap('search', `<div class="${cls('field')}"><label for="${gid('account-search')}">Search accounts</label><input id="${gid('account-search')}" type="search" placeholder="Name, owner or city"></div>`)}
      <p class="${cls('muted')}" id="${gid('account-count')}">${listed.length} accounts</p>
      ${wrap(
        'table',
        `<table id="${gid('accounts-table')}" aria-describedby="${gid('account-count')}">
        <thead><tr><th scope="col">Name</th><th scope="col">Industry</th><th scope="col">Owner</th><th scope="col">City</th><th scope="col">Annual revenue</th><th scope="col">Status</th></tr></thead>
        <tbody>${accountRows(listed)}</tbody>
      </table>`,
      )}`;
    const search = byId('account-search');
    search.addEventListener('input', () => {
      const q = search.value.trim().toLowerCase();
      const found = q ? listed.filter((a) => `${a.name} ${a.owner} ${a.city}`.toLowerCase().includes(q)) : listed;
      view.querySelector('tbody').innerHTML = accountRows(found);
      byId('account-count').textContent = `${found.length} accounts`;
    });
  }

  // --- Account detail: a modal dialog, and an activity panel that renders after a delay.
  function renderAccount(id) {
    const account = accounts[Number(id) - 1];
    if (!account) return renderNotFound();
    document.title = `${account.name} · Acme CRM`;
    const delay = Number(params().get('delay') ?? 800);
    view.innerHTML = `
      <p><a href="/accounts" data-link>← Accounts</a></p>
      <h1 id="${gid('account-name')}">${escapeHtml(account.name)}</h1>
      ${wrap(
        'account-card',
        `<div class="${cls('card')}">
        <dl>
          <dt>Industry</dt><dd>${account.industry}</dd>
          <dt>Owner</dt><dd>${account.owner}</dd>
          <dt>Phone</dt><dd>${account.phone}</dd>
          <dt>Annual revenue</dt><dd>${money(account.revenue)}</dd>
        ${added('website-term', '<dt>Website</dt>')}${added('website-term', `<dd>www.example.com</dd>`)}</dl>
        <div class="${cls('actions')}">${added('send-email', `<button type="button" class="${cls('secondary')}">Send email</button>`)}<button type="button" id="${gid('log-call')}">${wrap('log-call-label', 'Log a call')}</button><button type="button" class="${cls('secondary')}" id="${gid('edit-account')}">Edit account</button></div>
      </div>`,
      )}
      <section class="${cls('card')}" id="${gid('activity')}" aria-busy="true" aria-labelledby="${gid('activity-heading')}">
        <h2 id="${gid('activity-heading')}">Recent activity</h2>
        <p class="${cls('muted')}">Loading activity…</p>
      </section>`;
    byId('log-call').addEventListener('click', () => openCallDialog(account));
    byId('edit-account').addEventListener('click', () => openEditDialog(account));
    const path = location.pathname;
    setTimeout(() => {
      const section = byId('activity');
      if (!section || location.pathname !== path) return;
      section.setAttribute('aria-busy', 'false');
      section.innerHTML = `
        <h2 id="${gid('activity-heading')}">Recent activity</h2>
        <ul><li>Call with procurement — ${account.owner}</li><li>Quote sent — ${money(Math.round(account.revenue / 20))}</li></ul>
        <a class="${cls('button')}" id="${gid('new-opportunity')}" href="/opportunities/new?account=${account.id}" data-link>New opportunity</a>`;
      variant?.claim(section);
    }, delay);
  }

  function openCallDialog(account) {
    const opener = document.activeElement;
    const backdrop = document.createElement('div');
    backdrop.className = cls('modal-backdrop');
    backdrop.innerHTML = `
      <div class="${cls('modal')}" role="dialog" aria-modal="true" aria-labelledby="${gid('call-title')}">
        <h2 id="${gid('call-title')}">Log a call with ${escapeHtml(account.name)}</h2>
        ${added('call-kind', `<div class="${cls('field')}"><label for="${gid('call-kind')}">Kind</label><select id="${gid('call-kind')}"><option>Phone</option><option>Video</option></select></div>`)}${wrap('call-subject', `<div class="${cls('field')}"><label for="${gid('call-subject')}" class="${cls('required')}">Subject</label><input id="${gid('call-subject')}" required></div>`)}
        <div class="${cls('actions')}"><button type="button" id="${gid('save-call')}">Save call</button><button type="button" class="${cls('secondary')}" id="${gid('cancel-call')}">Cancel</button></div>
      </div>`;
    variant?.claim(backdrop);
    document.body.append(backdrop);
    const close = () => {
      backdrop.remove();
      if (opener?.focus) opener.focus();
    };
    byId('cancel-call').addEventListener('click', close);
    byId('save-call').addEventListener('click', () => {
      const subject = byId('call-subject').value.trim();
      if (!subject) return byId('call-subject').focus();
      close();
      notify(`Call “${subject}” logged`);
    });
    backdrop.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') close();
    });
    byId('call-subject').focus();
  }

  // "Edit account": a modal dialog that behaves as the common headless UI libraries' do (Radix,
  // Headless UI, MUI): rendered in a portal at the end of <body>, the rest of the page hidden from
  // assistive technology and taking no pointer events, a focus trap, and it closes on Escape
  // anywhere and on any pointerdown outside it. `window.acmeDialogLog` says why it closed.
  window.acmeDialogLog = [];
  function openEditDialog(account) {
    const opener = document.activeElement;
    const portal = document.createElement('div');
    portal.className = 'portal';
    portal.innerHTML = `
      <div class="dialog-overlay"></div>
      <div class="dialog" id="edit-dialog" role="dialog" aria-modal="true" aria-labelledby="edit-title" tabindex="-1">
        <button type="button" class="dialog-close" id="edit-close" aria-label="Close">×</button>
        <h2 id="edit-title">Edit ${escapeHtml(account.name)}</h2>
        <div class="field"><label for="edit-phone">Phone</label><input id="edit-phone" value="${escapeHtml(account.phone)}"></div>
        <div class="field"><label for="edit-owner">Owner</label><select id="edit-owner">${owners.map((o) => `<option${o === account.owner ? ' selected' : ''}>${o}</option>`).join('')}</select></div>
        <div class="field"><label for="edit-city">City</label><input id="edit-city" value="${escapeHtml(account.city)}"></div>
        <div class="actions"><button type="button" id="save-account">Save</button><button type="button" class="secondary" id="cancel-edit">Cancel</button></div>
      </div>`;
    document.body.append(portal);
    const dialog = portal.querySelector('.dialog');
    const hidden = [...document.body.children].filter((el) => el !== portal && !el.hasAttribute('aria-hidden'));
    for (const el of hidden) el.setAttribute('aria-hidden', 'true');
    document.body.style.pointerEvents = 'none';
    portal.style.pointerEvents = 'auto';

    let lastFocused = null;
    const focusables = () => [...dialog.querySelectorAll('button, input, select, textarea, a[href]')];
    const onPointerDown = (event) => {
      if (!dialog.contains(event.target)) close('pointerdown outside');
    };
    // The trap: focus that lands outside goes back to where it was inside.
    const onFocusIn = (event) => {
      if (dialog.contains(event.target)) lastFocused = event.target;
      else (lastFocused ?? dialog).focus();
    };
    const onFocusOut = (event) => {
      if (event.relatedTarget && !dialog.contains(event.relatedTarget)) (lastFocused ?? dialog).focus();
    };
    const onKeyDown = (event) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        close('Escape');
      } else if (event.key === 'Tab') {
        const list = focusables();
        const at = list.indexOf(document.activeElement);
        const next = event.shiftKey ? (at <= 0 ? list.length - 1 : at - 1) : (at + 1) % list.length;
        event.preventDefault();
        list[next].focus();
      }
    };
    // Added a task later, as Radix does, so the click that opened the dialog does not close it.
    const timer = setTimeout(() => document.addEventListener('pointerdown', onPointerDown));
    document.addEventListener('focusin', onFocusIn);
    document.addEventListener('focusout', onFocusOut);
    document.addEventListener('keydown', onKeyDown, true);
    function close(reason) {
      clearTimeout(timer);
      document.removeEventListener('pointerdown', onPointerDown);
      document.removeEventListener('focusin', onFocusIn);
      document.removeEventListener('focusout', onFocusOut);
      document.removeEventListener('keydown', onKeyDown, true);
      document.body.style.pointerEvents = '';
      for (const el of hidden) el.removeAttribute('aria-hidden');
      portal.remove();
      window.acmeDialogLog.push(`closed: ${reason}`);
      if (opener?.focus) opener.focus();
    }
    portal.querySelector('#edit-close').addEventListener('click', () => close('Close'));
    portal.querySelector('#cancel-edit').addEventListener('click', () => close('Cancel'));
    portal.querySelector('#save-account').addEventListener('click', () => {
      account.phone = portal.querySelector('#edit-phone').value.trim() || account.phone;
      account.owner = portal.querySelector('#edit-owner').value;
      account.city = portal.querySelector('#edit-city').value.trim() || account.city;
      close('Save');
      notify(`${account.name} saved`);
      render();
    });
    portal.querySelector('#edit-phone').focus();
  }

  // --- New opportunity: required and validated fields, a web component and an iframe.
  const validators = {
    name: (v) => (v.trim() ? '' : 'Enter the opportunity name.'),
    amount: (v) => (!v.trim() ? 'Enter the amount.' : Number(v) > 0 ? '' : 'The amount must be a number above 0.'),
    closeDate: (v) => (/^\d{4}-\d{2}-\d{2}$/.test(v) ? '' : 'Choose the expected close date.'),
    email: (v) => (!v.trim() || /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(v) ? '' : 'Enter an email like name@company.com.'),
  };

  function renderNewOpportunity() {
    document.title = 'New opportunity · Acme CRM';
    const account = accounts[Number(params().get('account') ?? 1) - 1] ?? accounts[0];
    // A text field with its label and error message (the ids are generated in re-render mode).
    const field = (id, label, attrs, required = true) =>
      wrap(
        id,
        `<div class="${cls('field')}"><label for="${gid(id)}"${required ? ` class="${cls('required')}"` : ''}>${label}</label><input id="${gid(id)}" ${attrs} aria-describedby="${gid(`${id}-error`)}"><div class="${cls('error')}" id="${gid(`${id}-error`)}"></div></div>`,
      );
    view.innerHTML = `
      <h1>New opportunity</h1>
      <form id="${gid('opportunity-form')}" class="${cls('card')}" novalidate>
        <p class="${cls('muted')}">For <strong>${escapeHtml(account.name)}</strong></p>
        ${field('opp-name', 'Opportunity name', 'name="name" required')}
        ${added('probability', `<div class="${cls('field')}"><label for="${gid('opp-probability')}">Probability (%)</label><input id="${gid('opp-probability')}" name="probability" inputmode="numeric"></div>`)}${field('opp-amount', 'Amount (USD)', 'name="amount" inputmode="decimal" required')}
        ${field('opp-close', 'Close date', 'name="closeDate" type="date" required')}
        ${wrap('opp-stage', `<div class="${cls('field')}"><label for="${gid('opp-stage')}">Stage</label><select id="${gid('opp-stage')}" name="stage"><option>Qualification</option><option>Proposal</option><option>Negotiation</option><option>Closed won</option></select></div>`)}
        ${field('opp-email', 'Contact email', 'name="email" type="text"', false)}
        <acme-address-editor id="${gid('billing-address')}"></acme-address-editor>
        ${wrap('notes', `<div class="${cls('field')}"><label for="${gid('notes-frame')}">Notes</label><iframe id="${gid('notes-frame')}" title="Internal notes" src="/notes-frame.html"></iframe></div>`)}
        <div class="${cls('actions')}"><button type="submit" id="${gid('save-opportunity')}">${wrap('save-label', 'Save')}</button><a href="/accounts/${account.id}" data-link>Cancel</a></div>
      </form>`;
    const form = byId('opportunity-form');
    const fields = { name: 'opp-name', amount: 'opp-amount', closeDate: 'opp-close', email: 'opp-email' };
    const check = (key) => {
      const input = byId(fields[key]);
      const message = validators[key](input.value);
      input.setAttribute('aria-invalid', message ? 'true' : 'false');
      byId(`${fields[key]}-error`).textContent = message;
      return message;
    };
    for (const key of Object.keys(fields)) {
      byId(fields[key]).addEventListener('blur', () => check(key));
    }
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const failed = Object.keys(fields).filter((key) => check(key));
      if (failed.length) {
        byId(fields[failed[0]]).focus();
        return;
      }
      const frame = byId('notes-frame');
      const opportunity = {
        id: opportunities.length + 1,
        account: account.id,
        name: byId('opp-name').value.trim(),
        amount: Number(byId('opp-amount').value),
        closeDate: byId('opp-close').value,
        stage: byId('opp-stage').value,
        address: byId('billing-address').value,
        notes: frame.contentDocument?.getElementById('notes')?.value ?? '',
      };
      opportunities.push(opportunity);
      notify(`Opportunity “${opportunity.name}” saved`);
      navigate(`/opportunities/${opportunity.id}`);
    });
  }

  function renderOpportunity(id) {
    const opportunity = opportunities[Number(id) - 1];
    if (!opportunity) return renderNotFound();
    document.title = `${opportunity.name} · Acme CRM`;
    view.innerHTML = `
      <h1 id="${gid('opportunity-title')}">${escapeHtml(opportunity.name)}</h1>
      <div class="${cls('card')}"><p>Amount: ${money(opportunity.amount)} · Stage: ${escapeHtml(opportunity.stage)} · Closes ${escapeHtml(opportunity.closeDate)}</p>
      <p><a href="/accounts/${opportunity.account}" data-link>Back to the account</a></p></div>`;
  }

  // --- Reports: routed in the hash.
  function renderReports() {
    const tab = location.hash.replace(/^#\/?/, '') || 'pipeline';
    document.title = `Reports · Acme CRM`;
    const body =
      tab === 'forecast'
        ? `<h2 id="${gid('report-title')}">Forecast</h2><p>Expected this quarter: ${money(accounts.slice(0, 40).reduce((s, a) => s + a.revenue, 0))}</p>`
        : `<h2 id="${gid('report-title')}">Pipeline</h2><p>${opportunities.length} opportunities opened this session.</p>`;
    view.innerHTML = `
      <h1>Reports</h1>
      <nav class="${cls('tabs')}" aria-label="Reports">${added('overview-tab', '<a href="#/overview">Overview</a>')}<a href="#/pipeline" ${tab === 'pipeline' ? 'aria-current="page"' : ''}>Pipeline</a><a href="#/forecast" ${tab === 'forecast' ? 'aria-current="page"' : ''}>Forecast</a></nav>
      ${wrap('report', `<section class="${cls('card')}">${body}</section>`)}`;
  }

  function renderNotFound() {
    document.title = 'Not found · Acme CRM';
    view.innerHTML = '<h1>Not found</h1><p><a href="/accounts" data-link>Go to accounts</a></p>';
  }

  const routes = [
    [/^\/$/, () => navigate('/accounts', { replace: true })],
    [/^\/accounts\/?$/, renderAccounts],
    [/^\/accounts\/(\d+)$/, renderAccount],
    [/^\/opportunities\/new$/, renderNewOpportunity],
    [/^\/opportunities\/(\d+)$/, renderOpportunity],
    [/^\/reports$/, renderReports],
  ];

  function route() {
    for (const [pattern, handler] of routes) {
      const match = location.pathname.match(pattern);
      if (match) return handler(...match.slice(1));
    }
    renderNotFound();
  }

  function render() {
    variant?.newPage();
    route();
    variant?.claim(view);
  }

  // Re-render mode: the shell's classes hashed, its styles rewritten to match, a link a release added.
  if (variant) {
    for (const el of document.querySelectorAll('[class]')) el.className = cls(el.className);
    const rules = [...document.styleSheets].flatMap((sheet) => [...sheet.cssRules]);
    const style = document.createElement('style');
    style.textContent = rules
      .map((rule) => rule.cssText.replace(/\.([a-zA-Z][\w-]*)(?![^{]*})/g, (_, name) => `.${variant.className(name)}`))
      .join('\n');
    document.head.append(style);
    const nav = document.querySelector('header nav');
    nav.insertAdjacentHTML('afterbegin', added('dashboard-link', '<a href="/dashboard" data-link>Dashboard</a>'));
    variant.claim(document.body);
  }

  render();
})();
