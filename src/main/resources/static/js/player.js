/*
 * Cofre session player: replays an asciicast v2 recording in a terminal-like <pre>.
 * Served by Cofre itself (CSP script-src 'self'); no library, no CDN.
 *
 * Safety: recording text is untrusted (it is whatever the target printed). It only ever reaches the page through
 * textContent and DOM nodes created here; never innerHTML, never an attribute. Escape sequences are interpreted
 * by a small state machine that understands what typical shell output uses (SGR colours, cursor moves, erase,
 * clear screen, the alternate screen) and ignores the rest.
 */
(function () {
  'use strict';

  var root = document.getElementById('player');
  if (!root) { return; }

  var IDLE_CAP = 2.0;          // seconds: longer pauses are shortened to this
  var MAX_COLS = 500, MAX_ROWS = 200;

  var screenEl = document.getElementById('player-screen');
  var playBtn = document.getElementById('player-play');
  var seekEl = document.getElementById('player-seek');
  var timeEl = document.getElementById('player-time');
  var statusEl = document.getElementById('player-status');
  var speedBtns = Array.prototype.slice.call(root.querySelectorAll('button[data-speed]'));
  var newlineMode = root.getAttribute('data-pty') === 'false';   // no pty: "\n" means CR LF

  /* ---------------- terminal model ---------------- */

  function Term(cols, rows) {
    this.cols = clamp(cols, 2, MAX_COLS);
    this.rows = clamp(rows, 1, MAX_ROWS);
    this.reset();
  }

  Term.prototype.reset = function () {
    this.grid = [];
    for (var i = 0; i < this.rows; i++) { this.grid.push([]); }
    this.x = 0; this.y = 0;
    this.style = '';
    this.attrs = { fg: -1, bg: -1, bold: false, dim: false, italic: false, underline: false, inverse: false };
    this.state = 0;            // 0 text, 1 after ESC, 2 CSI, 3 OSC, 4 OSC after ESC, 5 skip one char (charset)
    this.params = '';
    this.saved = null;         // the main screen while the alternate one is shown
    this.savedCursor = { x: 0, y: 0 };
  };

  Term.prototype.resize = function (cols, rows) {
    cols = clamp(cols, 2, MAX_COLS); rows = clamp(rows, 1, MAX_ROWS);
    while (this.grid.length < rows) { this.grid.push([]); }
    while (this.grid.length > rows) {
      // Keep the cursor's line visible: drop from the top while the cursor is below, else from the bottom.
      if (this.y > 0) { this.grid.shift(); this.y--; } else { this.grid.pop(); }
    }
    this.cols = cols; this.rows = rows;
    this.x = Math.min(this.x, cols - 1); this.y = Math.min(this.y, rows - 1);
  };

  Term.prototype.lineFeed = function () {
    if (this.y >= this.rows - 1) { this.grid.shift(); this.grid.push([]); this.y = this.rows - 1; }
    else { this.y++; }
  };

  Term.prototype.put = function (ch) {
    if (this.x >= this.cols) { this.x = 0; this.lineFeed(); }
    var line = this.grid[this.y];
    while (line.length < this.x) { line.push(null); }
    line[this.x] = { c: ch, s: this.style };
    this.x++;
  };

  Term.prototype.eraseLine = function (mode) {
    var line = this.grid[this.y];
    if (mode === 2) { this.grid[this.y] = []; }
    else if (mode === 1) { for (var i = 0; i <= this.x && i < line.length; i++) { line[i] = null; } }
    else { line.length = Math.min(line.length, this.x); }
  };

  Term.prototype.eraseScreen = function (mode) {
    var i;
    if (mode === 2 || mode === 3) { for (i = 0; i < this.rows; i++) { this.grid[i] = []; } }
    else if (mode === 1) { for (i = 0; i < this.y; i++) { this.grid[i] = []; } this.eraseLine(1); }
    else { this.eraseLine(0); for (i = this.y + 1; i < this.rows; i++) { this.grid[i] = []; } }
  };

  Term.prototype.write = function (text) {
    for (var i = 0; i < text.length; i++) {
      var ch = text.charAt(i);
      var code = text.charCodeAt(i);
      switch (this.state) {
        case 0:
          if (code === 0x1b) { this.state = 1; }
          else if (code === 0x0a || code === 0x0b || code === 0x0c) { if (newlineMode) { this.x = 0; } this.lineFeed(); }
          else if (code === 0x0d) { this.x = 0; }
          else if (code === 0x08) { if (this.x >= this.cols) { this.x = this.cols - 1; } if (this.x > 0) { this.x--; } }
          else if (code === 0x09) { this.x = Math.min(this.cols - 1, (Math.floor(this.x / 8) + 1) * 8); }
          else if (code === 0x9b) { this.state = 2; this.params = ''; }
          else if (code < 0x20 || code === 0x7f) { /* BEL and other controls: nothing to show */ }
          else {
            // Keep a surrogate pair together in one cell.
            if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) { ch += text.charAt(++i); }
            this.put(ch);
          }
          break;
        case 1:
          if (ch === '[') { this.state = 2; this.params = ''; }
          else if (ch === ']') { this.state = 3; }
          else if (ch === '(' || ch === ')' || ch === '*' || ch === '+' || ch === '#' || ch === '%') { this.state = 5; }
          else {
            if (ch === '7') { this.savedCursor = { x: this.x, y: this.y }; }
            else if (ch === '8') { this.x = this.savedCursor.x; this.y = this.savedCursor.y; }
            else if (ch === 'M') { if (this.y > 0) { this.y--; } else { this.grid.pop(); this.grid.unshift([]); } }
            else if (ch === 'D') { this.lineFeed(); }
            else if (ch === 'E') { this.x = 0; this.lineFeed(); }
            else if (ch === 'c') { this.eraseScreen(2); this.x = 0; this.y = 0; this.sgr('0'); }
            this.state = 0;
          }
          break;
        case 2:
          if (code >= 0x40 && code <= 0x7e) { this.csi(ch, this.params); this.state = 0; }
          else if (this.params.length < 64) { this.params += ch; }
          else { this.state = 0; }   // a runaway sequence: give up on it
          break;
        case 3:
          if (code === 0x07) { this.state = 0; }
          else if (code === 0x1b) { this.state = 4; }
          break;
        case 4:
          this.state = ch === '\\' ? 0 : 3;
          break;
        case 5:
          this.state = 0;
          break;
      }
    }
  };

  function nums(params, def) {
    var p = params.replace(/^[?>=!]/, '').split(/[;:]/);
    var out = [];
    for (var i = 0; i < p.length; i++) {
      var n = parseInt(p[i], 10);
      out.push(isNaN(n) ? def : n);
    }
    return out;
  }

  Term.prototype.csi = function (final, params) {
    var n = nums(params, 0);
    var a = n[0] || 0;
    var one = Math.max(1, a);
    switch (final) {
      case 'm': this.sgr(params); break;
      case 'A': this.y = Math.max(0, this.y - one); break;
      case 'B': case 'e': this.y = Math.min(this.rows - 1, this.y + one); break;
      case 'C': case 'a': this.x = Math.min(this.cols - 1, this.x + one); break;
      case 'D': this.x = Math.max(0, Math.min(this.x, this.cols - 1) - one); break;
      case 'E': this.x = 0; this.y = Math.min(this.rows - 1, this.y + one); break;
      case 'F': this.x = 0; this.y = Math.max(0, this.y - one); break;
      case 'G': case '`': this.x = clamp(one - 1, 0, this.cols - 1); break;
      case 'd': this.y = clamp(one - 1, 0, this.rows - 1); break;
      case 'H': case 'f':
        this.y = clamp(Math.max(1, n[0] || 1) - 1, 0, this.rows - 1);
        this.x = clamp(Math.max(1, n[1] || 1) - 1, 0, this.cols - 1);
        break;
      case 'J': this.eraseScreen(a); break;
      case 'K': this.eraseLine(a); break;
      case 'X': { var line = this.grid[this.y]; for (var i = this.x; i < this.x + one && i < line.length; i++) { line[i] = null; } break; }
      case 'P': this.grid[this.y].splice(this.x, one); break;
      case '@': { var l = this.grid[this.y]; while (l.length < this.x) { l.push(null); } for (var j = 0; j < one; j++) { l.splice(this.x, 0, null); } l.length = Math.min(l.length, this.cols); break; }
      case 'L': for (var k = 0; k < one; k++) { this.grid.splice(this.y, 0, []); this.grid.pop(); } break;
      case 'M': for (var m = 0; m < one; m++) { this.grid.splice(this.y, 1); this.grid.push([]); } break;
      case 's': this.savedCursor = { x: this.x, y: this.y }; break;
      case 'u': this.x = this.savedCursor.x; this.y = this.savedCursor.y; break;
      case 'h': case 'l':
        if (/^\?(1049|47|1047)$/.test(params)) { this.altScreen(final === 'h'); }
        break;
      default: break;   // scroll regions, modes, reports: not needed to read a replay
    }
  };

  Term.prototype.altScreen = function (on) {
    if (on && !this.saved) {
      this.saved = { grid: this.grid, x: this.x, y: this.y };
      this.grid = [];
      for (var i = 0; i < this.rows; i++) { this.grid.push([]); }
      this.x = 0; this.y = 0;
    } else if (!on && this.saved) {
      this.grid = this.saved.grid; this.x = this.saved.x; this.y = this.saved.y;
      this.saved = null;
      this.resize(this.cols, this.rows);
    }
  };

  /* 256-colour and true-colour values are mapped to the nearest of the 16 named colours (classes, no inline style). */
  var BASE16 = [[0, 0, 0], [205, 49, 49], [13, 188, 121], [229, 229, 16], [36, 114, 200], [188, 63, 188],
    [17, 168, 205], [229, 229, 229], [102, 102, 102], [241, 76, 76], [35, 209, 139], [245, 245, 67],
    [59, 142, 234], [214, 112, 214], [41, 184, 219], [255, 255, 255]];

  function nearest(r, g, b) {
    var best = 7, dist = Infinity;
    for (var i = 0; i < 16; i++) {
      var c = BASE16[i];
      var d = (c[0] - r) * (c[0] - r) + (c[1] - g) * (c[1] - g) + (c[2] - b) * (c[2] - b);
      if (d < dist) { dist = d; best = i; }
    }
    return best;
  }

  function color256(n) {
    if (n < 16) { return n; }
    if (n >= 232) { var v = 8 + (n - 232) * 10; return nearest(v, v, v); }
    n -= 16;
    var steps = [0, 95, 135, 175, 215, 255];
    return nearest(steps[Math.floor(n / 36)], steps[Math.floor(n / 6) % 6], steps[n % 6]);
  }

  Term.prototype.sgr = function (params) {
    var a = this.attrs;
    var p = params === '' ? [0] : nums(params, 0);
    for (var i = 0; i < p.length; i++) {
      var c = p[i];
      if (c === 0) { a.fg = -1; a.bg = -1; a.bold = a.dim = a.italic = a.underline = a.inverse = false; }
      else if (c === 1) { a.bold = true; }
      else if (c === 2) { a.dim = true; }
      else if (c === 3) { a.italic = true; }
      else if (c === 4) { a.underline = true; }
      else if (c === 7) { a.inverse = true; }
      else if (c === 22) { a.bold = a.dim = false; }
      else if (c === 23) { a.italic = false; }
      else if (c === 24) { a.underline = false; }
      else if (c === 27) { a.inverse = false; }
      else if (c >= 30 && c <= 37) { a.fg = c - 30; }
      else if (c >= 90 && c <= 97) { a.fg = c - 90 + 8; }
      else if (c === 39) { a.fg = -1; }
      else if (c >= 40 && c <= 47) { a.bg = c - 40; }
      else if (c >= 100 && c <= 107) { a.bg = c - 100 + 8; }
      else if (c === 49) { a.bg = -1; }
      else if (c === 38 || c === 48) {
        var value = -1;
        if (p[i + 1] === 5 && i + 2 < p.length) { value = color256(clamp(p[i + 2], 0, 255)); i += 2; }
        else if (p[i + 1] === 2 && i + 4 < p.length) { value = nearest(p[i + 2], p[i + 3], p[i + 4]); i += 4; }
        else { i = p.length; }
        if (c === 38) { a.fg = value; } else { a.bg = value; }
      }
    }
    var fg = a.fg, bg = a.bg;
    if (a.bold && fg >= 0 && fg < 8) { fg += 8; }
    if (a.inverse) { var t = fg; fg = bg < 0 ? 'd' : bg; bg = t < 0 ? 'd' : t; }
    var cls = [];
    if (fg !== -1) { cls.push('f' + fg); }
    if (bg !== -1) { cls.push('b' + bg); }
    if (a.bold) { cls.push('t-bold'); }
    if (a.dim) { cls.push('t-dim'); }
    if (a.italic) { cls.push('t-italic'); }
    if (a.underline) { cls.push('t-under'); }
    this.style = cls.join(' ');
  };

  /* Rendering: one text node per run of same-styled cells; the cursor is a span of its own. */
  Term.prototype.render = function (el, showCursor) {
    var frag = document.createDocumentFragment();
    for (var y = 0; y < this.rows; y++) {
      var line = this.grid[y] || [];
      var width = Math.min(this.cols, Math.max(line.length, showCursor && y === this.y ? this.x + 1 : 0));
      var run = '', runStyle = null;
      for (var x = 0; x < width; x++) {
        var cell = line[x];
        var ch = cell ? cell.c : ' ';
        var st = cell ? cell.s : '';
        var isCursor = showCursor && y === this.y && x === Math.min(this.x, this.cols - 1);
        if (isCursor) {
          flush(frag, run, runStyle); run = ''; runStyle = null;
          var cur = document.createElement('span');
          cur.className = 'cursor' + (st ? ' ' + st : '');
          cur.textContent = ch;
          frag.appendChild(cur);
          continue;
        }
        if (st !== runStyle && run !== '') { flush(frag, run, runStyle); run = ''; }
        runStyle = st;
        run += ch;
      }
      // Trailing blanks matter only when they carry a background colour.
      flush(frag, runStyle ? run : run.replace(/ +$/, ''), runStyle);
      if (y < this.rows - 1) { frag.appendChild(document.createTextNode('\n')); }
    }
    el.replaceChildren(frag);
  };

  function flush(frag, text, style) {
    if (text === '') { return; }
    if (style) {
      var s = document.createElement('span');
      s.className = style;
      s.textContent = text;
      frag.appendChild(s);
    } else {
      frag.appendChild(document.createTextNode(text));
    }
  }

  /* ---------------- the recording ---------------- */

  function parse(text) {
    var lines = text.split('\n');
    var header = JSON.parse(lines[0]);
    if (!header || header.version !== 2) { throw new Error('not an asciicast v2 recording'); }
    var events = [], last = 0, at = 0;
    for (var i = 1; i < lines.length; i++) {
      if (lines[i].trim() === '') { continue; }
      var e;
      try { e = JSON.parse(lines[i]); } catch (ignored) { continue; }
      if (!Array.isArray(e) || e.length < 3 || typeof e[0] !== 'number' || typeof e[2] !== 'string') { continue; }
      if (e[1] !== 'o' && e[1] !== 'r') { continue; }   // input is echoed by the target anyway
      var gap = Math.max(0, e[0] - last);
      last = Math.max(last, e[0]);
      at += Math.min(gap, IDLE_CAP);
      events.push({ t: at, code: e[1], data: e[2] });
    }
    return { header: header, events: events, duration: at };
  }

  /* ---------------- player ---------------- */

  var rec = null, term = null;
  var next = 0;              // index of the next event to apply
  var position = 0;          // seconds on the capped timeline
  var playing = false, speed = 1, wallStart = 0, posStart = 0, frame = 0;

  function setSize(cols, rows) {
    // CSSOM custom properties (allowed under the CSP, unlike a style attribute).
    screenEl.style.setProperty('--cols', String(cols));
    screenEl.style.setProperty('--rows', String(rows));
  }

  function apply(e) {
    if (e.code === 'o') { term.write(e.data); }
    else if (e.code === 'r') {
      var m = /^(\d+)x(\d+)$/.exec(e.data);
      if (m) { term.resize(+m[1], +m[2]); setSize(term.cols, term.rows); }
    }
  }

  function restart() {
    term = new Term(rec.header.width || 80, rec.header.height || 24);
    setSize(term.cols, term.rows);
    next = 0;
  }

  function advanceTo(t) {
    if (t < position) { restart(); }
    while (next < rec.events.length && rec.events[next].t <= t) { apply(rec.events[next++]); }
    position = t;
  }

  function fmt(s) {
    s = Math.max(0, Math.floor(s));
    var h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60, sec = s % 60;
    return (h ? h + ':' + (m < 10 ? '0' : '') : '') + m + ':' + (sec < 10 ? '0' : '') + sec;
  }

  function show() {
    term.render(screenEl, true);
    timeEl.textContent = fmt(position) + ' / ' + fmt(rec.duration);
    seekEl.value = String(rec.duration > 0 ? Math.round(position / rec.duration * 1000) : 1000);
    seekEl.setAttribute('aria-valuetext', fmt(position) + ' of ' + fmt(rec.duration));
    var ended = position >= rec.duration;
    root.setAttribute('data-state', playing ? 'playing' : ended ? 'ended' : 'paused');
  }

  function tick(now) {
    if (!playing) { return; }
    var t = Math.min(rec.duration, posStart + (now - wallStart) / 1000 * speed);
    advanceTo(t);
    if (t >= rec.duration) { setPlaying(false); }
    show();
    if (playing) { frame = requestAnimationFrame(tick); }
  }

  function setPlaying(on) {
    if (on && position >= rec.duration) { restart(); position = 0; }
    playing = on;
    playBtn.setAttribute('aria-label', on ? 'Pause' : 'Play');
    playBtn.classList.toggle('is-playing', on);
    cancelAnimationFrame(frame);
    if (on) {
      wallStart = performance.now();
      posStart = position;
      frame = requestAnimationFrame(tick);
    }
    show();
  }

  function seek(t) {
    t = clamp(t, 0, rec.duration);
    advanceTo(t);
    if (playing) { wallStart = performance.now(); posStart = position; }
    show();
  }

  function setSpeed(s) {
    if (playing) { posStart = position; wallStart = performance.now(); }
    speed = s;
    speedBtns.forEach(function (b) { b.setAttribute('aria-pressed', String(+b.getAttribute('data-speed') === s)); });
  }

  function showHeader(h) {
    document.getElementById('meta-size').textContent = (h.width || '?') + ' × ' + (h.height || '?');
    document.getElementById('meta-timestamp').textContent = typeof h.timestamp === 'number'
      ? new Date(h.timestamp * 1000).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC') : '—';
    document.getElementById('meta-term').textContent = h.env && typeof h.env.TERM === 'string' ? h.env.TERM : '—';
    document.getElementById('meta-command').textContent = typeof h.command === 'string' ? h.command : 'interactive shell';
    document.getElementById('term-title').textContent = typeof h.title === 'string' ? h.title : '';
  }

  function fail(message) {
    root.setAttribute('data-state', 'error');
    screenEl.textContent = '';
    statusEl.textContent = message;
    statusEl.classList.add('is-error');
  }

  function clamp(v, lo, hi) { v = +v; return isNaN(v) ? lo : Math.max(lo, Math.min(hi, v)); }

  playBtn.addEventListener('click', function () { setPlaying(!playing); });
  seekEl.addEventListener('input', function () { seek(+seekEl.value / 1000 * rec.duration); });
  speedBtns.forEach(function (b) {
    b.addEventListener('click', function () { setSpeed(+b.getAttribute('data-speed')); });
  });
  root.addEventListener('keydown', function (e) {
    if (!rec || e.target === seekEl || e.altKey || e.ctrlKey || e.metaKey) { return; }
    if (e.key === ' ' || e.key === 'k') { e.preventDefault(); setPlaying(!playing); }
    else if (e.key === 'ArrowRight') { e.preventDefault(); seek(position + 5); }
    else if (e.key === 'ArrowLeft') { e.preventDefault(); seek(position - 5); }
  });

  fetch(root.getAttribute('data-src'), {
    credentials: 'same-origin',
    cache: 'no-store',
    headers: { 'Accept': 'application/x-asciicast, application/json' }
  }).then(function (res) {
    if (!res.ok) {
      return res.json().then(function (p) { throw new Error(p && p.detail ? p.detail : 'HTTP ' + res.status); },
        function () { throw new Error('The recording could not be loaded (HTTP ' + res.status + ').'); });
    }
    return res.text();
  }).then(function (text) {
    try { rec = parse(text); } catch (e) { throw new Error('The recording is not a valid asciicast v2 file.'); }
    showHeader(rec.header);
    restart();
    position = 0;
    playBtn.disabled = false;
    seekEl.disabled = false;
    statusEl.textContent = rec.events.length + ' events, ' + fmt(rec.duration)
      + ' with idle pauses capped at ' + IDLE_CAP + ' s. Space plays or pauses; \u2190 and \u2192 skip 5 s.';
    show();
  }).catch(function (e) {
    fail(e && e.message ? e.message : 'The recording could not be loaded.');
  });
})();
