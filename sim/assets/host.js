/*
 * handover-sim: the portal's side shared by its host pages (the deal card, the open-line chat, the
 * deal list) — the top bar, the state they read, and the PARENT side of the BX24 postMessage
 * protocol towards the app's frame (getInitData, refreshAuth, resizeWindow, setAppOption,
 * selectUser, placement commands…), with the employee picker and the hostile-message relay.
 *
 * Written from shared/bitrix24-rest.md §2, §7 "The portal's side of the frame" and §9, and
 * sim/README.md (the control API). Each page script (deal.js, chat.js, list.js) calls
 * SimHost.start(page) with what differs: how the frame is opened and which placement commands the
 * page registers. Everything from the portal state goes into the DOM with textContent: seed names
 * are full of HTML.
 */
;(function () {
  'use strict';

  var cfg = JSON.parse(document.getElementById('sim-config').textContent);

  /* ----------------------------------------------------------------- i18n */

  var I18N = {
    ru: {
      crm: 'CRM', user: 'Пользователь', lang: 'Язык', navDeal: 'Сделка', navChat: 'Чат',
      navList: 'Список сделок', frameLog: 'Журнал фрейма', frameLogEmpty: 'Приложение ещё не открыто',
      operator: 'Оператор', inQueue: 'в очереди', line: 'Линия', stateFailed: 'Симулятор не ответил',
      pickerTitle: 'Выбор сотрудника', search: 'Поиск по имени', choose: 'Выбрать',
      cancel: 'Отмена', nobody: 'Никого не найдено', inactive: 'уволен',
      refreshFailed: 'Не удалось получить новый токен! Перезагрузите страницу.',
      authFailed: 'Не удалось выдать токен приложению', loading: 'Загрузка…',
      status: { queue: 'в очереди', active: 'активен', waiting: 'ждёт клиента', closed: 'закрыт' }
    },
    en: {
      crm: 'CRM', user: 'User', lang: 'Language', navDeal: 'Deal', navChat: 'Chat',
      navList: 'Deal list', frameLog: 'Frame log', frameLogEmpty: 'The application is not open yet',
      operator: 'Operator', inQueue: 'in queue', line: 'Line', stateFailed: 'The simulator did not answer',
      pickerTitle: 'Select employee', search: 'Search by name', choose: 'Select',
      cancel: 'Cancel', nobody: 'Nobody found', inactive: 'dismissed',
      refreshFailed: 'Unable to get new token! Reload page, please!',
      authFailed: 'Could not mint a token for the application', loading: 'Loading…',
      status: { queue: 'in queue', active: 'active', waiting: 'waiting for client', closed: 'closed' }
    }
  };
  var T = I18N[cfg.lang] || I18N.ru;

  /** The page's own words merged over the shared ones, in the page's language. */
  function words(table) {
    var mine = table[cfg.lang] || table.ru;
    Object.keys(mine).forEach(function (k) { T[k] = mine[k]; });
    return T;
  }

  /* ------------------------------------------------------------- DOM kit */

  function byId(id) { return document.getElementById(id); }

  /** An element with a class and text; the text always goes through textContent. */
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }

  function clear(node) {
    while (node.firstChild) { node.removeChild(node.firstChild); }
  }

  function setText(id, text) {
    var e = byId(id);
    if (e) { e.textContent = text === undefined || text === null ? '' : String(text); }
    return e;
  }

  /* ------------------------------------------------ reading the state */

  var state = null;

  // The control API's shapes are read defensively: camelCase or Bitrix24's UPPER_CASE.
  function pick(o, names) {
    if (!o) { return undefined; }
    for (var i = 0; i < names.length; i++) {
      if (o[names[i]] !== undefined && o[names[i]] !== null) { return o[names[i]]; }
    }
    return undefined;
  }
  function same(a, b) { return a !== undefined && b !== undefined && String(a) === String(b); }
  function list(v) { return Object.prototype.toString.call(v) === '[object Array]' ? v : []; }
  function find(items, test) {
    for (var i = 0; i < items.length; i++) { if (test(items[i])) { return items[i]; } }
    return null;
  }

  function userId(u) { return pick(u, ['id', 'ID']); }
  function userById(id) {
    return find(list(state && state.users), function (u) { return same(userId(u), id); });
  }
  function userName(u) {
    if (!u) { return ''; }
    var full = pick(u, ['fullName', 'FULL_NAME']);
    if (full) { return String(full); }
    var parts = [pick(u, ['name', 'NAME']), pick(u, ['lastName', 'LAST_NAME'])];
    var s = parts.filter(function (p) { return p !== undefined && p !== ''; }).join(' ');
    return s || ('#' + userId(u));
  }
  function nameOf(id) {
    var u = userById(id);
    return u ? userName(u) : (id === undefined || id === null ? '' : '#' + id);
  }
  function userActive(u) {
    var a = pick(u, ['active', 'ACTIVE']);
    return !(a === false || a === 'N' || a === 'false' || a === 0);
  }
  function userIsAdmin(id) {
    var flag = pick(userById(id), ['isAdmin', 'IS_ADMIN']);
    if (typeof flag === 'boolean') { return flag; }
    return String(id) === '1';
  }
  function isAdmin() { return userIsAdmin(cfg.userId); }

  function dealId(d) { return pick(d, ['id', 'ID']); }
  function dealById(id) {
    return find(list(state && state.deals), function (d) { return same(dealId(d), id); });
  }
  function dealCategory(d) { return pick(d, ['categoryId', 'CATEGORY_ID']); }
  function dealStage(d) { return pick(d, ['stageId', 'STAGE_ID']); }
  function dealResponsible(d) { return pick(d, ['assignedById', 'ASSIGNED_BY_ID']); }
  function dealTitle(d) { return String(pick(d, ['title', 'TITLE']) || ''); }
  /** CRM read permission, as the portal's `readers` say. */
  function canRead(d) {
    var readers = pick(d, ['readers']);
    return !readers || list(readers).some(function (r) { return same(r, cfg.userId); });
  }

  function categoryName(id) {
    var c = find(list(state && state.categories), function (x) { return same(pick(x, ['id', 'ID']), id); });
    return c ? String(pick(c, ['name', 'NAME']) || '') : '#' + id;
  }

  function stageId(s) { return pick(s, ['statusId', 'STATUS_ID', 'stageId', 'id', 'ID']); }
  function stageCategory(s) {
    var c = pick(s, ['categoryId', 'CATEGORY_ID']);
    if (c !== undefined) { return c; }
    var m = /^C(\d+):/.exec(String(stageId(s)));
    return m ? m[1] : '0';
  }
  function stageSemantics(s) {
    var sem = pick(s, ['semantics', 'SEMANTICS']);
    if (sem) { return String(sem); }
    var id = String(stageId(s));
    if (/(^|:)WON$/.test(id)) { return 'S'; }
    if (/(^|:)LOSE$/.test(id)) { return 'F'; }
    return 'P';
  }
  function stagesOf(categoryId) {
    var out = list(state && state.stages).filter(function (s) { return same(stageCategory(s), categoryId); });
    return out.map(function (s, i) { return { s: s, i: i }; }).sort(function (a, b) {
      var sa = Number(pick(a.s, ['sort', 'SORT'])), sb = Number(pick(b.s, ['sort', 'SORT']));
      if (!isNaN(sa) && !isNaN(sb) && sa !== sb) { return sa - sb; }
      return a.i - b.i;
    }).map(function (x) { return x.s; });
  }
  function stageName(id) {
    var s = find(list(state && state.stages), function (x) { return same(stageId(x), id); });
    return s ? String(pick(s, ['name', 'NAME']) || id) : String(id);
  }

  function lineName(id) {
    var l = find(list(state && state.lines), function (x) { return same(pick(x, ['id', 'ID']), id); });
    return l ? String(pick(l, ['name', 'LINE_NAME', 'lineName', 'NAME']) || ('#' + id)) : '#' + id;
  }

  function chatId(c) { return pick(c, ['chatId', 'CHAT_ID']); }
  function chatById(id) {
    return find(list(state && state.chats), function (c) { return same(chatId(c), id); });
  }
  function chatsOfDeal(id) {
    return list(state && state.chats).filter(function (c) { return same(pick(c, ['dealId', 'DEAL_ID']), id); });
  }
  function chatClient(c) {
    var client = pick(c, ['client', 'CLIENT']);
    return client && typeof client === 'object' ? client : null;
  }
  function clientName(c) {
    var client = chatClient(c);
    return client ? String(pick(client, ['name', 'NAME']) || '') : String(pick(c, ['clientName']) || '');
  }
  /** The line the chat's session is on now: the one a transfer moved it to, else its own. */
  function chatLine(c) { return Number(pick(c, ['sessionLineId'])) || pick(c, ['lineId', 'LINE_ID']); }
  function chatMembers(c) { return list(pick(c, ['members'])); }

  function sessionLabel(status) {
    var n = Number(status);
    if (isNaN(n)) { return ''; }
    if (n < 10) { return T.status.queue; }
    if (n < 50) { return T.status.active; }
    if (n < 60) { return T.status.waiting; }
    return T.status.closed;
  }
  /** The Air badge style of a session status (classes listed in assets/classes.json). */
  function sessionClass(status) {
    var n = Number(status);
    if (n < 10) { return 'style-tinted-warning'; }
    if (n < 50) { return 'style-tinted-success'; }
    if (n < 60) { return 'style-tinted'; }
    return 'style-tinted-no-accent-1';
  }
  function sessionBadge(status) {
    return el('span', 'badge b24-badge ' + sessionClass(status), sessionLabel(status));
  }

  // The simulated portal lives in Moscow time (its ATOM dates carry +03:00); show times there.
  var PORTAL_TZ = 'Europe/Moscow';

  function formatDate(value) {
    if (value === undefined || value === null || value === '') { return ''; }
    // The state gives Unix seconds; ATOM strings and ms timestamps are read too.
    var d = typeof value === 'number' && value < 1e12 ? new Date(value * 1000) : new Date(value);
    if (isNaN(d.valueOf())) { return String(value); }
    return d.toLocaleString(cfg.lang === 'en' ? 'en-GB' : 'ru-RU', {
      day: '2-digit', month: '2-digit', hour: '2-digit', minute: '2-digit', timeZone: PORTAL_TZ
    });
  }

  /** A chat's message log (system messages included) as an `ol.messages`. */
  function messageList(c) {
    var ol = el('ol', 'messages');
    list(pick(c, ['log', 'messages'])).forEach(function (m) {
      var system = !!pick(m, ['system', 'SYSTEM']);
      var li = el('li', 'msg' + (system ? ' is-system' : ''));
      var authorId = pick(m, ['authorId', 'AUTHOR_ID']);
      li.setAttribute('data-author-id', String(authorId));
      if (!system) {
        var client = chatClient(c);
        var isClient = client ? same(pick(client, ['id', 'ID']), authorId) : !userById(authorId);
        if (isClient) { li.classList.add('is-client'); }
        li.appendChild(el('span', 'msg-author', pick(m, ['authorName', 'AUTHOR_NAME']) || nameOf(authorId)));
      }
      li.appendChild(el('span', 'msg-text', pick(m, ['text', 'TEXT']) || ''));
      li.appendChild(el('time', 'msg-time', formatDate(pick(m, ['date', 'DATE']))));
      ol.appendChild(li);
    });
    return ol;
  }

  /* ------------------------------------------------------- control API */

  function request(method, url, body) {
    var init = { method: method, cache: 'no-store', headers: {} };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    return fetch(url, init).then(function (res) {
      return res.text().then(function (text) {
        var data = null;
        try { data = text ? JSON.parse(text) : null; } catch (e) { data = null; }
        if (!res.ok) {
          var err = new Error(method + ' ' + url + ' → ' + res.status);
          err.status = res.status;
          err.data = data;
          throw err;
        }
        return data;
      });
    });
  }

  function fetchState() {
    return request('GET', '/__sim/state').then(function (s) {
      state = s || {};
      return state;
    });
  }

  /* --------------------------------------------------------- notices */

  function notice(text) {
    var n = byId('sim-notice');
    if (!n) { return; }
    n.textContent = text;
    n.hidden = !text;
  }

  /* ---------------------------------------------------- bound placements */

  /** The placements bound to `code` (from /__sim/state), in the order they were bound. */
  function bound(code) {
    return list(state && state.placements).filter(function (p) {
      return String(pick(p, ['placement', 'PLACEMENT']) || '').toUpperCase() === code;
    });
  }

  /** A placement's title as the portal shows it: LANG_ALL in the page's language, else TITLE. */
  function boundTitle(p, fallback) {
    var langs = pick(p, ['langAll', 'LANG_ALL']) || {};
    var mine = langs[cfg.lang] || {};
    return mine.TITLE || pick(p, ['title', 'TITLE']) || fallback || '';
  }

  function boundHandler(p) { return String(pick(p, ['handler', 'HANDLER']) || ''); }

  /* ------------------------------------------------------------- top bar */

  /** The page's URL with `user` and `lang` kept: what the top bar's links point at. */
  function pageUrl(path, extra) {
    var q = new URLSearchParams({ user: String(cfg.userId), lang: cfg.lang });
    Object.keys(extra || {}).forEach(function (k) { q.set(k, extra[k]); });
    return path + '?' + q.toString();
  }

  function reloadWith(key, value) {
    var q = new URLSearchParams(location.search);
    q.set(key, value);
    location.search = q.toString();
  }

  /**
   * The top bar: crumbs, the links to every host page («Сделка», «Чат», «Список сделок»: each
   * placement of the app is one click away), the user and language choosers.
   */
  function renderTopbar(crumbs, nav) {
    document.documentElement.lang = cfg.lang;
    var box = byId('sim-crumbs');
    clear(box);
    crumbs.forEach(function (c, i) {
      if (i > 0) { box.appendChild(el('span', 'crumb-sep', '›')); }
      box.appendChild(el('span', 'crumb', c));
    });
    var links = byId('sim-nav');
    clear(links);
    [['deal', T.navDeal, nav.deal], ['chat', T.navChat, nav.chat], ['list', T.navList, nav.list]].forEach(function (n) {
      var a = el('a', 'sim-nav-link', n[1]);
      a.href = n[2];
      a.setAttribute('data-nav', n[0]);
      if (n[0] === cfg.page) { a.setAttribute('aria-current', 'page'); }
      links.appendChild(a);
    });
    setText('sim-user-label', T.user);
    setText('sim-lang-label', T.lang);
    var langSel = byId('sim-lang');
    clear(langSel);
    [['ru', 'Русский'], ['en', 'English']].forEach(function (l) {
      var o = el('option', null, l[1]);
      o.value = l[0];
      o.selected = l[0] === cfg.lang;
      langSel.appendChild(o);
    });
    langSel.onchange = function () { reloadWith('lang', langSel.value); };
    byId('sim-user').onchange = function () { reloadWith('user', byId('sim-user').value); };
    setText('frame-log-title', T.frameLog);
    renderFrameLog();
  }

  function renderUserChooser() {
    var sel = byId('sim-user');
    clear(sel);
    list(state && state.users).forEach(function (u) {
      var id = userId(u);
      var label = '#' + id + ' ' + userName(u) + (userActive(u) ? '' : ' (' + T.inactive + ')');
      var o = el('option', null, label);
      o.value = String(id);
      o.selected = same(id, cfg.userId);
      sel.appendChild(o);
    });
  }

  /* ------------------------------------------------ the application frame */

  var page = null;

  var app = {
    frame: null,
    appSid: '',
    auth: null,
    userOptions: {},
    /** The page's name for what the frame holds (e.g. 'tab', 'install', 'textarea', 'toolbar'). */
    kind: '',
    /** `{placement, options, url}`: what the frame was opened with. */
    target: null
  };

  function randomHex(bytes) {
    var a = new Uint8Array(bytes);
    window.crypto.getRandomValues(a);
    var s = '';
    for (var i = 0; i < a.length; i++) { s += (a[i] < 16 ? '0' : '') + a[i].toString(16); }
    return s;
  }

  function protocol() { return location.protocol === 'https:' ? 1 : 0; }

  /** The app's frame: `name` is `DOMAIN|PROTOCOL|APP_SID`, as the classic library reads it. */
  function createFrame(pane, id, auth, kind, title) {
    app.auth = auth;
    app.appSid = randomHex(16);
    app.kind = kind;
    var frame = document.createElement('iframe');
    frame.id = id;
    frame.className = 'app-frame';
    frame.name = location.host + '|' + protocol() + '|' + app.appSid;
    frame.title = title;
    pane.appendChild(frame);
    app.frame = frame;
    return frame;
  }

  /**
   * Opens the app in `pane` as Bitrix24 does: a token pair for the user, a new frame (which
   * becomes the one whose messages are answered), filled by a POST form with `target`'s
   * placement, options and handler. Resolves with the frame; on failure says so in the pane.
   */
  function openApp(pane, spec) {
    var loading = el('p', 'muted frame-loading', T.loading);
    pane.appendChild(loading);
    return request('POST', '/__sim/auth', { userId: Number(cfg.userId) }).then(function (auth) {
      pane.removeChild(loading);
      app.target = spec.target;
      var frame = createFrame(pane, spec.id || 'handover-frame', auth, spec.kind, spec.title);
      submitPlacementForm();
      return frame;
    }, function (e) {
      loading.textContent = T.authFailed + ': ' + e.message;
      throw e;
    });
  }

  /** Forgets the frame (its pane was closed): its messages are no longer answered. */
  function closeApp() {
    if (app.frame && app.frame.parentNode) { app.frame.parentNode.removeChild(app.frame); }
    app.frame = null;
    app.appSid = '';
    app.target = null;
  }

  /** Fills the frame the way Bitrix24 opens a placement's handler: a POST form. */
  function submitPlacementForm() {
    var target = app.target;
    var query = new URLSearchParams({
      DOMAIN: location.host,
      PROTOCOL: String(protocol()),
      LANG: cfg.lang,
      APP_SID: app.appSid
    });
    var form = document.createElement('form');
    form.method = 'POST';
    form.target = app.frame.name;
    form.action = target.url + (target.url.indexOf('?') < 0 ? '?' : '&') + query.toString();
    form.hidden = true;
    var fields = {
      AUTH_ID: app.auth.access_token,
      AUTH_EXPIRES: String(app.auth.expires_in || 3600),
      REFRESH_ID: app.auth.refresh_token,
      SERVER_ENDPOINT: location.origin + '/rest/',
      member_id: app.auth.member_id || '',
      status: 'L',
      PLACEMENT: target.placement,
      PLACEMENT_OPTIONS: JSON.stringify(target.options)
    };
    Object.keys(fields).forEach(function (name) {
      var input = document.createElement('input');
      input.type = 'hidden';
      input.name = name;
      input.value = fields[name];
      form.appendChild(input);
    });
    document.body.appendChild(form);
    form.submit();
    document.body.removeChild(form);
  }

  /* --------------------------------------------------- the frame log */

  var hostLog = window.__simHostLog = [];
  var SECRET = /^(AUTH_ID|REFRESH_ID|access_token|refresh_token|auth)$/i;

  function withoutSecrets(v) {
    if (v === null || typeof v !== 'object') { return v; }
    if (Object.prototype.toString.call(v) === '[object Array]') { return v.map(withoutSecrets); }
    var out = {};
    Object.keys(v).forEach(function (k) { if (!SECRET.test(k)) { out[k] = withoutSecrets(v[k]); } });
    return out;
  }

  function renderFrameLog() {
    var ol = byId('frame-log');
    if (ol && !hostLog.length && !ol.firstChild) {
      ol.appendChild(el('li', 'muted frame-log-empty', T.frameLogEmpty));
    }
  }

  /**
   * Logs an accepted command: `{command, params (no secrets), callback}`, later `replied: true`
   * or `refused: true` (a command the portal ignores for this user: no reply ever comes).
   */
  function logCommand(command, params, callback) {
    var entry = { command: command, params: withoutSecrets(params), callback: callback };
    hostLog.push(entry);
    var li = el('li', 'frame-log-item');
    var ol = byId('frame-log');
    if (ol) {
      var empty = ol.querySelector('.frame-log-empty');
      if (empty) { ol.removeChild(empty); }
      li.appendChild(el('time', 'frame-log-time', new Date().toLocaleTimeString(cfg.lang === 'en' ? 'en-GB' : 'ru-RU')));
      li.appendChild(el('span', 'frame-log-cmd', command));
      var p = entry.params === undefined ? '' : JSON.stringify(entry.params);
      if (p && p !== '{}' && p !== '[]') {
        li.appendChild(el('span', 'frame-log-params', p.length > 90 ? p.slice(0, 89) + '…' : p));
      }
      ol.insertBefore(li, ol.firstChild);
      while (ol.children.length > 40) { ol.removeChild(ol.lastChild); }
    }
    return { li: li, entry: entry };
  }

  /* ------------------------------------------ incoming messages (§7) */

  /** Parses a message: the string form "cmd:JSON:cb:SID" or the object form of placement calls. */
  function parseMessage(data) {
    if (typeof data === 'string') {
      var parts = data.split(':');
      if (parts.length < 4) { return null; }
      var raw = parts.slice(1, parts.length - 2).join(':');
      var params;
      if (raw !== '') {
        try { params = JSON.parse(raw); } catch (e) { return null; }
      }
      return {
        method: parts[0],
        params: params,
        callback: parts[parts.length - 2],
        appSid: parts[parts.length - 1]
      };
    }
    if (data && typeof data === 'object' && typeof data.method === 'string') {
      return {
        method: data.method,
        params: data.params,
        callback: data.callback ? String(data.callback) : '',
        appSid: data.appSid
      };
    }
    return null;
  }

  window.addEventListener('message', function (event) {
    if (event.origin !== cfg.widgetOrigin) { return; }
    if (!app.frame || event.source !== app.frame.contentWindow) { return; }
    var msg = parseMessage(event.data);
    if (!msg || msg.appSid !== app.appSid) { return; }
    var logged = logCommand(msg.method, msg.params, msg.callback);
    var handler = commandFor(msg.method);
    if (!handler) { return; } // unknown commands are ignored silently
    var replied = false;
    var reply = function (result) {
      if (replied || !msg.callback || !app.frame || !app.frame.contentWindow) { return; }
      replied = true;
      logged.entry.replied = true;
      logged.li.classList.add('is-replied');
      app.frame.contentWindow.postMessage(
        msg.callback + ':' + (result === undefined ? '' : JSON.stringify(result)),
        cfg.widgetOrigin
      );
    };
    var refuse = function () {
      logged.entry.refused = true;
      logged.li.classList.add('is-refused');
    };
    handler(msg.params === undefined || msg.params === null ? {} : msg.params, reply, refuse);
  }, false);

  function emptyAsArray(o) {
    return o && typeof o === 'object' && Object.keys(o).length ? o : [];
  }

  /** The page's placement commands first (e.g. reloadData), then the library's own. */
  function commandFor(name) {
    var own = page && page.commands;
    if (own && Object.prototype.hasOwnProperty.call(own, name)) { return own[name]; }
    return Object.prototype.hasOwnProperty.call(commands, name) ? commands[name] : null;
  }

  var commands = {
    getInitData: function (params, reply) {
      var send = function () {
        var target = app.target || { placement: 'DEFAULT', options: {} };
        var installing = !!(page && page.installing && page.installing());
        reply({
          LANG: cfg.lang,
          DOMAIN: location.host,
          PROTOCOL: protocol(),
          PATH: '/rest',
          AUTH_ID: app.auth.access_token,
          AUTH_EXPIRES: String(app.auth.expires_in || 3600),
          REFRESH_ID: app.auth.refresh_token,
          MEMBER_ID: String(app.auth.member_id || ''),
          FIRST_RUN: installing,
          IS_ADMIN: isAdmin(),
          INSTALL: installing,
          USER_OPTIONS: emptyAsArray(app.userOptions),
          APP_OPTIONS: emptyAsArray(state && state.appOptions),
          PLACEMENT: target.placement,
          PLACEMENT_OPTIONS: emptyAsArray(target.options)
        });
      };
      fetchState().then(send, send);
    },

    refreshAuth: function (params, reply) {
      request('POST', '/__sim/auth/refresh', { refresh_token: app.auth.refresh_token }).then(function (auth) {
        app.auth.access_token = auth.access_token;
        app.auth.refresh_token = auth.refresh_token;
        app.auth.expires_in = auth.expires_in;
        reply({
          AUTH_ID: auth.access_token,
          REFRESH_ID: auth.refresh_token,
          AUTH_EXPIRES: auth.expires_in
        });
      }).catch(function () {
        notice(T.refreshFailed); // and, as the portal does, no reply
      });
    },

    resizeWindow: function (params, reply) {
      var frame = app.frame;
      var h = parseInt(params.height, 10);
      if (h > 0) { frame.style.height = h + 'px'; } // the CSS keeps a minimum per place
      reply({ width: frame.offsetWidth, height: frame.offsetHeight });
    },

    // As applayout.js's setAppOption: a non-admin's call is dropped (no request, no reply);
    // an admin's goes to the portal (`set_option`, /__sim/app-options), whose answer — all
    // options, or `{"error":"access_denied"}` — is the reply.
    setAppOption: function (params, reply, refuse) {
      if (!isAdmin()) { refuse(); return; }
      request('POST', '/__sim/app-options', {
        access_token: app.auth.access_token,
        name: params.name,
        value: params.value
      }).then(function (options) {
        if (state && options && !options.error) { state.appOptions = options; }
        reply(options);
      }).catch(function () { /* the request failed: no reply */ });
    },

    setUserOption: function (params, reply) {
      app.userOptions[params.name] = params.value;
      reply(params);
    },

    setInstall: function (params, reply) { reply(params); },

    setInstallFinish: function () {
      // No reply. The page decides what a finished installation shows.
      if (page && page.onInstallFinish) { page.onInstallFinish(); }
    },

    selectUser: function (params, reply) { openPicker(params, reply); },

    getInterface: function (params, reply) {
      var own = page && page.commands ? Object.keys(page.commands) : [];
      reply({ command: own, event: [] });
    },

    setTitle: function () { /* inside a placement: no reply */ },
    setScroll: function () { /* inside a placement: no reply */ },
    placementBindEvent: function () { /* no placement here has events */ },
    openPath: function () { /* no slider for portal paths in the simulator */ },

    reloadWindow: function () {
      // Reload the application: the frame is filled again by the same POST.
      if (app.frame) { submitPlacementForm(); }
    }
  };

  /* ------------------------------------ hostile messages, on command (tests) */

  // What a hostile frame could post, for tests to check that it changes nothing: fake replies to
  // the app's frame (`to: 'app'`) or fake commands to this page (`to: 'portal'`), sent from this
  // page's own origin (`from: 'portal'`) or from another one (`from: 'foreign'`): a relay frame
  // that this portal serves under its other loopback name (127.0.0.1 ⇄ localhost), so another
  // origin without another server. Resolves once the message is posted (the relay acknowledges).
  var relay = null;

  function foreignOrigin() {
    var other = location.hostname === 'localhost' ? '127.0.0.1' : 'localhost';
    return location.protocol + '//' + other + (location.port ? ':' + location.port : '');
  }

  function frameIndex(win) {
    for (var i = 0; i < window.frames.length; i++) {
      if (window.frames[i] === win) { return i; }
    }
    return -1;
  }

  function relayReady() {
    if (relay) { return relay.ready; }
    var frame = document.createElement('iframe');
    frame.id = 'sim-relay';
    frame.hidden = true;
    frame.src = foreignOrigin() + '/__sim/relay';
    relay = { frame: frame, seq: 0, pending: {} };
    relay.ready = new Promise(function (resolve) { frame.addEventListener('load', resolve); });
    document.body.appendChild(frame);
    return relay.ready;
  }

  window.addEventListener('message', function (event) {
    if (!relay || event.source !== relay.frame.contentWindow || event.origin !== foreignOrigin()) { return; }
    var id = event.data && event.data.relayed;
    if (relay.pending[id]) { relay.pending[id](true); delete relay.pending[id]; }
  }, false);

  window.__simHostile = function (spec) {
    var appWindow = app.frame && app.frame.contentWindow;
    if (spec.to === 'app' && !appWindow) { return Promise.reject(new Error('no app frame')); }
    if (spec.from !== 'foreign') {
      (spec.to === 'app' ? appWindow : window).postMessage(spec.data, '*');
      return Promise.resolve(true);
    }
    return relayReady().then(function () {
      return new Promise(function (resolve) {
        relay.seq += 1;
        relay.pending[relay.seq] = resolve;
        relay.frame.contentWindow.postMessage(
          { id: relay.seq, to: spec.to, frame: frameIndex(appWindow), data: spec.data },
          foreignOrigin()
        );
      });
    });
  };

  /* ---------------------------------------------------- the user picker */

  var picker = null;

  function closePicker() {
    var box = byId('sim-user-picker');
    clear(box);
    box.hidden = true;
    document.removeEventListener('keydown', onPickerKey, true);
    picker = null;
  }

  function onPickerKey(e) {
    if (e.key === 'Escape') { e.preventDefault(); closePicker(); }
  }

  function pickerUser(u) {
    var id = String(userId(u));
    return {
      id: id,
      name: userName(u),
      sub: false,
      sup: false,
      position: String(pick(u, ['position', 'workPosition', 'WORK_POSITION']) || ''),
      photo: photoOf(u),
      url: '/company/personal/user/' + id + '/'
    };
  }

  function photoOf(u) {
    var url = pick(u, ['photo', 'personalPhoto', 'PERSONAL_PHOTO']);
    if (url) { return String(url); }
    return pick(u, ['hasPhoto']) ? location.origin + '/__sim/avatar/' + userId(u) + '.svg' : '';
  }

  function initials(name) {
    return name.split(/\s+/).filter(Boolean).slice(0, 2).map(function (w) { return w.charAt(0); }).join('').toUpperCase();
  }

  /** The employee picker: active users with a search box; the reply comes only on confirm. */
  function openPicker(params, reply) {
    if (picker) { closePicker(); } // an open picker is cancelled: no reply for it
    var mult = !!params.mult && params.mult !== 'false' && params.mult !== '0';
    var chosen = {};
    picker = { mult: mult };

    fetchState().catch(function () { return state; }).then(function () {
      var users = list(state && state.users).filter(userActive);
      var box = byId('sim-user-picker');
      clear(box);
      var dialog = el('div', 'picker');
      dialog.setAttribute('role', 'dialog');
      dialog.setAttribute('aria-modal', 'true');
      dialog.appendChild(el('h3', 'picker-title', params.title ? String(params.title) : T.pickerTitle));
      var search = el('input', 'picker-search');
      search.id = 'sim-user-search';
      search.type = 'search';
      search.placeholder = T.search;
      search.autocomplete = 'off';
      dialog.appendChild(search);
      var ul = el('ul', 'picker-list');
      dialog.appendChild(ul);
      var empty = el('p', 'muted picker-empty', T.nobody);
      empty.hidden = true;
      dialog.appendChild(empty);

      var confirm = function (value) {
        closePicker();
        reply(value);
      };

      users.forEach(function (u) {
        var info = pickerUser(u);
        var li = el('li', 'picker-item');
        var btn = el('button', 'picker-user');
        btn.type = 'button';
        btn.setAttribute('data-user-id', info.id);
        btn.setAttribute('aria-pressed', 'false');
        if (info.photo) {
          var img = el('img', 'avatar');
          img.alt = '';
          img.src = info.photo;
          btn.appendChild(img);
        } else {
          btn.appendChild(el('span', 'b24-avatar', initials(info.name)));
        }
        var text = el('span', 'picker-user-text');
        text.appendChild(el('span', 'picker-user-name', info.name));
        if (info.position) { text.appendChild(el('span', 'picker-user-position', info.position)); }
        btn.appendChild(text);
        btn.addEventListener('click', function () {
          if (!mult) { confirm(info); return; }
          chosen[info.id] = chosen[info.id] ? null : info;
          btn.setAttribute('aria-pressed', chosen[info.id] ? 'true' : 'false');
          btn.classList.toggle('is-chosen', !!chosen[info.id]);
        });
        li.setAttribute('data-search', (info.name + ' ' + info.position).toLowerCase());
        li.appendChild(btn);
        ul.appendChild(li);
      });

      search.addEventListener('input', function () {
        var q = search.value.trim().toLowerCase();
        var shown = 0;
        Array.prototype.forEach.call(ul.children, function (li) {
          var hit = !q || li.getAttribute('data-search').indexOf(q) >= 0;
          li.hidden = !hit;
          if (hit) { shown += 1; }
        });
        empty.hidden = shown > 0;
      });

      var actions = el('div', 'picker-actions');
      if (mult) {
        var ok = el('button', 'ui-btn --air ui-btn-md --style-filled', T.choose);
        ok.type = 'button';
        ok.id = 'sim-picker-ok';
        ok.addEventListener('click', function () {
          var out = [];
          users.forEach(function (u) {
            var id = String(userId(u));
            if (chosen[id]) { out.push(chosen[id]); }
          });
          confirm(out);
        });
        actions.appendChild(ok);
      }
      var cancel = el('button', 'ui-btn --air ui-btn-md --style-outline-no-accent', T.cancel);
      cancel.type = 'button';
      cancel.id = 'sim-picker-cancel';
      cancel.addEventListener('click', closePicker);
      actions.appendChild(cancel);
      dialog.appendChild(actions);

      box.appendChild(dialog);
      box.hidden = false;
      box.onclick = function (e) { if (e.target === box) { closePicker(); } };
      document.addEventListener('keydown', onPickerKey, true);
      search.focus();
    });
  }

  /* --------------------------------------------------------------- start */

  /**
   * Runs a page: `page.init()` once the state is read (or failed), then `page.poll()` every 2 s
   * while the page is visible (chats change live in Bitrix24, by push). `page.commands`: the
   * placement commands the page registers (`{name: function (params, reply, refuse)}`);
   * `page.installing()`: whether the frame is the app's first run; `page.onInstallFinish()`.
   */
  function start(p) {
    page = p;
    fetchState().then(function () {
      renderUserChooser();
    }).catch(function (e) {
      notice(T.stateFailed + ': ' + e.message);
    }).then(function () {
      page.init();
    });
    window.setInterval(function () {
      if (document.visibilityState !== 'visible' || !page.poll) { return; }
      fetchState().then(page.poll, function () {});
    }, 2000);
  }

  window.SimHost = {
    cfg: cfg,
    T: T,
    words: words,
    byId: byId,
    el: el,
    clear: clear,
    setText: setText,
    pick: pick,
    same: same,
    list: list,
    state: function () { return state; },
    fetchState: fetchState,
    request: request,
    notice: notice,
    userById: userById,
    nameOf: nameOf,
    isAdmin: isAdmin,
    dealById: dealById,
    dealId: dealId,
    dealCategory: dealCategory,
    dealStage: dealStage,
    dealResponsible: dealResponsible,
    dealTitle: dealTitle,
    canRead: canRead,
    categoryName: categoryName,
    stageId: stageId,
    stageSemantics: stageSemantics,
    stagesOf: stagesOf,
    stageName: stageName,
    lineName: lineName,
    chatId: chatId,
    chatById: chatById,
    chatsOfDeal: chatsOfDeal,
    clientName: clientName,
    chatLine: chatLine,
    chatMembers: chatMembers,
    sessionBadge: sessionBadge,
    formatDate: formatDate,
    messageList: messageList,
    bound: bound,
    boundTitle: boundTitle,
    boundHandler: boundHandler,
    pageUrl: pageUrl,
    renderTopbar: renderTopbar,
    app: app,
    openApp: openApp,
    closeApp: closeApp,
    submitPlacementForm: submitPlacementForm,
    start: start
  };
})();
