/*
 * handover-sim: the deal card — the deal's pipeline and stage, its open-line chats, the timeline,
 * and the app's tab «Передача в продажи» (CRM_DEAL_DETAIL_TAB, bitrix24-rest.md §2, §7), or with
 * `install=1` the app's first open (install.html, PLACEMENT DEFAULT). The portal's side of the
 * frame is host.js (SimHost).
 */
;(function () {
  'use strict';

  var S = window.SimHost, cfg = S.cfg, el = S.el, byId = S.byId;
  var T = S.words({
    ru: {
      deals: 'Сделки', tabMain: 'Общие', tabHandover: 'Передача в продажи',
      stage: 'Стадия:', responsible: 'Ответственный:', chats: 'Чаты открытых линий',
      noChats: 'У сделки нет чатов открытых линий', about: 'О сделке', pipeline: 'Воронка',
      stageField: 'Стадия', responsibleField: 'Ответственный', client: 'Клиент', dealId: 'ID сделки',
      timeline: 'История', noTimeline: 'Пока нет записей', dealNotFound: 'Сделка не найдена',
      openChat: 'Открыть чат', tabApp: 'Приложение Handover'
    },
    en: {
      deals: 'Deals', tabMain: 'General', tabHandover: 'Hand over to sales',
      stage: 'Stage:', responsible: 'Responsible:', chats: 'Open channel chats',
      noChats: 'The deal has no open channel chats', about: 'About the deal', pipeline: 'Pipeline',
      stageField: 'Stage', responsibleField: 'Responsible', client: 'Client', dealId: 'Deal ID',
      timeline: 'Timeline', noTimeline: 'No entries yet', dealNotFound: 'Deal not found',
      openChat: 'Open the chat', tabApp: 'Handover app'
    }
  });

  var TAB = 'CRM_DEAL_DETAIL_TAB';
  var dealId = cfg.dealId;
  var installFinished = false;
  var opened = { tab: false, install: false };

  /* ------------------------------------------------------ the deal card */

  function renderStatic() {
    var firstChat = S.chatsOfDeal(dealId)[0];
    S.renderTopbar([T.crm, T.deals], {
      deal: S.pageUrl('/crm/deal/details/' + dealId + '/'),
      chat: S.pageUrl('/online/', { IM_DIALOG: 'chat' + (firstChat ? S.chatId(firstChat) : 1001) }),
      list: S.pageUrl('/crm/deal/list/')
    });
    S.setText('stage-label', T.stage);
    S.setText('responsible-label', T.responsible);
    S.setText('tab-main', T.tabMain);
    S.setText('tab-handover', T.tabHandover);
    S.setText('chats-title', T.chats);
    byId('tab-main').addEventListener('click', function () { selectTab('main'); });
    byId('tab-handover').addEventListener('click', openHandover);
  }

  function renderCard() {
    var deal = S.dealById(dealId);
    var head = document.querySelector('.deal-head');
    if (!deal) {
      S.setText('deal-title', T.dealNotFound + ' #' + dealId);
      S.setText('deal-pipeline', '');
      S.setText('deal-stage', '');
      S.setText('deal-responsible', '');
      S.clear(byId('stage-bar'));
      S.clear(byId('pane-main'));
      return;
    }
    var cat = S.dealCategory(deal);
    var stage = S.dealStage(deal);
    var resp = S.dealResponsible(deal);
    var title = S.dealTitle(deal);
    S.setText('deal-title', title);
    document.title = title + ' — ' + T.deals;
    var pipe = S.setText('deal-pipeline', S.categoryName(cat));
    pipe.setAttribute('data-category-id', String(cat));
    var st = S.setText('deal-stage', S.stageName(stage));
    st.setAttribute('data-stage-id', String(stage));
    var rs = S.setText('deal-responsible', S.nameOf(resp));
    rs.setAttribute('data-user-id', String(resp));

    renderStageBar(cat, stage);
    renderMainPane(deal);
    head.classList.remove('is-flash');
    void head.offsetWidth; // restart the highlight animation
    head.classList.add('is-flash');
  }

  function renderStageBar(categoryId, currentId) {
    var bar = byId('stage-bar');
    S.clear(bar);
    var stages = S.stagesOf(categoryId);
    var currentIndex = -1;
    stages.forEach(function (s, i) { if (S.same(S.stageId(s), currentId)) { currentIndex = i; } });
    var current = stages[currentIndex];
    var currentSem = current ? S.stageSemantics(current) : 'P';
    stages.forEach(function (s, i) {
      var sem = S.stageSemantics(s);
      var li = el('li', 'stage', String(S.pick(s, ['name', 'NAME']) || S.stageId(s)));
      li.setAttribute('data-stage-id', String(S.stageId(s)));
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
    S.clear(pane);
    pane.appendChild(el('h2', 'card-title', T.about));
    var dl = el('dl', 'fields');
    field(dl, T.dealId, S.dealId(deal));
    field(dl, T.pipeline, S.categoryName(S.dealCategory(deal)));
    field(dl, T.stageField, S.stageName(S.dealStage(deal)));
    field(dl, T.responsibleField, S.nameOf(S.dealResponsible(deal)));
    var clients = S.chatsOfDeal(dealId).map(S.clientName).filter(function (n) { return !!n; });
    if (clients.length) { field(dl, T.client, clients[0]); }
    pane.appendChild(dl);

    pane.appendChild(el('h2', 'card-title', T.timeline));
    var entries = S.list(S.state() && S.state().timeline).filter(function (e) {
      var type = S.pick(e, ['entityType', 'ownerTypeId', 'OWNER_TYPE_ID', 'entityTypeId', 'ENTITY_TYPE']);
      var okType = type === undefined || String(type) === '2' || /deal/i.test(String(type));
      return okType && S.same(S.pick(e, ['ownerId', 'OWNER_ID', 'entityId', 'ENTITY_ID', 'dealId']), dealId);
    });
    if (!entries.length) {
      pane.appendChild(el('p', 'muted', T.noTimeline));
      return;
    }
    var ul = el('ul', 'timeline');
    entries.slice().reverse().forEach(function (e) {
      var li = el('li', 'timeline-item');
      var meta = el('div', 'timeline-meta');
      meta.appendChild(el('span', 'timeline-author', S.nameOf(S.pick(e, ['authorId', 'AUTHOR_ID']))));
      meta.appendChild(el('span', 'timeline-date', S.formatDate(S.pick(e, ['created', 'CREATED', 'date']))));
      li.appendChild(meta);
      li.appendChild(el('div', 'timeline-text', S.pick(e, ['comment', 'COMMENT', 'text']) || ''));
      ul.appendChild(li);
    });
    pane.appendChild(ul);
  }

  var lastChatsJson = '';

  function renderChats() {
    var box = byId('chat-list');
    var chats = S.chatsOfDeal(dealId);
    var json = JSON.stringify([chats, S.list(S.state() && S.state().users).length]);
    if (json === lastChatsJson) { return; }
    lastChatsJson = json;
    S.clear(box);
    if (!chats.length) {
      box.appendChild(el('p', 'muted', T.noChats));
      return;
    }
    chats.forEach(function (c) {
      var id = S.chatId(c);
      var owner = S.pick(c, ['owner', 'OWNER']);
      var status = S.pick(c, ['sessionStatus', 'SESSION_STATUS']);
      var sec = el('section', 'chat-log');
      sec.setAttribute('data-chat-id', String(id));
      sec.setAttribute('data-owner', String(owner));

      var head = el('header', 'chat-head');
      var titleRow = el('div', 'chat-title-row');
      titleRow.appendChild(el('span', 'chat-connector', S.pick(c, ['connectorTitle', 'CONNECTOR_TITLE']) || S.pick(c, ['connectorId']) || ''));
      var link = el('a', 'chat-id', '#' + id);
      link.href = S.pageUrl('/online/', { IM_DIALOG: 'chat' + id });
      link.title = T.openChat;
      titleRow.appendChild(link);
      titleRow.appendChild(S.sessionBadge(status));
      head.appendChild(titleRow);
      var meta = el('div', 'chat-meta');
      meta.appendChild(el('span', null, T.line + ': ' + S.lineName(S.chatLine(c))));
      var op = Number(owner) ? S.nameOf(owner) : T.inQueue;
      var opEl = el('span', 'chat-owner', T.operator + ': ' + op);
      opEl.setAttribute('data-user-id', String(owner));
      meta.appendChild(opEl);
      head.appendChild(meta);
      sec.appendChild(head);

      var ol = S.messageList(c);
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
    return S.bound(TAB)[0] || null;
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
    var shown = !!(installFinished && bound);
    tab.hidden = !shown;
    tab.setAttribute('data-installed', String(shown));
    if (shown) { tab.textContent = S.boundTitle(bound, T.tabHandover); }
  }

  /** Opens the app itself (its first open after install): install.html, PLACEMENT DEFAULT. */
  function openInstaller() {
    var tab = byId('tab-install');
    tab.hidden = false;
    tab.textContent = T.tabApp;
    tab.addEventListener('click', function () { selectTab('install'); });
    selectTab('install');
    opened.install = true;
    // A fresh install: the placements the demo's seed bound are gone (sim/README.md).
    S.request('POST', '/__sim/install/fresh', {}).then(function () {
      return S.openApp(byId('pane-install'), {
        id: 'install-frame',
        kind: 'install',
        title: T.tabApp,
        target: { placement: 'DEFAULT', options: {}, url: cfg.widgetOrigin + cfg.installPath }
      });
    }).catch(function () { /* said in the pane */ });
  }

  /* ------------------------------------------------ the application tab */

  /** Opens the app tab; the frame is created and filled on the first opening only. */
  function openHandover() {
    selectTab('handover');
    if (opened.tab) { return; }
    opened.tab = true;
    var bound = cfg.install ? boundTab() : null;
    S.openApp(byId('pane-handover'), {
      id: 'handover-frame',
      kind: 'tab',
      title: T.tabHandover,
      target: {
        placement: TAB,
        options: { ID: String(dealId) },
        url: (bound && S.boundHandler(bound)) || cfg.widgetOrigin + cfg.handlerPath
      }
    }).catch(function () { opened.tab = false; });
  }

  S.start({
    installing: function () { return S.app.kind === 'install'; },

    onInstallFinish: function () {
      // From the installer: the installation is finished; the tab shows if bound.
      if (S.app.kind !== 'install') { return; }
      installFinished = true;
      window.__simInstallFinished = true;
      S.fetchState().then(renderTabVisibility, function () {});
    },

    commands: {
      // The deal card's placement command: the card shows the deal afresh, then replies.
      reloadData: function (params, reply) {
        S.fetchState().then(function () {
          renderCard();
          renderChats();
          reply();
        }).catch(function (e) { S.notice(T.stateFailed + ': ' + e.message); });
      }
    },

    init: function () {
      renderStatic();
      renderTabVisibility();
      renderCard();
      renderChats();
      if (cfg.install) { openInstaller(); } else if (cfg.openTab) { openHandover(); }
    },

    poll: function () {
      // Chats change live in Bitrix24 (push); the card itself only on reloadData.
      renderChats();
      renderTabVisibility();
    }
  });
})();
