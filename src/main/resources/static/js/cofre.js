/*
 * Cofre page scripts: menus, the Details pop-up, the live Token OTP, copy buttons and password reveal.
 * Served by Cofre itself under CSP script-src 'self': no inline script, no inline style attribute.
 * Every page works without this file; it only makes them nicer.
 */
(function () {
  'use strict';
  document.documentElement.classList.remove('no-js');

  var csrf = (function () {
    var t = document.querySelector('meta[name="_csrf"]');
    var h = document.querySelector('meta[name="_csrf_header"]');
    return t && h ? { token: t.content, header: h.content } : null;
  })();

  /* ---------------- menus (Products, user, Actions) ---------------- */
  var openMenus = [];

  function items(menu) {
    return Array.prototype.slice.call(menu.querySelectorAll('[role="menuitem"]'));
  }

  function setupMenu(root) {
    var button = root.querySelector('button[aria-haspopup]');
    var list = root.querySelector('.dropdown');
    if (!button || !list) { return; }
    var hoverTimer = null;
    function open(focusFirst) {
      closeAll(root);
      root.classList.add('open');
      button.setAttribute('aria-expanded', 'true');
      if (openMenus.indexOf(root) < 0) { openMenus.push(root); }
      if (focusFirst) { var it = items(list); if (it.length) { it[0].focus(); } }
    }
    function close(focusButton) {
      root.classList.remove('open');
      button.setAttribute('aria-expanded', 'false');
      openMenus = openMenus.filter(function (m) { return m !== root; });
      if (focusButton) { button.focus(); }
    }
    root._close = close;
    button.addEventListener('click', function (e) {
      e.stopPropagation();
      if (root.classList.contains('open')) { close(false); } else { open(false); }
    });
    button.addEventListener('keydown', function (e) {
      if (e.key === 'ArrowDown' || e.key === 'Down') { e.preventDefault(); open(true); }
      else if (e.key === 'Escape') { close(true); }
    });
    list.addEventListener('keydown', function (e) {
      var it = items(list);
      var i = it.indexOf(document.activeElement);
      if (e.key === 'ArrowDown') { e.preventDefault(); it[(i + 1) % it.length].focus(); }
      else if (e.key === 'ArrowUp') { e.preventDefault(); it[(i - 1 + it.length) % it.length].focus(); }
      else if (e.key === 'Home') { e.preventDefault(); it[0].focus(); }
      else if (e.key === 'End') { e.preventDefault(); it[it.length - 1].focus(); }
      else if (e.key === 'Escape') { e.preventDefault(); close(true); }
      else if (e.key === 'Tab') { close(false); }
    });
    if (root.hasAttribute('data-hover')) {
      root.addEventListener('mouseenter', function () { clearTimeout(hoverTimer); open(false); });
      root.addEventListener('mouseleave', function () {
        clearTimeout(hoverTimer);
        hoverTimer = setTimeout(function () { if (!root.contains(document.activeElement)) { close(false); } }, 220);
      });
    }
    root.addEventListener('focusout', function (e) {
      if (!root.contains(e.relatedTarget) && e.relatedTarget) { close(false); }
    });
  }

  function closeAll(except) {
    openMenus.slice().forEach(function (m) { if (m !== except && m._close) { m._close(false); } });
  }

  document.addEventListener('click', function (e) {
    openMenus.slice().forEach(function (m) { if (!m.contains(e.target)) { m._close(false); } });
  });
  document.querySelectorAll('[data-menu]').forEach(setupMenu);

  /* ---------------- side menu groups ---------------- */
  document.querySelectorAll('.side-group[aria-controls]').forEach(function (b) {
    b.addEventListener('click', function () {
      var list = document.getElementById(b.getAttribute('aria-controls'));
      var expanded = b.getAttribute('aria-expanded') === 'true';
      b.setAttribute('aria-expanded', expanded ? 'false' : 'true');
      if (list) { list.hidden = expanded; }
    });
  });

  /* ---------------- small helpers ---------------- */
  document.querySelectorAll('select[data-autosubmit]').forEach(function (s) {
    s.addEventListener('change', function () { if (s.form) { s.form.submit(); } });
  });
  document.querySelectorAll('form[data-confirm]').forEach(function (f) {
    f.addEventListener('submit', function (e) { if (!window.confirm(f.getAttribute('data-confirm'))) { e.preventDefault(); } });
  });
  document.querySelectorAll('input[type="file"][data-max-bytes]').forEach(function (input) {
    input.addEventListener('change', function () {
      var max = parseInt(input.getAttribute('data-max-bytes'), 10);
      var f = input.files && input.files[0];
      input.setCustomValidity(f && f.size > max ? 'The image is larger than 1 MB.' : '');
      if (f && f.size > max) { input.reportValidity(); }
    });
    if (input.form) {
      input.form.addEventListener('submit', function (e) {
        if (!input.checkValidity()) { e.preventDefault(); input.reportValidity(); }
      });
    }
  });

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var ta = document.createElement('textarea');
      ta.value = text;
      ta.setAttribute('readonly', '');
      ta.className = 'visually-hidden';
      document.body.appendChild(ta);
      ta.select();
      var ok = false;
      try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
      document.body.removeChild(ta);
      if (ok) { resolve(); } else { reject(new Error('copy failed')); }
    });
  }

  function flashButton(button, labelEl, text) {
    var old = labelEl ? labelEl.textContent : null;
    button.classList.add('done');
    if (labelEl) { labelEl.textContent = text; }
    clearTimeout(button._t);
    button._t = setTimeout(function () {
      button.classList.remove('done');
      if (labelEl) { labelEl.textContent = old === text ? 'Copy' : old; }
    }, 2000);
  }

  function getJson(url) {
    return fetch(url, { headers: { 'Accept': 'application/json' }, credentials: 'same-origin', cache: 'no-store' })
      .then(function (r) {
        if (r.status === 401) { window.location.assign('/login'); throw new Error('signed out'); }
        return r.json().then(function (j) { if (!r.ok) { var err = new Error(j.detail || 'error'); err.status = r.status; throw err; } return j; });
      });
  }

  /* ---------------- Details pop-up ---------------- */
  var dialog = document.getElementById('details-dialog');
  var token = null;

  function trapFocus(e) {
    if (e.key !== 'Tab' || !dialog || !dialog.open) { return; }
    var f = Array.prototype.slice.call(dialog.querySelectorAll(
      'a[href], button:not([disabled]), input:not([disabled]), select, textarea, [tabindex]:not([tabindex="-1"])'))
      .filter(function (el) { return !el.hidden && el.offsetParent !== null; });
    if (!f.length) { return; }
    var first = f[0], last = f[f.length - 1];
    if (e.shiftKey && document.activeElement === first) { e.preventDefault(); last.focus(); }
    else if (!e.shiftKey && document.activeElement === last) { e.preventDefault(); first.focus(); }
  }

  function openDialog() {
    if (!dialog) { return; }
    if (dialog.open) { dialog.close(); }
    if (typeof dialog.showModal === 'function') { dialog.showModal(); } else { dialog.setAttribute('open', ''); }
    var first = dialog.querySelector('#token-copy') || dialog.querySelector('.js-close');
    if (first) { first.focus(); }
    if (token) { token.start(); }
  }

  function closeDialog(push) {
    if (!dialog) { return; }
    if (token) { token.stop(); }
    if (dialog.open) { dialog.close(); }
    var url = dialog.getAttribute('data-close-url');
    if (push && url && window.location.pathname + window.location.search !== url) {
      window.history.pushState({ cofre: 'list' }, '', url);
    }
    var row = document.querySelector('tr[data-id="' + dialog.getAttribute('data-id') + '"] .actions-button');
    if (row) { row.focus(); }
  }

  if (dialog) {
    dialog.setAttribute('data-id', (window.location.pathname.match(/[0-9a-f-]{36}/) || [''])[0]);
    dialog.setAttribute('data-details-url', window.location.pathname + window.location.search);
    dialog.addEventListener('keydown', trapFocus);
    dialog.addEventListener('cancel', function (e) { e.preventDefault(); closeDialog(true); });
    dialog.querySelectorAll('.js-close').forEach(function (a) {
      a.addEventListener('click', function (e) { e.preventDefault(); closeDialog(true); });
    });
    dialog.addEventListener('click', function (e) { if (e.target === dialog) { closeDialog(true); } });
    window.addEventListener('popstate', function () {
      var here = window.location.pathname + window.location.search;
      if (here === dialog.getAttribute('data-details-url')) { openDialog(); }
      else if (here === dialog.getAttribute('data-close-url')) { if (dialog.open) { closeDialog(false); } }
      else { window.location.reload(); }
    });
  }

  /* ---------------- Token OTP ---------------- */
  function group(code) {
    var n = code.length, size = n % 3 === 0 ? 3 : (n % 4 === 0 ? 4 : Math.ceil(n / 2));
    var parts = [];
    for (var i = 0; i < n; i += size) { parts.push(code.slice(i, i + size)); }
    return parts.join(' ');
  }

  function TokenWidget(el) {
    var codeEl = document.getElementById('token-code');
    var nextEl = document.getElementById('token-next');
    var secondsEl = document.getElementById('token-seconds');
    var ring = document.getElementById('token-ring');
    var countdown = document.getElementById('token-countdown');
    var status = document.getElementById('token-status');
    var copyBtn = document.getElementById('token-copy');
    var copyLabel = document.getElementById('token-copy-label');
    var refreshBtn = document.getElementById('token-refresh');
    var tokenUrl = el.getAttribute('data-token-url');
    var timeUrl = el.getAttribute('data-time-url');
    var periodMs = parseInt(el.getAttribute('data-period'), 10) * 1000;
    var circumference = 2 * Math.PI * 15.5;
    var offset = 0;          // server clock minus browser clock, in ms
    var synced = false;
    var current = null;      // {code, validFrom, validUntil}
    var shownNext = null;    // the next token shown early, or null
    var timer = null, renewing = false, retries = 0, generation = 0;

    function now() { return Date.now() + offset; }

    function setStatus(text) { if (status) { status.textContent = text; } }

    function syncClock() {
      // Three samples; the one with the shortest round trip is the most exact.
      var best = null;
      function sample(n) {
        var t0 = Date.now();
        return getJson(timeUrl).then(function (j) {
          var t1 = Date.now();
          var rtt = t1 - t0;
          if (!best || rtt < best.rtt) { best = { rtt: rtt, off: j.epochMillis - (t0 + t1) / 2 }; }
          return n > 1 ? sample(n - 1) : best;
        });
      }
      return sample(3).then(function (b) {
        offset = b.off;
        synced = true;
        el.setAttribute('data-clock-offset', String(Math.round(offset)));
      });
    }

    function show() {
      if (!current) { return; }
      var code = shownNext ? shownNext.code : current.code;
      codeEl.textContent = group(code);
      codeEl.setAttribute('data-code', code);
      el.setAttribute('data-valid-from', String(shownNext ? shownNext.validFrom : current.validFrom));
      el.setAttribute('data-showing', shownNext ? 'next' : 'current');
      codeEl.classList.toggle('is-next', !!shownNext);
      nextEl.hidden = !shownNext;
      tick();
    }

    function tick() {
      if (!current) { return; }
      var remaining = current.validUntil - now();
      if (remaining <= 0) {
        if (shownNext && shownNext.validFrom <= now() && shownNext.validUntil > now()) {
          // The next token shown early is now the current one.
          current = shownNext;
          shownNext = null;
          show();
          setStatus('');
        }
        if (!renewing) { renew(); }
        remaining = Math.max(0, current.validUntil - now());
      }
      var secs = Math.ceil(remaining / 1000);
      secondsEl.textContent = String(secs);
      el.setAttribute('data-seconds', String(secs));
      var span = current.validUntil - current.validFrom || periodMs;
      ring.style.strokeDashoffset = String(circumference * (1 - Math.min(1, remaining / span)));
      countdown.classList.toggle('ending', secs <= 5);
      countdown.setAttribute('aria-label', secs + ' seconds until the token changes');
    }

    function accept(j) {
      var fresh = { code: j.code, validFrom: j.validFrom, validUntil: j.validUntil };
      if (!current || fresh.validFrom >= current.validFrom) {
        if (current && fresh.validFrom > current.validFrom) { shownNext = null; }
        current = fresh;
      }
      if (shownNext && current.validFrom >= shownNext.validFrom) { shownNext = null; }
      show();
      return j;
    }

    function renew() {
      renewing = true;
      var gen = generation;
      var before = current ? current.validUntil : 0;
      getJson(tokenUrl).then(function (j) {
        if (gen !== generation) { return; }
        renewing = false;
        if (before && j.validUntil <= before) {
          // The server has not reached the boundary yet (clock estimate a little ahead): ask again shortly.
          if (retries++ < 20) { renewing = true; setTimeout(function () { renewing = false; }, 250); }
          return;
        }
        retries = 0;
        accept(j);
        el.setAttribute('data-renewals', String((parseInt(el.getAttribute('data-renewals') || '0', 10)) + 1));
      }).catch(function (e) {
        renewing = false;
        if (gen !== generation) { return; }
        setStatus(e.status === 404 ? 'This credential has no TOTP secret configured.' : 'Could not load the token; retrying…');
        if (e.status !== 404 && e.status !== 403) { renewing = true; setTimeout(function () { renewing = false; }, 2000); }
        else { stop(); }
      });
    }

    function refresh() {
      refreshBtn.classList.remove('spinning');
      void refreshBtn.offsetWidth;
      refreshBtn.classList.add('spinning');
      getJson(tokenUrl).then(function (j) {
        accept(j);
        if (j.next) {
          shownNext = { code: j.next.code, validFrom: j.next.validFrom, validUntil: j.next.validUntil };
          show();
          setStatus('Next token shown early: it becomes valid when the countdown ends.');
        } else if (!shownNext) {
          setStatus('Next token not yet available');
        }
      }).catch(function () { setStatus('Could not load the token.'); });
    }

    function copy() {
      var code = codeEl.getAttribute('data-code');
      if (!code) { return; }
      copyText(code).then(function () {
        flashButton(copyBtn, copyLabel, 'Copied');
        setStatus('Copied');
      }, function () { setStatus('Copy is not available in this browser; select the code instead.'); });
    }

    function start() {
      stop();
      generation++;
      var gen = generation;
      (synced ? Promise.resolve() : syncClock()).then(function () {
        if (gen !== generation) { return; }
        return getJson(tokenUrl).then(function (j) {
          if (gen !== generation) { return; }
          accept(j);
          el.setAttribute('data-ready', 'true');
          timer = setInterval(tick, 200);
        });
      }).catch(function (e) {
        setStatus(e && e.status === 404 ? 'This credential has no TOTP secret configured.' : 'Could not load the token.');
      });
    }

    function stop() {
      generation++;
      renewing = false;
      if (timer) { clearInterval(timer); timer = null; }
    }

    copyBtn.addEventListener('click', copy);
    refreshBtn.addEventListener('click', refresh);
    return { start: start, stop: stop };
  }

  var widget = document.getElementById('token-widget');
  if (widget) { token = new TokenWidget(widget); }
  if (dialog) { openDialog(); }

  /* ---------------- View password ---------------- */
  var reveal = document.getElementById('reveal-form');
  if (reveal && csrf) {
    reveal.addEventListener('submit', function (e) {
      e.preventDefault();
      var headers = { 'Accept': 'application/json' };
      headers[csrf.header] = csrf.token;
      fetch(reveal.action, { method: 'POST', headers: headers, credentials: 'same-origin', cache: 'no-store' })
        .then(function (r) { return r.json().then(function (j) { if (!r.ok) { throw new Error(j.detail || 'error'); } return j; }); })
        .then(function (j) {
          var v = document.getElementById('password-value');
          v.textContent = j.password;
          v.hidden = false;
          document.getElementById('view-password').hidden = true;
          var c = document.getElementById('password-copy');
          c.hidden = false;
          c.addEventListener('click', function () {
            copyText(v.textContent).then(function () { c.textContent = 'Copied'; c.classList.add('done'); });
          });
        })
        .catch(function (err) {
          var v = document.getElementById('password-value');
          v.textContent = err.message;
          v.hidden = false;
        });
    });
  }
})();
