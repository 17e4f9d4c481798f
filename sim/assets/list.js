/*
 * handover-sim: the CRM deal list (`/crm/deal/list/`): a grid of the deals the user may read (id,
 * title, pipeline, stage, responsible), optionally of one pipeline (`category`), with the app's
 * items where Bitrix24 puts them once bound — the toolbar's applications menu
 * (CRM_DEAL_LIST_TOOLBAR, PLACEMENT_OPTIONS {URI}) and each row's menu (CRM_DEAL_LIST_MENU,
 * {ID, URI}), both opening the app in a slider (bitrix24-rest.md §1, §9;
 * api-reference/widgets/crm/list-toolbar.md, list-menu.md). The list registers `reloadData`
 * (§1: CRM_*_LIST_MENU), answered only for users who may change CRM settings (§9: the portal's
 * admins here) — it re-reads the grid; closing the slider re-reads it for everyone.
 * `open=toolbar`, or `open=menu&deal=<id>`, opens the slider at once. The portal's side of the
 * frame is host.js (SimHost).
 */
;(function () {
  'use strict';

  var S = window.SimHost, cfg = S.cfg, el = S.el, byId = S.byId;
  var T = S.words({
    ru: {
      deals: 'Сделки', title: 'Сделки', all: 'Все воронки', apps: 'Приложения', id: 'ID',
      name: 'Название', pipeline: 'Воронка', stage: 'Стадия', responsible: 'Ответственный',
      menu: 'Действия', open: 'Открыть', close: 'Закрыть', empty: 'Сделок нет', noApps: 'Нет приложений'
    },
    en: {
      deals: 'Deals', title: 'Deals', all: 'All pipelines', apps: 'Applications', id: 'ID',
      name: 'Name', pipeline: 'Pipeline', stage: 'Stage', responsible: 'Responsible',
      menu: 'Actions', open: 'Open', close: 'Close', empty: 'No deals', noApps: 'No applications'
    }
  });

  var TOOLBAR = 'CRM_DEAL_LIST_TOOLBAR';
  var MENU = 'CRM_DEAL_LIST_MENU';
  var URI = '/crm/deal/list/';
  var reads = 0;

  function renderStatic() {
    S.renderTopbar([T.crm, T.deals], {
      deal: S.pageUrl('/crm/deal/details/101/'),
      chat: S.pageUrl('/online/', { IM_DIALOG: 'chat1001' }),
      list: S.pageUrl(URI)
    });
    var category = cfg.category === null || cfg.category === undefined ? null : cfg.category;
    S.setText('list-title', T.title);
    S.setText('list-category', category === null ? T.all : S.categoryName(category));
    S.setText('list-apps-label', T.apps);
    byId('list-apps').addEventListener('click', function () {
      var menu = byId('list-apps-menu');
      menu.hidden = !menu.hidden;
    });
    byId('slider-close').title = T.close;
    byId('slider-close').addEventListener('click', closeSlider);
    var head = byId('deal-grid-head');
    S.clear(head);
    var tr = el('tr');
    [T.id, T.name, T.pipeline, T.stage, T.responsible, T.menu].forEach(function (h) {
      tr.appendChild(el('th', null, h));
    });
    head.appendChild(tr);
  }

  /* ---------------------------------------------------------------- grid */

  function deals() {
    return S.list(S.state() && S.state().deals).filter(function (d) {
      var inCategory = cfg.category === null || cfg.category === undefined
        || S.same(S.dealCategory(d), cfg.category);
      return inCategory && S.canRead(d);
    }).sort(function (a, b) { return Number(S.dealId(a)) - Number(S.dealId(b)); });
  }

  function cell(tr, cls, text) {
    var td = el('td', cls, text);
    tr.appendChild(td);
    return td;
  }

  /** Re-reads the grid from the state; `#deal-grid[data-reads]` counts the reads. */
  function renderGrid() {
    reads += 1;
    var body = byId('deal-grid-body');
    S.clear(body);
    var rows = deals();
    var menuItems = S.list(cfg.menu);
    rows.forEach(function (d) {
      var id = S.dealId(d);
      var tr = el('tr', 'deal-row');
      tr.setAttribute('data-deal-id', String(id));
      cell(tr, 'cell-id', id);
      var name = el('a', 'deal-link', S.dealTitle(d));
      name.href = S.pageUrl('/crm/deal/details/' + id + '/');
      cell(tr, 'cell-title').appendChild(name);
      cell(tr, 'cell-category', S.categoryName(S.dealCategory(d)))
        .setAttribute('data-category-id', String(S.dealCategory(d)));
      cell(tr, 'cell-stage', S.stageName(S.dealStage(d)))
        .setAttribute('data-stage-id', String(S.dealStage(d)));
      cell(tr, 'cell-responsible', S.nameOf(S.dealResponsible(d)))
        .setAttribute('data-user-id', String(S.dealResponsible(d)));
      rowMenu(cell(tr, 'cell-menu'), id, menuItems);
      body.appendChild(tr);
    });
    if (!rows.length) {
      var empty = el('tr');
      var td = el('td', 'muted', T.empty);
      td.colSpan = 6;
      empty.appendChild(td);
      body.appendChild(empty);
    }
    byId('deal-grid').setAttribute('data-reads', String(reads));
    byId('deal-grid').setAttribute('data-rows', String(rows.length));
  }

  /** A row's menu: the app's CRM_DEAL_LIST_MENU items, once bound. */
  function rowMenu(td, id, items) {
    if (!items.length) { return; }
    var btn = el('button', 'row-menu', '⋯');
    btn.type = 'button';
    btn.title = T.menu;
    var menu = el('div', 'row-menu-items');
    menu.hidden = true;
    items.forEach(function (app, i) {
      var item = el('button', 'menu-item', app.title);
      item.type = 'button';
      item.setAttribute('data-placement', MENU);
      item.setAttribute('data-deal-id', String(id));
      item.setAttribute('data-index', String(i));
      item.addEventListener('click', function () {
        menu.hidden = true;
        openSlider(app, forRow(app, id));
      });
      menu.appendChild(item);
    });
    btn.addEventListener('click', function () { menu.hidden = !menu.hidden; });
    td.appendChild(btn);
    td.appendChild(menu);
  }

  /** A row menu item's target: the item's options with the row's `ID` first. */
  function forRow(app, id) {
    var options = { ID: String(id) };
    Object.keys(app.target.options).forEach(function (k) { options[k] = app.target.options[k]; });
    return { placement: app.target.placement, options: options, url: app.target.url };
  }

  /** The toolbar's applications menu: the app's CRM_DEAL_LIST_TOOLBAR items (`cfg.toolbar`). */
  function renderToolbar() {
    var menu = byId('list-apps-menu');
    S.clear(menu);
    var items = S.list(cfg.toolbar);
    if (!items.length) { menu.appendChild(el('span', 'muted', T.noApps)); }
    items.forEach(function (app, i) {
      var item = el('button', 'menu-item', app.title);
      item.type = 'button';
      item.setAttribute('data-placement', TOOLBAR);
      item.setAttribute('data-index', String(i));
      item.addEventListener('click', function () {
        menu.hidden = true;
        openSlider(app, app.target);
      });
      menu.appendChild(item);
    });
  }

  /* -------------------------------------------------------------- slider */

  /** Opens the app in the slider, as Bitrix24 opens a list placement's handler. */
  function openSlider(app, target) {
    S.closeApp();
    var slider = byId('slider');
    var pane = byId('slider-pane');
    S.clear(pane);
    S.setText('slider-title', app.title);
    slider.hidden = false;
    slider.setAttribute('data-placement', target.placement);
    S.openApp(pane, {
      id: 'handover-frame',
      kind: target.placement === TOOLBAR ? 'toolbar' : 'menu',
      title: app.title,
      target: target
    }).then(function (frame) { frame.classList.add('slider-frame'); }, function () {});
  }

  /** Closing the slider forgets the frame and re-reads the grid (the list refreshes). */
  function closeSlider() {
    S.closeApp();
    byId('slider').hidden = true;
    S.clear(byId('slider-pane'));
    S.fetchState().then(renderGrid, function (e) { S.notice(T.stateFailed + ': ' + e.message); });
  }

  function openAtOnce() {
    var bar = S.list(cfg.toolbar)[0];
    var item = S.list(cfg.menu)[0];
    if (cfg.open === 'toolbar' && bar) {
      openSlider(bar, bar.target);
    } else if (cfg.open === 'menu' && cfg.deal && item) {
      openSlider(item, forRow(item, cfg.deal));
    }
  }

  S.start({
    commands: {
      // reloadData: the list shows the deals afresh, for those who may change CRM settings;
      // others get no reply (§9) and the grid stays until the slider closes.
      reloadData: function (params, reply, refuse) {
        if (!S.isAdmin()) { refuse(); return; }
        S.fetchState().then(function () {
          renderGrid();
          reply();
        }).catch(function (e) { S.notice(T.stateFailed + ': ' + e.message); });
      }
    },

    init: function () {
      renderStatic();
      renderToolbar();
      renderGrid();
      openAtOnce();
    },

    poll: null
  });
})();
