/*
 * handover-sim: the deal card host page — the PARENT side of the BX24 postMessage protocol.
 *
 * Written from shared/bitrix24-rest.md §2 (CRM_DEAL_DETAIL_TAB) and §7 "The portal's side of the
 * frame", and sim/README.md (the control API). Everything from the portal state is put into the DOM
 * with textContent: seed names are full of HTML.
 */
;(function () {
  'use strict';

  var cfg = JSON.parse(document.getElementById('sim-config').textContent);

  /* ----------------------------------------------------------------- i18n */

  var I18N = {
    ru: {
      crm: 'CRM', deals: 'Сделки', tabMain: 'Общие', tabHandover: 'Передача в продажи',
      stage: 'Стадия:', responsible: 'Ответственный:', chats: 'Чаты открытых линий',
      noChats: 'У сделки нет чатов открытых линий', frameLog: 'Журнал фрейма',
      frameLogEmpty: 'Приложение ещё не открыто', user: 'Пользователь', lang: 'Язык',
      about: 'О сделке', pipeline: 'Воронка', stageField: 'Стадия', responsibleField: 'Ответственный',
      client: 'Клиент', dealId: 'ID сделки', operator: 'Оператор', inQueue: 'в очереди',
      line: 'Линия', timeline: 'История', noTimeline: 'Пока нет записей',
      dealNotFound: 'Сделка не найдена', stateFailed: 'Симулятор не ответил',
      pickerTitle: 'Выбор сотрудника', search: 'Поиск по имени', choose: 'Выбрать',
      cancel: 'Отмена', nobody: 'Никого не найдено', inactive: 'уволен',
      refreshFailed: 'Не удалось получить новый токен! Перезагрузите страницу.',
      authFailed: 'Не удалось выдать токен приложению', loading: 'Загрузка…',
      status: { queue: 'в очереди', active: 'активен', waiting: 'ждёт клиента', closed: 'закрыт' },
      replied: 'ответ', noReply: 'без ответа', tabApp: 'Приложение Handover'
    },
    en: {
      crm: 'CRM', deals: 'Deals', tabMain: 'General', tabHandover: 'Hand over to sales',
      stage: 'Stage:', responsible: 'Responsible:', chats: 'Open channel chats',
      noChats: 'The deal has no open channel chats', frameLog: 'Frame log',
      frameLogEmpty: 'The application is not open yet', user: 'User', lang: 'Language',
      about: 'About the deal', pipeline: 'Pipeline', stageField: 'Stage',
      responsibleField: 'Responsible', client: 'Client', dealId: 'Deal ID', operator: 'Operator',
      inQueue: 'in queue', line: 'Line', timeline: 'Timeline', noTimeline: 'No entries yet',
      dealNotFound: 'Deal not found', stateFailed: 'The simulator did not answer',
      pickerTitle: 'Select employee', search: 'Search by name', choose: 'Select',
      cancel: 'Cancel', nobody: 'Nobody found', inactive: 'dismissed',
      refreshFailed: 'Unable to get new token! Reload page, please!',
      authFailed: 'Could not mint a token for the application', loading: 'Loading…',
      status: { queue: 'in queue', active: 'active', waiting: 'waiting for client', closed: 'closed' },
      replied: 'reply', noReply: 'no reply', tabApp: 'Handover app'
    }
  };
  var T = I18N[cfg.lang] || I18N.ru;

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

  function userId(u) { return pick(u, ['id', 'ID']); }
  function userById(id) {
    var users = list(state && state.users);
    for (var i = 0; i < users.length; i++) { if (same(userId(users[i]), id)) { return users[i]; } }
    return null;
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

  function dealById(id) {
    var deals = list(state && state.deals);
    for (var i = 0; i < deals.length; i++) { if (same(pick(deals[i], ['id', 'ID']), id)) { return deals[i]; } }
    return null;
  }
  function dealCategory(d) { return pick(d, ['categoryId', 'CATEGORY_ID']); }
  function dealStage(d) { return pick(d, ['stageId', 'STAGE_ID']); }
  function dealResponsible(d) { return pick(d, ['assignedById', 'ASSIGNED_BY_ID']); }

  function categoryName(id) {
    var cats = list(state && state.categories);
    for (var i = 0; i < cats.length; i++) {
      if (same(pick(cats[i], ['id', 'ID']), id)) { return String(pick(cats[i], ['name', 'NAME']) || ''); }
    }
    return '#' + id;
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
    var stages = list(state && state.stages);
    for (var i = 0; i < stages.length; i++) {
      if (same(stageId(stages[i]), id)) { return String(pick(stages[i], ['name', 'NAME']) || id); }
    }
    return String(id);
  }

  function lineName(id) {
    var lines = list(state && state.lines);
    for (var i = 0; i < lines.length; i++) {
      if (same(pick(lines[i], ['id', 'ID']), id)) {
        return String(pick(lines[i], ['name', 'LINE_NAME', 'lineName', 'NAME']) || ('#' + id));
      }
    }
    return '#' + id;
  }

  function chatsOfDeal(dealId) {
    return list(state && state.chats).filter(function (c) { return same(pick(c, ['dealId', 'DEAL_ID']), dealId); });
  }

  function chatClient(c) {
    var client = pick(c, ['client', 'CLIENT']);
    return client && typeof client === 'object' ? client : null;
  }
  function clientName(c) {
    var client = chatClient(c);
    return client ? String(pick(client, ['name', 'NAME']) || '') : String(pick(c, ['clientName']) || '');
  }

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

  var state = null;

  function fetchState() {
    return request('GET', '/__sim/state').then(function (s) {
      state = s || {};
      return state;
    });
  }

  /* --------------------------------------------------------- notices */

  function notice(text) {
    var n = byId('sim-notice');
    n.textContent = text;
    n.hidden = !text;
  }

  /* ------------------------------------------------------ the deal card */

  var dealId = cfg.dealId;

  function renderStatic() {
    document.documentElement.lang = cfg.lang;
    var crumbs = byId('sim-crumbs');
    clear(crumbs);
    crumbs.appendChild(el('span', 'crumb', T.crm));
    crumbs.appendChild(el('span', 'crumb-sep', '›'));
    crumbs.appendChild(el('span', 'crumb', T.deals));
    setText('sim-user-label', T.user);
    setText('sim-lang-label', T.lang);
    setText('stage-label', T.stage);
    setText('responsible-label', T.responsible);
    setText('tab-main', T.tabMain);
    setText('tab-handover', T.tabHandover);
    setText('chats-title', T.chats);
    setText('frame-log-title', T.frameLog);

    var langSel = byId('sim-lang');
    clear(langSel);
    [['ru', 'Русский'], ['en', 'English']].forEach(function (l) {
      var o = el('option', null, l[1]);
      o.value = l[0];
      o.selected = l[0] === cfg.lang;
      langSel.appendChild(o);
    });
    langSel.addEventListener('change', function () { reloadWith('lang', langSel.value); });
    byId('sim-user').addEventListener('change', function () { reloadWith('user', byId('sim-user').value); });

    byId('tab-main').addEventListener('click', function () { selectTab('main'); });
    byId('tab-handover').addEventListener('click', openHandover);
    renderFrameLog();
  }

  function reloadWith(key, value) {
    var q = new URLSearchParams(location.search);
    q.set(key, value);
    location.search = q.toString();
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

  function renderCard() {
    var deal = dealById(dealId);
    var head = document.querySelector('.deal-head');
    if (!deal) {
      setText('deal-title', T.dealNotFound + ' #' + dealId);
      setText('deal-pipeline', '');
      setText('deal-stage', '');
      setText('deal-responsible', '');
      clear(byId('stage-bar'));
      clear(byId('pane-main'));
      return;
    }
    var cat = dealCategory(deal);
    var stage = dealStage(deal);
    var resp = dealResponsible(deal);
    var title = String(pick(deal, ['title', 'TITLE']) || '');
    setText('deal-title', title);
    document.title = title + ' — ' + T.deals;
    var pipe = setText('deal-pipeline', categoryName(cat));
    pipe.setAttribute('data-category-id', String(cat));
    var st = setText('deal-stage', stageName(stage));
    st.setAttribute('data-stage-id', String(stage));
    var rs = setText('deal-responsible', nameOf(resp));
    rs.setAttribute('data-user-id', String(resp));

    renderStageBar(cat, stage);
    renderMainPane(deal);
    head.classList.remove('is-flash');
    void head.offsetWidth; // restart the highlight animation
    head.classList.add('is-flash');
  }

  function renderStageBar(categoryId, currentId) {
    var bar = byId('stage-bar');
    clear(bar);
    var stages = stagesOf(categoryId);
    var currentIndex = -1;
    stages.forEach(function (s, i) { if (same(stageId(s), currentId)) { currentIndex = i; } });
    var current = stages[currentIndex];
    var currentSem = current ? stageSemantics(current) : 'P';
    stages.forEach(function (s, i) {
      var sem = stageSemantics(s);
      var li = el('li', 'stage', String(pick(s, ['name', 'NAME']) || stageId(s)));
      li.setAttribute('data-stage-id', String(stageId(s)));
      li.title = li.textContent;
      if (i === currentIndex) {
        li.classList.add('is-current');
        li.classList.add(sem === 'S' ? 'is-won' : (sem === 'F' ? 'is-lost' : 'is-progress'));
      } else if (sem === 'P' && (i < currentIndex || currentSem !== 'P')) {
        li.classList.add('is-passed');
        if (currentSem === 'S') { li.classList.add('is-won'); }
        if (currentSem === 'F') { li.classList.add('is-lost'); }
      }
      bar.appendChild(li);
    });
  }

  function field(dl, label, value) {
    dl.appendChild(el('dt', null, label));
    dl.appendChild(el('dd', null, value));
  }

  function renderMainPane(deal) {
    var pane = byId('pane-main');
    clear(pane);
    pane.appendChild(el('h2', 'card-title', T.about));
    var dl = el('dl', 'fields');
    field(dl, T.dealId, pick(deal, ['id', 'ID']));
    field(dl, T.pipeline, categoryName(dealCategory(deal)));
    field(dl, T.stageField, stageName(dealStage(deal)));
    field(dl, T.responsibleField, nameOf(dealResponsible(deal)));
    var clients = chatsOfDeal(dealId).map(clientName).filter(function (n) { return !!n; });
    if (clients.length) { field(dl, T.client, clients[0]); }
    pane.appendChild(dl);

    pane.appendChild(el('h2', 'card-title', T.timeline));
    var entries = list(state && state.timeline).filter(function (e) {
      var type = pick(e, ['entityType', 'ownerTypeId', 'OWNER_TYPE_ID', 'entityTypeId', 'ENTITY_TYPE']);
      var okType = type === undefined || String(type) === '2' || /deal/i.test(String(type));
      return okType && same(pick(e, ['ownerId', 'OWNER_ID', 'entityId', 'ENTITY_ID', 'dealId']), dealId);
    });
    if (!entries.length) {
      pane.appendChild(el('p', 'muted', T.noTimeline));
      return;
    }
    var ul = el('ul', 'timeline');
    entries.slice().reverse().forEach(function (e) {
      var li = el('li', 'timeline-item');
      var meta = el('div', 'timeline-meta');
      meta.appendChild(el('span', 'timeline-author', nameOf(pick(e, ['authorId', 'AUTHOR_ID']))));
      meta.appendChild(el('span', 'timeline-date', formatDate(pick(e, ['created', 'CREATED', 'date']))));
      li.appendChild(meta);
      li.appendChild(el('div', 'timeline-text', pick(e, ['comment', 'COMMENT', 'text']) || ''));
      ul.appendChild(li);
    });
    pane.appendChild(ul);
  }

  var lastChatsJson = '';

  function renderChats() {
    var box = byId('chat-list');
    var chats = chatsOfDeal(dealId);
    var json = JSON.stringify([chats, list(state && state.users).length]);
    if (json === lastChatsJson) { return; }
    lastChatsJson = json;
    clear(box);
    if (!chats.length) {
      box.appendChild(el('p', 'muted', T.noChats));
      return;
    }
    chats.forEach(function (c) {
      var chatId = pick(c, ['chatId', 'CHAT_ID']);
      var owner = pick(c, ['owner', 'OWNER']);
      var status = pick(c, ['sessionStatus', 'SESSION_STATUS']);
      var sec = el('section', 'chat-log');
      sec.setAttribute('data-chat-id', String(chatId));
      sec.setAttribute('data-owner', String(owner));

      var head = el('header', 'chat-head');
      var titleRow = el('div', 'chat-title-row');
      titleRow.appendChild(el('span', 'chat-connector', pick(c, ['connectorTitle', 'CONNECTOR_TITLE']) || pick(c, ['connectorId']) || ''));
      titleRow.appendChild(el('span', 'chat-id', '#' + chatId));
      titleRow.appendChild(el('span', 'badge b24-badge ' + sessionClass(status), sessionLabel(status)));
      head.appendChild(titleRow);
      var meta = el('div', 'chat-meta');
      // The session's line now: the one a transfer moved it to, else the one it was opened on.
      var line = Number(pick(c, ['sessionLineId'])) || pick(c, ['lineId', 'LINE_ID']);
      meta.appendChild(el('span', null, T.line + ': ' + lineName(line)));
      var op = Number(owner) ? nameOf(owner) : T.inQueue;
      var opEl = el('span', 'chat-owner', T.operator + ': ' + op);
      opEl.setAttribute('data-user-id', String(owner));
      meta.appendChild(opEl);
      head.appendChild(meta);
      sec.appendChild(head);

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
      sec.appendChild(ol);
      box.appendChild(sec);
      ol.scrollTop = ol.scrollHeight;
    });
  }

  function selectTab(which) {
    var main = which === 'main';
    var tab = which === 'handover';
    byId('tab-main').classList.toggle('is-active', main);
    byId('tab-handover').classList.toggle('is-active', tab);
    byId('tab-main').setAttribute('aria-selected', String(main));
    byId('tab-handover').setAttribute('aria-selected', String(tab));
    byId('pane-main').hidden = !main;
    byId('pane-handover').hidden = !tab;
    byId('pane-install').hidden = which !== 'install';
    byId('tab-install').classList.toggle('is-active', which === 'install');
  }

  /* ------------------------------------- install mode (`?install=1`) */

  /** The CRM_DEAL_DETAIL_TAB placement an installer bound (from /__sim/state), or null. */
  function boundTab() {
    var found = list(state && state.placements).filter(function (p) {
      return String(pick(p, ['placement', 'PLACEMENT']) || '').toUpperCase() === cfg.placement;
    });
    return found.length ? found[0] : null;
  }

  /** The tab's title as the portal shows it: LANG_ALL in the user's language, else TITLE. */
  function boundTitle(p) {
    var langs = pick(p, ['langAll', 'LANG_ALL']) || {};
    var mine = langs[cfg.lang] || {};
    return mine.TITLE || pick(p, ['title', 'TITLE']) || T.tabHandover;
  }

  /**
   * In install mode the deal tab exists only once the installer bound the placement AND sent
   * setInstallFinish (widgets stay hidden until the installation is finished, §2); without
   * `install=1` it is always there (the demo).
   */
  function renderTabVisibility() {
    var tab = byId('tab-handover');
    if (!cfg.install) { tab.hidden = false; return; }
    var bound = boundTab();
    var shown = !!(app.installFinished && bound);
    tab.hidden = !shown;
    tab.setAttribute('data-installed', String(shown));
    if (shown) { tab.textContent = boundTitle(bound); }
  }

  /** Opens the app itself (its first open after install): install.html, PLACEMENT DEFAULT. */
  function openInstaller() {
    var tab = byId('tab-install');
    tab.hidden = false;
    tab.textContent = T.tabApp;
    tab.addEventListener('click', function () { selectTab('install'); });
    selectTab('install');
    var pane = byId('pane-install');
    var loading = el('p', 'muted frame-loading', T.loading);
    pane.appendChild(loading);
    // A fresh install: the placements the demo's seed bound are gone (sim/README.md).
    request('POST', '/__sim/install/fresh', {}).then(function () {
      return request('POST', '/__sim/auth', { userId: Number(cfg.userId) });
    }).then(function (auth) {
      pane.removeChild(loading);
      createFrame(pane, 'install-frame', auth, 'install');
      submitPlacementForm();
    }).catch(function (e) {
      loading.textContent = T.authFailed + ': ' + e.message;
    });
  }

  /* ------------------------------------------------ the application frame */

  var app = {
    opened: false,
    frame: null,
    appSid: '',
    auth: null,
    userOptions: {},
    kind: 'tab',
    installFinished: false
  };

  function randomHex(bytes) {
    var a = new Uint8Array(bytes);
    window.crypto.getRandomValues(a);
    var s = '';
    for (var i = 0; i < a.length; i++) { s += (a[i] < 16 ? '0' : '') + a[i].toString(16); }
    return s;
  }

  function protocol() { return location.protocol === 'https:' ? 1 : 0; }

  /** Opens the app tab; the frame is created and filled on the first opening only. */
  function openHandover() {
    selectTab('handover');
    if (app.opened) { return; }
    app.opened = true;
    var pane = byId('pane-handover');
    var loading = el('p', 'muted frame-loading', T.loading);
    pane.appendChild(loading);
    request('POST', '/__sim/auth', { userId: Number(cfg.userId) }).then(function (auth) {
      pane.removeChild(loading);
      createFrame(pane, 'handover-frame', auth, 'tab');
      submitPlacementForm();
    }).catch(function (e) {
      app.opened = false;
      loading.textContent = T.authFailed + ': ' + e.message;
    });
  }

  /**
   * A new app frame in `pane`; it becomes the one frame whose messages are answered. `kind`:
   * 'tab' (the deal tab) or 'install' (the app's own page on its first open).
   */
  function createFrame(pane, id, auth, kind) {
    app.auth = auth;
    app.appSid = randomHex(16);
    app.kind = kind;
    var frame = document.createElement('iframe');
    frame.id = id;
    frame.className = 'app-frame';
    frame.name = location.host + '|' + protocol() + '|' + app.appSid;
    frame.title = kind === 'install' ? T.tabApp : T.tabHandover;
    pane.appendChild(frame);
    app.frame = frame;
    return frame;
  }

  /** What the frame is opened with: the placement, its options, and the page. */
  function frameTarget() {
    if (app.kind === 'install') {
      return { placement: 'DEFAULT', options: {}, url: cfg.widgetOrigin + cfg.installPath };
    }
    var bound = cfg.install ? boundTab() : null;
    var handler = bound && String(pick(bound, ['handler', 'HANDLER']) || '');
    return {
      placement: cfg.placement,
      options: { ID: String(dealId) },
      url: handler || cfg.widgetOrigin + cfg.handlerPath
    };
  }

  /** Fills the frame the way Bitrix24 opens a CRM_DEAL_DETAIL_TAB handler: a POST form. */
  function submitPlacementForm() {
    var target = frameTarget();
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
    if (!hostLog.length && !ol.firstChild) {
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
    var ol = byId('frame-log');
    var empty = ol.querySelector('.frame-log-empty');
    if (empty) { ol.removeChild(empty); }
    var li = el('li', 'frame-log-item');
    li.appendChild(el('time', 'frame-log-time', new Date().toLocaleTimeString(cfg.lang === 'en' ? 'en-GB' : 'ru-RU')));
    li.appendChild(el('span', 'frame-log-cmd', command));
    var p = entry.params === undefined ? '' : JSON.stringify(entry.params);
    if (p && p !== '{}' && p !== '[]') {
      li.appendChild(el('span', 'frame-log-params', p.length > 90 ? p.slice(0, 89) + '…' : p));
    }
    ol.insertBefore(li, ol.firstChild);
    while (ol.children.length > 40) { ol.removeChild(ol.lastChild); }
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
    var handler = Object.prototype.hasOwnProperty.call(commands, msg.method) ? commands[msg.method] : null;
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

  function isAdmin() { return userIsAdmin(cfg.userId); }

  var commands = {
    getInitData: function (params, reply) {
      var send = function () {
        reply({
          LANG: cfg.lang,
          DOMAIN: location.host,
          PROTOCOL: protocol(),
          PATH: '/rest',
          AUTH_ID: app.auth.access_token,
          AUTH_EXPIRES: String(app.auth.expires_in || 3600),
          REFRESH_ID: app.auth.refresh_token,
          MEMBER_ID: String(app.auth.member_id || ''),
          FIRST_RUN: app.kind === 'install',
          IS_ADMIN: isAdmin(),
          INSTALL: app.kind === 'install',
          USER_OPTIONS: emptyAsArray(app.userOptions),
          APP_OPTIONS: emptyAsArray(state && state.appOptions),
          PLACEMENT: frameTarget().placement,
          PLACEMENT_OPTIONS: emptyAsArray(frameTarget().options)
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
      if (h > 0) { frame.style.height = h + 'px'; } // the CSS keeps it at least 600 px
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
      // No reply. From the installer: the installation is finished; the tab shows if bound.
      if (app.kind !== 'install') { return; }
      app.installFinished = true;
      window.__simInstallFinished = true;
      fetchState().then(renderTabVisibility, function () {});
    },

    selectUser: function (params, reply) { openPicker(params, reply); },

    getInterface: function (params, reply) {
      reply({ command: ['reloadData'], event: [] });
    },

    reloadData: function (params, reply) {
      fetchState().then(function () {
        renderCard();
        renderChats();
        reply();
      }).catch(function (e) { notice(T.stateFailed + ': ' + e.message); });
    },

    setTitle: function () { /* inside a placement: no reply */ },
    setScroll: function () { /* inside a placement: no reply */ },
    placementBindEvent: function () { /* the deal tab has no events */ },
    openPath: function () { /* no slider in the simulator */ },

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

  renderStatic();
  renderTabVisibility();
  fetchState().then(function () {
    renderUserChooser();
    renderCard();
    renderChats();
  }).catch(function (e) {
    notice(T.stateFailed + ': ' + e.message);
  }).then(function () {
    if (cfg.install) { openInstaller(); } else if (cfg.openTab) { openHandover(); }
  });

  // Chats change live in Bitrix24 (push); the card itself only on reloadData.
  window.setInterval(function () {
    if (document.visibilityState !== 'visible') { return; }
    fetchState().then(function () { renderChats(); renderTabVisibility(); }, function () {});
  }, 2000);
})();
