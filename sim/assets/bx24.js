/*
 * handover-sim: a stand-in for the classic Bitrix24 JS SDK (//api.bitrix24.com/api/v1/).
 *
 * Written from shared/bitrix24-rest.md §1 (the BX24 surface) and §7 "The wire" (frame start-up,
 * the child side of the postMessage protocol, REST from a browser frame). It speaks to the
 * simulator's deal card host page exactly as the real library speaks to a portal. Plain ES5, no
 * modules, no dependencies.
 */
;(function (window) {
  'use strict';

  var document = window.document;

  /* ---------------------------------------------------------------- state */

  var P = {
    DOMAIN: '',
    PROTOCOL: 0,
    APP_SID: '',
    PATH: '/rest',
    LANG: '',
    AUTH_ID: '',
    REFRESH_ID: '',
    AUTH_EXPIRES: 0,
    MEMBER_ID: '',
    IS_ADMIN: false,
    INSTALL: false,
    FIRST_RUN: false,
    PLACEMENT: null,
    PLACEMENT_OPTIONS: null,
    USER_OPTIONS: {},
    APP_OPTIONS: {}
  };

  var initDone = false;
  var initQueue = [];
  var installQueue = [];

  function isFn(v) { return typeof v === 'function'; }
  function isArray(v) { return Object.prototype.toString.call(v) === '[object Array]'; }
  function noop() {}

  /** Reports an error thrown by a user callback without stopping the caller's loop. */
  function rethrowLater(e) { window.setTimeout(function () { throw e; }, 0); }

  function safeCall(fn, args) {
    try { fn.apply(window, args || []); } catch (e) { rethrowLater(e); }
  }

  /* ---------------------------------------------------- frame start-up (§7) */

  // The portal names the frame "<DOMAIN>|<PROTOCOL 0/1>|<APP_SID>".
  (function readWindowName() {
    var parts = String(window.name || '').split('|');
    P.DOMAIN = (parts[0] || '').replace(/:(80|443)$/, '');
    P.PROTOCOL = parseInt(parts[1], 10) ? 1 : 0;
    P.APP_SID = parts[2] || '';
  })();

  if (!P.DOMAIN || !P.APP_SID) {
    window.BX24 = null;
    throw new Error('Unable to initialize Bitrix24 JS library!');
  }

  function portalOrigin() {
    return 'http' + (P.PROTOCOL ? 's' : '') + '://' + P.DOMAIN;
  }

  /* ------------------------------------------------ messages to the parent */

  var callbacks = {};
  var callbackSeq = 0;

  function callbackId() {
    var s = '';
    var chars = '0123456789abcdefghijklmnopqrstuvwxyz';
    for (var i = 0; i < 12; i++) {
      s += chars.charAt(Math.floor(Math.random() * chars.length));
    }
    callbackSeq += 1;
    return 'cb' + callbackSeq + s;
  }

  /**
   * Sends "<cmd>:<JSON params or empty>:<callbackId or empty>:<APP_SID>" to the parent, addressed
   * to the portal's origin. A `persistent` callback stays registered (placement events).
   */
  function send(cmd, params, cb, persistent) {
    if (isFn(params)) { cb = params; params = null; }
    var id = '';
    if (isFn(cb)) {
      id = callbackId();
      callbacks[id] = { fn: cb, persistent: !!persistent };
    }
    var body = (params !== null && params !== undefined) ? JSON.stringify(params) : '';
    window.parent.postMessage(cmd + ':' + body + ':' + id + ':' + P.APP_SID, portalOrigin());
  }

  // Replies are "<callbackId>:<JSON or empty>", accepted only from exactly the portal's origin
  // and only for a callback this frame registered (its id is random: a reply cannot be guessed
  // into place). Anything else — another origin, an unknown id (`constructor` and `__proto__`
  // included: own keys only), a payload that is not JSON — changes nothing; the callback stays.
  window.addEventListener('message', function (event) {
    if (event.origin !== portalOrigin()) { return; }
    if (typeof event.data !== 'string' || event.data === '') { return; }
    var colon = event.data.indexOf(':');
    var id = colon < 0 ? event.data : event.data.slice(0, colon);
    var payload = colon < 0 ? '' : event.data.slice(colon + 1);
    if (!Object.prototype.hasOwnProperty.call(callbacks, id)) { return; }
    var entry = callbacks[id];
    var args;
    if (payload !== '') {
      try { args = JSON.parse(payload); } catch (e) { return; }
    }
    if (!entry.persistent) { delete callbacks[id]; }
    safeCall(entry.fn, [args]);
  }, false);

  /* ----------------------------------------------------------------- init */

  function toOptions(v) {
    // The portal sends `[]` for "no options"; keep a plain object so get/set work by name.
    if (!v || isArray(v) || typeof v !== 'object') { return {}; }
    return v;
  }

  function applyAuth(data) {
    P.AUTH_ID = data.AUTH_ID || '';
    P.REFRESH_ID = data.REFRESH_ID || '';
    // AUTH_EXPIRES arrives in seconds (a string from getInitData); keep a ms timestamp.
    P.AUTH_EXPIRES = new Date().valueOf() + (parseInt(data.AUTH_EXPIRES, 10) || 0) * 1000;
  }

  function onInitData(data) {
    if (initDone || !data) { return; }
    P.DOMAIN = String(data.DOMAIN || P.DOMAIN).replace(/:(80|443)$/, '');
    P.PROTOCOL = parseInt(data.PROTOCOL, 10) ? 1 : 0;
    P.PATH = data.PATH || '/rest';
    P.LANG = data.LANG || '';
    P.MEMBER_ID = data.MEMBER_ID || '';
    P.IS_ADMIN = !!data.IS_ADMIN;
    P.INSTALL = !!data.INSTALL;
    P.FIRST_RUN = !!data.FIRST_RUN;
    P.PLACEMENT = data.PLACEMENT || 'DEFAULT';
    P.PLACEMENT_OPTIONS = toOptions(data.PLACEMENT_OPTIONS);
    P.USER_OPTIONS = toOptions(data.USER_OPTIONS);
    P.APP_OPTIONS = toOptions(data.APP_OPTIONS);
    if (data.AUTH_ID) { applyAuth(data); }

    if (P.FIRST_RUN && installQueue.length > 0) {
      runInstallers();
    } else {
      finishInit();
    }
  }

  function finishInit() {
    initDone = true;
    var queued = initQueue;
    initQueue = [];
    for (var i = 0; i < queued.length; i++) { safeCall(queued[i]); }
  }

  function runInstallers() {
    var installers = installQueue;
    installQueue = [];
    // The installer ends with BX24.installFinish(), which tells the portal and runs init.
    BX24.installFinish = function () {
      BX24.installFinish = noop;
      send('setInstallFinish', {});
      finishInit();
    };
    for (var i = 0; i < installers.length; i++) { safeCall(installers[i]); }
  }

  /* ------------------------------------------------ REST from the frame (§7) */

  function encodeKey(key) { return encodeURIComponent(key); }

  /** PHP-style nested form keys: a[b][0]=c, as the classic library writes them. */
  function encodeParams(value, prefix, out) {
    if (value === null || value === undefined) { return out; }
    if (value instanceof Date) {
      out.push(prefix + '=' + encodeURIComponent(value.toJSON()));
      return out;
    }
    if (typeof value === 'object') {
      if (isArray(value) && value.length === 0) {
        out.push(prefix + '=');
        return out;
      }
      for (var k in value) {
        if (!Object.prototype.hasOwnProperty.call(value, k)) { continue; }
        var name = prefix ? prefix + '[' + encodeKey(k) + ']' : encodeKey(k);
        encodeParams(value[k], name, out);
      }
      return out;
    }
    if (!prefix) { return out; }
    out.push(prefix + '=' + encodeURIComponent(String(value)));
    return out;
  }

  function formBody(params) {
    if (typeof params === 'string') { return params; }
    return encodeParams(params || {}, '', []).join('&');
  }

  // The classic library throttles itself: a bucket of 90 requests draining 2 per second.
  var bucket = { amount: 0, at: 0 };
  function throttle(run) {
    var now = new Date().valueOf();
    if (bucket.at > 0) {
      bucket.amount = Math.max(0, bucket.amount - (now - bucket.at) * 0.002);
    }
    bucket.at = now;
    if (bucket.amount >= 90) {
      window.setTimeout(function () { throttle(run); }, 1000);
      return;
    }
    bucket.amount += 1;
    run();
  }

  // One refresh at a time; everyone who needs a fresh token waits on it.
  var refreshWaiters = null;
  function refreshThen(done) {
    if (refreshWaiters) { refreshWaiters.push(done); return; }
    refreshWaiters = [done];
    send('refreshAuth', {}, function (p) {
      if (p && p.AUTH_ID) { applyAuth(p); }
      var waiters = refreshWaiters;
      refreshWaiters = null;
      for (var i = 0; i < waiters.length; i++) { safeCall(waiters[i]); }
    });
  }

  /**
   * Runs one REST query {method, params, callback, start, retried} once init is done: POST to
   * <origin><PATH>/<method>.json with the body "auth=<token>&<params>" and NO Content-Type of our
   * own (text/plain: a simple request, no preflight).
   */
  function query(q) {
    if (!initDone) {
      initQueue.push(function () { query(q); });
      return;
    }
    if (P.AUTH_EXPIRES <= new Date().valueOf()) {
      refreshThen(function () { query(q); });
      return;
    }
    throttle(function () { sendRest(q); });
  }

  function sendRest(q) {
    var xhr = new XMLHttpRequest();
    var url = portalOrigin() + P.PATH + '/' + encodeURIComponent(q.method) + '.json';
    var body = 'auth=' + encodeURIComponent(P.AUTH_ID);
    var params = q.params;
    if (q.start !== undefined && typeof params === 'object' && params !== null) {
      params = shallowCopy(params);
      params.start = q.start;
    }
    var rest = formBody(params);
    if (rest) { body += '&' + rest; }

    xhr.open('POST', url, true);
    xhr.onload = function () {
      var status = xhr.status;
      // Like the classic library: a 5xx status never reaches the callback.
      if (status >= 500 || status === 0) { throw 'Query error!'; }
      var answer;
      if (xhr.responseText.length === 0) {
        answer = { result: {} };
      } else {
        try { answer = JSON.parse(xhr.responseText); } catch (e) { throw 'Query error!'; }
      }
      if (answer && answer.error === 'expired_token' && !q.retried) {
        refreshThen(function () {
          var again = shallowCopy(q);
          again.retried = true;
          query(again);
        });
        return;
      }
      if (isFn(q.callback)) {
        q.callback.call(window, new Result(answer, q, status));
      }
    };
    xhr.onerror = function () { throw 'Query error!'; };
    xhr.send(body);
  }

  function shallowCopy(o) {
    var c = {};
    for (var k in o) {
      if (Object.prototype.hasOwnProperty.call(o, k)) { c[k] = o[k]; }
    }
    return c;
  }

  /** An ajaxResult: data(), error(), more(), total(), time(), next(cb). */
  function Result(answer, q, status) {
    this.answer = answer || {};
    this.query = { method: q.method, params: q.params, callback: q.callback, start: q.start };
    this.status = status;
    if (this.answer.next !== undefined) {
      this.answer.next = parseInt(this.answer.next, 10);
    }
    if (this.answer.error !== undefined && this.answer.error !== null) {
      var ex = typeof this.answer.error === 'string'
        ? { error: this.answer.error, error_description: this.answer.error_description }
        : this.answer.error;
      this.answer.ex = new AjaxError(status, ex);
    }
  }
  Result.prototype.data = function () { return this.answer.result; };
  Result.prototype.error = function () { return this.answer.ex; };
  Result.prototype.error_description = function () { return this.answer.error_description; };
  Result.prototype.more = function () {
    return typeof this.answer.next === 'number' && !isNaN(this.answer.next);
  };
  Result.prototype.total = function () { return parseInt(this.answer.total, 10); };
  Result.prototype.time = function () { return this.answer.time; };
  Result.prototype.next = function (cb) {
    if (!this.more()) { return false; }
    var q = shallowCopy(this.query);
    q.start = this.answer.next;
    if (isFn(cb)) { q.callback = cb; }
    query(q);
    return true;
  };

  function AjaxError(status, ex) {
    this.status = status;
    this.ex = ex || {};
  }
  AjaxError.prototype.getError = function () { return this.ex; };
  AjaxError.prototype.getStatus = function () { return this.status; };
  AjaxError.prototype.toString = function () {
    return this.ex.error + (this.ex.error_description ? ': ' + this.ex.error_description : '') +
      ' (' + this.status + ')';
  };

  /* ------------------------------------------------------------- BX24 API */

  var BX24 = {};

  BX24.init = function (cb) {
    if (!isFn(cb)) { return; }
    if (initDone) { safeCall(cb); } else { initQueue.push(cb); }
  };

  BX24.install = function (cb) {
    if (isFn(cb)) { installQueue.push(cb); }
  };

  BX24.installFinish = function () {
    if (initDone && !P.INSTALL) { return; }
    send('setInstallFinish', {});
  };

  BX24.isAdmin = function () { return !!P.IS_ADMIN; };
  BX24.getLang = function () { return P.LANG; };
  BX24.getDomain = function () { return P.DOMAIN; };

  BX24.getAuth = function () {
    if (!initDone || !(P.AUTH_EXPIRES > new Date().valueOf())) { return false; }
    return {
      access_token: P.AUTH_ID,
      refresh_token: P.REFRESH_ID,
      expires_in: P.AUTH_EXPIRES,
      domain: P.DOMAIN,
      member_id: P.MEMBER_ID
    };
  };

  BX24.refreshAuth = function (cb) {
    BX24.init(function () {
      refreshThen(function () { if (isFn(cb)) { cb(BX24.getAuth()); } });
    });
  };

  BX24.callMethod = function (method, params, cb) {
    if (isFn(params)) { cb = params; params = {}; }
    query({ method: method, params: params, callback: cb });
  };

  /**
   * calls: an array or object of [method, params] or {method, params}; the callback receives the
   * same shape of ajaxResults (entries a halt cut off are absent, as in the classic library).
   */
  BX24.callBatch = function (calls, cb, halt) {
    var cmd = isArray(calls) ? [] : {};
    var asked = isArray(calls) ? [] : {};
    var count = 0;
    for (var key in calls) {
      if (!Object.prototype.hasOwnProperty.call(calls, key) || !calls[key]) { continue; }
      var c = calls[key];
      var method = isArray(c) ? c[0] : c.method;
      var params = isArray(c) ? c[1] : c.params;
      if (!method) { continue; }
      var qs = formBody(params);
      cmd[key] = method + (qs ? '?' + qs : '');
      asked[key] = { method: method, params: params };
      count += 1;
    }
    if (count === 0) { return; }
    query({
      method: 'batch',
      params: { halt: halt ? 1 : 0, cmd: cmd },
      callback: function (res) {
        if (!isFn(cb)) { return; }
        var out = isArray(calls) ? [] : {};
        var data = res.data() || {};
        var result = data.result || {};
        var errors = data.result_error || {};
        for (var k in asked) {
          if (!Object.prototype.hasOwnProperty.call(asked, k)) { continue; }
          if (res.error()) {
            // The whole batch failed (auth, limits): every entry carries that error.
            out[k] = new Result({ error: res.error().ex.error, error_description: res.error().ex.error_description },
              asked[k], res.status);
          } else if (result[k] !== undefined || errors[k] !== undefined) {
            out[k] = new Result({
              result: result[k] !== undefined ? result[k] : {},
              error: errors[k],
              total: (data.result_total || {})[k],
              next: (data.result_next || {})[k],
              time: (data.result_time || {})[k]
            }, asked[k], res.status);
          }
        }
        cb.call(window, out);
      }
    });
  };

  BX24.placement = {
    info: function () {
      return { placement: P.PLACEMENT, options: P.PLACEMENT_OPTIONS };
    },
    getInterface: function (cb) {
      send('getInterface', null, cb);
    },
    call: function (cmd, params, cb) {
      if (isFn(params)) { cb = params; params = {}; }
      send(String(cmd), params || {}, cb);
    },
    bindEvent: function (eventName, cb) {
      send('placementBindEvent', { event: eventName }, cb, true);
    }
  };

  BX24.appOption = {
    get: function (name) { return P.APP_OPTIONS[name]; },
    set: function (name, value, cb) {
      // Only an admin may set app options; for everyone else the call is a silent no-op.
      if (!initDone || !P.IS_ADMIN) { return; }
      P.APP_OPTIONS[name] = value;
      send('setAppOption', { name: name, value: value }, cb);
    }
  };

  BX24.userOption = {
    get: function (name) { return P.USER_OPTIONS[name]; },
    set: function (name, value, cb) {
      P.USER_OPTIONS[name] = value;
      send('setUserOption', { name: name, value: value }, cb);
    }
  };

  BX24.selectUser = function (title, cb) {
    if (isFn(title)) { cb = title; title = ''; }
    send('selectUser', { title: title || '', mult: false }, cb);
  };

  BX24.selectUsers = function (title, cb) {
    if (isFn(title)) { cb = title; title = ''; }
    send('selectUser', { title: title || '', mult: true }, cb);
  };

  BX24.getScrollSize = function () {
    var el = document.documentElement;
    return {
      scrollWidth: Math.max(el.scrollWidth, el.offsetWidth),
      scrollHeight: Math.max(el.scrollHeight, el.offsetHeight)
    };
  };

  BX24.fitWindow = function (cb) {
    send('resizeWindow', { width: '100%', height: BX24.getScrollSize().scrollHeight }, cb);
  };

  BX24.resizeWindow = function (width, height, cb) {
    var w = width === '100%' ? '100%' : (parseInt(width, 10) || 100);
    var h = parseInt(height, 10);
    if (h > 0) { send('resizeWindow', { width: w, height: h }, cb); }
  };

  BX24.reloadWindow = function (cb) { send('reloadWindow', {}, cb); };

  BX24.setTitle = function (title, cb) { send('setTitle', { title: String(title) }, cb); };

  BX24.scrollParentWindow = function (scroll, cb) {
    var s = parseInt(scroll, 10);
    if (!isNaN(s)) { send('setScroll', { scroll: s }, cb); }
  };

  BX24.openPath = function (path, cb) { send('openPath', { path: String(path) }, cb); };

  BX24.closeApplication = function (cb) { send('closeApplication', {}, cb); };

  window.BX24 = BX24;

  // Ask the portal for the init data at once; the init callbacks run when it arrives.
  send('getInitData', null, onInitData);
})(window);
