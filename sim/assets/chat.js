/*
 * handover-sim: an open-line chat as the operator sees it in the messenger
 * (`/online/?IM_DIALOG=chat1001`): the messages (system ones included), the channel, the line, who
 * holds the dialog, and the app's chat placement — a button in the panel above the text area
 * (IM_TEXTAREA) or, with `placement=IM_SIDEBAR`, an item of the chat's sidebar — as the portal
 * decided them when it served the page (`cfg.apps`: only once bound, for open-line chats).
 * Clicking one opens the app by POST with its target (PLACEMENT IM_TEXTAREA / IM_SIDEBAR,
 * PLACEMENT_OPTIONS {dialogId, URI: "/online/"}): above the text area in a popup of the bound
 * width × height, or in the sidebar panel. `open=1` opens it at once. The chat placements
 * register no placement command (the docs list none): reloadData and the like are logged and
 * ignored. The portal's side of the frame is host.js (SimHost).
 */
;(function () {
  'use strict';

  var S = window.SimHost, cfg = S.cfg, el = S.el, byId = S.byId;
  var T = S.words({
    ru: {
      messenger: 'Чаты', openLines: 'Открытые линии', chatNotFound: 'Чат не найден',
      deal: 'Сделка', client: 'Клиент', apps: 'Приложения', textarea: 'Введите сообщение…',
      notMember: 'Вас нет в этом чате: вы видите его как наблюдатель.',
      closeApp: 'Закрыть'
    },
    en: {
      messenger: 'Chats', openLines: 'Open channels', chatNotFound: 'Chat not found',
      deal: 'Deal', client: 'Client', apps: 'Applications', textarea: 'Type a message…',
      notMember: 'You are not in this chat: you see it as an observer.',
      closeApp: 'Close'
    }
  });

  var chatNumber = (/^chat(\d+)$/i.exec(cfg.dialogId || '') || [])[1];
  var dialogId = chatNumber ? 'chat' + chatNumber : String(cfg.dialogId || '');
  var sidebar = cfg.chatPlacement === 'IM_SIDEBAR';

  function chat() { return chatNumber ? S.chatById(chatNumber) : null; }

  /* ------------------------------------------------------------ the chat */

  function renderStatic() {
    var c = chat();
    var dealOf = c ? S.pick(c, ['dealId', 'DEAL_ID']) : 101;
    S.renderTopbar([T.messenger, T.openLines], {
      deal: S.pageUrl('/crm/deal/details/' + dealOf + '/'),
      chat: S.pageUrl('/online/', { IM_DIALOG: dialogId || 'chat1001' }),
      list: S.pageUrl('/crm/deal/list/')
    });
    S.setText('im-placeholder', T.textarea);
    S.setText('im-sidebar-title', T.apps);
    byId('chat-page').setAttribute('data-dialog-id', dialogId);
    byId('chat-page').setAttribute('data-placement', cfg.chatPlacement);
    byId('im-sidebar').hidden = !sidebar;
  }

  var lastJson = '';

  function renderChat() {
    var c = chat();
    var json = JSON.stringify([c, S.list(S.state() && S.state().users).length]);
    if (json === lastJson) { return; }
    lastJson = json;
    var head = byId('chat-head');
    var box = byId('chat-messages');
    S.clear(head);
    S.clear(box);
    if (!c) {
      S.setText('chat-title', T.chatNotFound + (dialogId ? ' ' + dialogId : ''));
      document.title = T.chatNotFound;
      byId('chat-access').hidden = true;
      return;
    }
    var owner = S.pick(c, ['owner', 'OWNER']);
    var status = S.pick(c, ['sessionStatus', 'SESSION_STATUS']);
    S.setText('chat-title', S.clientName(c));
    document.title = S.clientName(c) + ' — ' + T.messenger;
    var row = el('div', 'chat-title-row');
    row.appendChild(el('span', 'chat-connector', S.pick(c, ['connectorTitle', 'CONNECTOR_TITLE']) || ''));
    row.appendChild(el('span', 'chat-id', '#' + S.chatId(c)));
    row.appendChild(S.sessionBadge(status));
    head.appendChild(row);
    var meta = el('div', 'chat-meta');
    meta.appendChild(el('span', 'chat-line', T.line + ': ' + S.lineName(S.chatLine(c))));
    var op = el('span', 'chat-owner', T.operator + ': ' + (Number(owner) ? S.nameOf(owner) : T.inQueue));
    op.setAttribute('data-user-id', String(owner));
    meta.appendChild(op);
    var dealOf = S.pick(c, ['dealId', 'DEAL_ID']);
    var deal = S.dealById(dealOf);
    if (deal && S.canRead(deal)) {
      var link = el('a', 'chat-deal', T.deal + ': ' + S.dealTitle(deal));
      link.href = S.pageUrl('/crm/deal/details/' + dealOf + '/');
      link.setAttribute('data-deal-id', String(dealOf));
      meta.appendChild(link);
    }
    head.appendChild(meta);

    var member = S.chatMembers(c).some(function (m) { return S.same(m, cfg.userId); });
    var access = byId('chat-access');
    access.textContent = T.notMember;
    access.hidden = member;
    access.setAttribute('data-member', String(member));

    var log = S.messageList(c);
    while (log.firstChild) { box.appendChild(log.firstChild); }
    box.scrollTop = box.scrollHeight;
  }

  /* ------------------------------------------------------ the chat's apps */

  // The app's items here, as the portal decided them when it served the page (sim/src/frame/
  // pages.rs `chat_apps`: bound, shown in open-line chats, for this user).
  var apps = S.list(cfg.apps);

  function renderApps() {
    var box = byId(sidebar ? 'im-sidebar-apps' : 'im-apps');
    S.clear(box);
    apps.forEach(function (item, i) {
      var btn = el('button', 'im-app');
      btn.type = 'button';
      btn.setAttribute('data-placement', item.target.placement);
      btn.setAttribute('data-index', String(i));
      btn.setAttribute('data-icon', item.icon);
      btn.appendChild(el('span', 'im-app-icon', '◆'));
      btn.appendChild(el('span', 'im-app-title', item.title));
      btn.addEventListener('click', function () { openItem(item); });
      box.appendChild(btn);
    });
  }

  /** Opens the app of `item` above the text area (a popup) or in the sidebar panel. */
  function openItem(item) {
    closeItem();
    var pane = byId(sidebar ? 'im-sidebar-pane' : 'im-popup');
    pane.hidden = false;
    var bar = el('div', 'im-popup-bar');
    bar.appendChild(el('span', 'im-popup-title', item.title));
    var close = el('button', 'im-popup-close', '×');
    close.type = 'button';
    close.id = 'im-app-close';
    close.title = T.closeApp;
    close.addEventListener('click', closeItem);
    bar.appendChild(close);
    pane.appendChild(bar);
    pane.setAttribute('data-width', String(item.width || ''));
    pane.setAttribute('data-height', String(item.height || ''));
    if (item.width) { pane.style.width = item.width + 'px'; }
    S.openApp(pane, {
      id: 'handover-frame',
      kind: sidebar ? 'sidebar' : 'textarea',
      title: item.title,
      target: item.target
    }).then(function (frame) {
      frame.classList.add(sidebar ? 'im-sidebar-frame' : 'im-popup-frame');
      if (item.height) { frame.style.height = item.height + 'px'; }
    }, function () { /* said in the pane */ });
  }

  function closeItem() {
    S.closeApp();
    ['im-popup', 'im-sidebar-pane'].forEach(function (id) {
      var pane = byId(id);
      S.clear(pane);
      pane.hidden = id === 'im-popup';
    });
  }

  S.start({
    commands: {},

    init: function () {
      renderStatic();
      renderChat();
      renderApps();
      if (cfg.openApp && apps[0]) { openItem(apps[0]); }
    },

    poll: function () {
      // Messages and operators change live (push in Bitrix24).
      renderChat();
    }
  });
})();
