// Acme CRM: a small client-side-routed app for Stepwise's demo and end-to-end tests. Paths route
// through history.pushState; the Reports section routes in the hash (#/pipeline, #/forecast).
(() => {
  const view = document.getElementById('view');
  const toast = document.getElementById('toast');

  // Deterministic data: the same 2,000 accounts on every load.
  let seed = 42;
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
      <h1>Accounts</h1>
      <div class="field"><label for="account-search">Search accounts</label><input id="account-search" type="search" placeholder="Name, owner or city"></div>
      <p class="muted" id="account-count">${accounts.length} accounts</p>
      <table id="accounts-table" aria-describedby="account-count">
        <thead><tr><th scope="col">Name</th><th scope="col">Industry</th><th scope="col">Owner</th><th scope="col">City</th><th scope="col">Annual revenue</th><th scope="col">Status</th></tr></thead>
        <tbody>${accountRows(accounts)}</tbody>
      </table>`;
    const search = document.getElementById('account-search');
    search.addEventListener('input', () => {
      const q = search.value.trim().toLowerCase();
      const found = q ? accounts.filter((a) => `${a.name} ${a.owner} ${a.city}`.toLowerCase().includes(q)) : accounts;
      view.querySelector('tbody').innerHTML = accountRows(found);
      document.getElementById('account-count').textContent = `${found.length} accounts`;
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
      <h1 id="account-name">${escapeHtml(account.name)}</h1>
      <div class="card">
        <dl>
          <dt>Industry</dt><dd>${account.industry}</dd>
          <dt>Owner</dt><dd>${account.owner}</dd>
          <dt>Phone</dt><dd>${account.phone}</dd>
          <dt>Annual revenue</dt><dd>${money(account.revenue)}</dd>
        </dl>
        <div class="actions"><button type="button" id="log-call">Log a call</button><button type="button" class="secondary" id="edit-account">Edit account</button></div>
      </div>
      <section class="card" id="activity" aria-busy="true" aria-labelledby="activity-heading">
        <h2 id="activity-heading">Recent activity</h2>
        <p class="muted">Loading activity…</p>
      </section>`;
    document.getElementById('log-call').addEventListener('click', () => openCallDialog(account));
    document.getElementById('edit-account').addEventListener('click', () => openEditDialog(account));
    const path = location.pathname;
    setTimeout(() => {
      const section = document.getElementById('activity');
      if (!section || location.pathname !== path) return;
      section.setAttribute('aria-busy', 'false');
      section.innerHTML = `
        <h2 id="activity-heading">Recent activity</h2>
        <ul><li>Call with procurement — ${account.owner}</li><li>Quote sent — ${money(Math.round(account.revenue / 20))}</li></ul>
        <a class="button" id="new-opportunity" href="/opportunities/new?account=${account.id}" data-link>New opportunity</a>`;
    }, delay);
  }

  function openCallDialog(account) {
    const opener = document.activeElement;
    const backdrop = document.createElement('div');
    backdrop.className = 'modal-backdrop';
    backdrop.innerHTML = `
      <div class="modal" role="dialog" aria-modal="true" aria-labelledby="call-title">
        <h2 id="call-title">Log a call with ${escapeHtml(account.name)}</h2>
        <div class="field"><label for="call-subject" class="required">Subject</label><input id="call-subject" required></div>
        <div class="actions"><button type="button" id="save-call">Save call</button><button type="button" class="secondary" id="cancel-call">Cancel</button></div>
      </div>`;
    document.body.append(backdrop);
    const close = () => {
      backdrop.remove();
      if (opener?.focus) opener.focus();
    };
    backdrop.querySelector('#cancel-call').addEventListener('click', close);
    backdrop.querySelector('#save-call').addEventListener('click', () => {
      const subject = backdrop.querySelector('#call-subject').value.trim();
      if (!subject) return backdrop.querySelector('#call-subject').focus();
      close();
      notify(`Call “${subject}” logged`);
    });
    backdrop.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') close();
    });
    backdrop.querySelector('#call-subject').focus();
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
    view.innerHTML = `
      <h1>New opportunity</h1>
      <form id="opportunity-form" class="card" novalidate>
        <p class="muted">For <strong>${escapeHtml(account.name)}</strong></p>
        <div class="field"><label for="opp-name" class="required">Opportunity name</label><input id="opp-name" name="name" required aria-describedby="opp-name-error"><div class="error" id="opp-name-error"></div></div>
        <div class="field"><label for="opp-amount" class="required">Amount (USD)</label><input id="opp-amount" name="amount" inputmode="decimal" required aria-describedby="opp-amount-error"><div class="error" id="opp-amount-error"></div></div>
        <div class="field"><label for="opp-close" class="required">Close date</label><input id="opp-close" name="closeDate" type="date" required aria-describedby="opp-close-error"><div class="error" id="opp-close-error"></div></div>
        <div class="field"><label for="opp-stage">Stage</label><select id="opp-stage" name="stage"><option>Qualification</option><option>Proposal</option><option>Negotiation</option><option>Closed won</option></select></div>
        <div class="field"><label for="opp-email">Contact email</label><input id="opp-email" name="email" type="text" aria-describedby="opp-email-error"><div class="error" id="opp-email-error"></div></div>
        <acme-address-editor id="billing-address"></acme-address-editor>
        <div class="field"><label for="notes-frame">Notes</label><iframe id="notes-frame" title="Internal notes" src="/notes-frame.html"></iframe></div>
        <div class="actions"><button type="submit" id="save-opportunity">Save</button><a href="/accounts/${account.id}" data-link>Cancel</a></div>
      </form>`;
    const form = document.getElementById('opportunity-form');
    const fields = { name: 'opp-name', amount: 'opp-amount', closeDate: 'opp-close', email: 'opp-email' };
    const check = (key) => {
      const input = document.getElementById(fields[key]);
      const message = validators[key](input.value);
      input.setAttribute('aria-invalid', message ? 'true' : 'false');
      document.getElementById(`${fields[key]}-error`).textContent = message;
      return message;
    };
    for (const key of Object.keys(fields)) {
      document.getElementById(fields[key]).addEventListener('blur', () => check(key));
    }
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const failed = Object.keys(fields).filter((key) => check(key));
      if (failed.length) {
        document.getElementById(fields[failed[0]]).focus();
        return;
      }
      const frame = document.getElementById('notes-frame');
      const opportunity = {
        id: opportunities.length + 1,
        account: account.id,
        name: document.getElementById('opp-name').value.trim(),
        amount: Number(document.getElementById('opp-amount').value),
        closeDate: document.getElementById('opp-close').value,
        stage: document.getElementById('opp-stage').value,
        address: document.getElementById('billing-address').value,
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
      <h1 id="opportunity-title">${escapeHtml(opportunity.name)}</h1>
      <div class="card"><p>Amount: ${money(opportunity.amount)} · Stage: ${escapeHtml(opportunity.stage)} · Closes ${escapeHtml(opportunity.closeDate)}</p>
      <p><a href="/accounts/${opportunity.account}" data-link>Back to the account</a></p></div>`;
  }

  // --- Reports: routed in the hash.
  function renderReports() {
    const tab = location.hash.replace(/^#\/?/, '') || 'pipeline';
    document.title = `Reports · Acme CRM`;
    const body =
      tab === 'forecast'
        ? `<h2 id="report-title">Forecast</h2><p>Expected this quarter: ${money(accounts.slice(0, 40).reduce((s, a) => s + a.revenue, 0))}</p>`
        : `<h2 id="report-title">Pipeline</h2><p>${opportunities.length} opportunities opened this session.</p>`;
    view.innerHTML = `
      <h1>Reports</h1>
      <nav class="tabs" aria-label="Reports"><a href="#/pipeline" ${tab === 'pipeline' ? 'aria-current="page"' : ''}>Pipeline</a><a href="#/forecast" ${tab === 'forecast' ? 'aria-current="page"' : ''}>Forecast</a></nav>
      <section class="card">${body}</section>`;
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

  function render() {
    for (const [pattern, handler] of routes) {
      const match = location.pathname.match(pattern);
      if (match) return handler(...match.slice(1));
    }
    renderNotFound();
  }

  render();
})();
