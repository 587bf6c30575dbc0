/*
 * Operator dashboard of the Gensee Callback Hub. Plain browser JavaScript, no build step.
 * Security: the API token lives in sessionStorage and travels only in the Authorization header;
 * every value from the API is put on the page with textContent (never innerHTML).
 */
(function () {
  'use strict';

  var TOKEN_KEY = 'hub.token';
  var LANG_KEY = 'hub.lang';
  // how often a view refreshes itself: a live class quickly, the overview more gently
  var CLASS_POLL_MS = 3000;
  var OVERVIEW_POLL_MS = 10000;
  // the rows of a paged list fetched at a time, and the most the API gives in one page
  var PAGE_SIZE = 50;
  var MAX_LIMIT = 1000;

  var state = {
    lang: localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'zh',
    route: null,
    timer: null,
    onlineChart: null,
    attendance: [],
    reconciliation: null,
    report: null,
    online: [],
    selectedOperator: null,
    sort: { key: 'operator', dir: 1 },
    deliveries: { offset: 0 },
    quarantine: { offset: 0 },
    // the paged lists of the views (see loadPages)
    pages: { sessions: pager(), ended: pager(), attendance: pager(500), qa: pager(), rollcall: pager(),
      vod: pager(), viewers: pager(100) }
  };

  // ---- small helpers

  function $(id) { return document.getElementById(id); }

  function t(key, vars) {
    var text = (window.HUB_I18N[state.lang] || {})[key] || window.HUB_I18N.zh[key] || key;
    Object.keys(vars || {}).forEach(function (name) { text = text.split('{' + name + '}').join(String(vars[name])); });
    return text;
  }

  /** Builds an element; string children become text nodes, so data is never parsed as HTML. */
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      var value = attrs[name];
      if (value === null || value === undefined || value === false) return;
      if (name === 'text') node.textContent = String(value);
      else if (name === 'className') node.className = value;
      else if (name === 'onclick') node.addEventListener('click', value);
      else node.setAttribute(name, String(value));
    });
    (children || []).forEach(function (child) {
      if (child === null || child === undefined) return;
      node.appendChild(typeof child === 'string' || typeof child === 'number'
        ? document.createTextNode(String(child)) : child);
    });
    return node;
  }

  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

  function when(iso) {
    if (!iso) return '';
    var date = new Date(iso);
    return isNaN(date) ? String(iso) : date.toLocaleString(state.lang === 'en' ? 'en-GB' : 'zh-CN');
  }

  function clock(iso) {
    var date = new Date(iso);
    return isNaN(date) ? String(iso) : date.toLocaleTimeString(state.lang === 'en' ? 'en-GB' : 'zh-CN');
  }

  function duration(seconds) {
    var s = Math.max(0, Math.floor(Number(seconds) || 0));
    var h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
    return h + ':' + (m < 10 ? '0' : '') + m + ':' + (r < 10 ? '0' : '') + r;
  }

  function yesNo(value) { return value ? t('yes') : t('no'); }

  function num(value) { return value === null || value === undefined ? '—' : String(value); }

  function seg(value) { return encodeURIComponent(value); }

  function classLink(site, classNo) {
    return el('a', { href: '#/class/' + seg(site) + '/' + seg(classNo), text: classNo, 'data-class': classNo });
  }

  function stateBadge(value) {
    return el('span', { className: 'badge state-' + String(value).toLowerCase(), text: t('state.' + value),
      'data-state': value });
  }

  /** Fills a table body with rows and shows the "empty" note of the table when there are none. */
  function fillTable(tableId, rows) {
    var body = $(tableId).querySelector('tbody');
    clear(body);
    rows.forEach(function (row) { body.appendChild(row); });
    showEmpty(tableId, rows.length === 0);
  }

  function showEmpty(forId, empty) {
    var note = document.querySelector('[data-empty-for="' + forId + '"]');
    if (note) note.hidden = !empty;
  }

  function cell(text, col, className) {
    return el('td', { text: text, 'data-col': col, className: className });
  }

  // ---- API access

  function token() { return sessionStorage.getItem(TOKEN_KEY); }

  function ApiError(status, message) { this.status = status; this.message = message; }

  /** fetch with the bearer token; resolves to the parsed JSON, rejects with ApiError. 401 signs out. */
  function api(path, options) {
    options = options || {};
    var headers = { 'Authorization': 'Bearer ' + token(), 'Accept': options.accept || 'application/json' };
    return fetch(path, { method: options.method || 'GET', headers: headers, cache: 'no-store' })
      .then(function (response) {
        if (response.status === 401) {
          signOut(t('signin.expired'));
          throw new ApiError(401, 'unauthorized');
        }
        if (!response.ok) {
          return response.text().then(function (body) {
            var message = body;
            try { message = JSON.parse(body).error || body; } catch (ignored) { /* plain text */ }
            throw new ApiError(response.status, message);
          });
        }
        return options.raw ? response : response.json();
      });
  }

  /** Like api(), but an API this hub does not have yet (404) gives null instead of an error. */
  function optionalApi(path) {
    return api(path).catch(function (error) {
      if (error instanceof ApiError && error.status === 404) return null;
      throw error;
    });
  }

  // ---- paged lists: GET ...?offset=&limit= answers {"items": [...], "nextOffset": n|null}

  function pager(size) { return { size: size || PAGE_SIZE, path: null, items: [], nextOffset: null }; }

  /**
   * Fills a pager from a paged listing: with {@code more}, the next page after the rows held; otherwise the
   * first page again, as many rows as are held (so a refresh keeps what "more" added). Another path (another
   * class, another search) starts over.
   */
  function loadPages(p, path, more) {
    if (p.path !== path) {
      p.path = path;
      p.items = [];
      p.nextOffset = null;
      more = false;
    }
    var offset = more ? p.nextOffset : 0;
    var limit = more ? p.size : Math.min(MAX_LIMIT, Math.max(p.size, p.items.length));
    return api(path + (path.indexOf('?') >= 0 ? '&' : '?') + 'offset=' + offset + '&limit=' + limit)
      .then(function (page) {
        if (p.path === path) {
          p.items = more ? p.items.concat(page.items) : page.items;
          p.nextOffset = page.nextOffset === undefined ? null : page.nextOffset;
        }
        return p;
      });
  }

  /** The "more" button of a list, shown while the listing has more pages. */
  function moreButton(id, p) { $(id).hidden = p.nextOffset === null; }

  function showError(error) {
    if (error instanceof ApiError && error.status === 401) return;
    var banner = $('error-banner');
    banner.textContent = t('error.load', { e: error && error.message ? error.message : String(error) });
    banner.hidden = false;
  }

  // ---- sign-in

  function signIn(event) {
    event.preventDefault();
    var candidate = $('token').value.trim();
    if (!candidate) return;
    fetch('api/status', { headers: { 'Authorization': 'Bearer ' + candidate }, cache: 'no-store' })
      .then(function (response) {
        if (!response.ok) {
          $('signin-error').textContent = t('signin.wrong');
          $('signin-error').hidden = false;
          return;
        }
        sessionStorage.setItem(TOKEN_KEY, candidate);
        $('token').value = '';
        $('signin-error').hidden = true;
        route();
      })
      .catch(showError);
  }

  function signOut(message) {
    sessionStorage.removeItem(TOKEN_KEY);
    stopPolling();
    if (message) {
      $('signin-error').textContent = message;
      $('signin-error').hidden = false;
    }
    route();
  }

  // ---- routing: #/, #/class/{site}/{classNo}, #/vod[/{site}/{classNo}], #/deliveries, #/quarantine

  function parseRoute() {
    var parts = location.hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(function (p) {
      try { return decodeURIComponent(p); } catch (e) { return p; }
    });
    if (parts[0] === 'class' && parts.length === 3) return { view: 'class', site: parts[1], classNo: parts[2] };
    if (parts[0] === 'vod') return { view: 'vod', site: parts[1] || null, classNo: parts[2] || null };
    if (parts[0] === 'deliveries') return { view: 'deliveries' };
    if (parts[0] === 'quarantine') return { view: 'quarantine' };
    return { view: 'overview' };
  }

  var views = {
    overview: { load: loadOverview, pollMs: OVERVIEW_POLL_MS },
    class: { load: loadClass, pollMs: CLASS_POLL_MS },
    vod: { load: loadVod, pollMs: 0 },
    deliveries: { load: loadDeliveries, pollMs: 0 },
    quarantine: { load: loadQuarantine, pollMs: 0 }
  };

  function route() {
    stopPolling();
    $('error-banner').hidden = true;
    var signedIn = !!token();
    $('signin').hidden = signedIn;
    $('nav').hidden = !signedIn;
    $('signout').hidden = !signedIn;
    document.querySelectorAll('.view').forEach(function (v) { v.hidden = true; });
    if (!signedIn) {
      $('token').focus();
      return;
    }
    state.route = parseRoute();
    document.querySelectorAll('[data-nav]').forEach(function (a) {
      a.classList.toggle('active', a.getAttribute('data-nav') === (state.route.view === 'class' ? 'overview' : state.route.view));
    });
    $('view-' + state.route.view).hidden = false;
    refresh(true);
  }

  /** Loads the current view; views that poll schedule the next refresh themselves. */
  function refresh(first) {
    var current = state.route;
    views[current.view].load(current, first)
      .then(function (keepPolling) {
        var pollMs = views[current.view].pollMs;
        if (current === state.route && pollMs > 0 && keepPolling !== false && token()) {
          state.timer = setTimeout(function () { refresh(false); }, pollMs);
        }
      })
      .catch(showError);
  }

  function stopPolling() {
    if (state.timer) clearTimeout(state.timer);
    state.timer = null;
  }

  // ---- overview

  function localMidnight() {
    var d = new Date();
    d.setHours(0, 0, 0, 0);
    return d.toISOString();
  }

  function sessionsPath() {
    var search = $('sessions-search').value.trim();
    return 'api/sessions' + (search ? '?classNo=' + seg(search) : '');
  }

  function endedPath() { return 'api/sessions/ended?since=' + seg(localMidnight()); }

  function loadOverview() {
    return Promise.all([
      api('api/sites'), api('api/sessions?state=LIVE,PAUSED&limit=' + MAX_LIMIT),
      loadPages(state.pages.ended, endedPath()), loadPages(state.pages.sessions, sessionsPath()),
      api('api/status'), optionalApi('api/deliveries/summary').catch(function () { return null; })
    ]).then(function (results) {
      var sites = results[0], live = results[1], status = results[4], summary = results[5];

      var list = $('sites-list');
      clear(list);
      sites.forEach(function (site) {
        list.appendChild(el('li', { 'data-site': site.key }, [
          el('strong', { text: site.key }), ' ',
          el('span', { className: 'muted', text: site.product + (site.classType ? ' / ' + site.classType : '') })]));
      });

      fillTable('live-table', live.items.map(function (s) {
        return el('tr', { 'data-site': s.site, 'data-class-no': s.classNo }, [
          cell(s.site, 'site'), el('td', {}, [classLink(s.site, s.classNo)]), el('td', {}, [stateBadge(s.state)]),
          cell(num(s.currentUsers), 'currentUsers'), cell(when(s.startedAt), 'startedAt')]);
      }));
      $('count-live').textContent = live.items.length + (live.nextOffset === null ? '' : '+');

      renderEnded();
      renderSessions();

      $('count-quarantined').textContent = String(status.quarantined);
      $('count-dispatch-failures').textContent = String(status.dispatchFailures);
      $('count-dead').textContent = summary ? String(summary.reduce(function (sum, s) { return sum + (s.dead || 0); }, 0))
        : '—';
    });
  }

  function renderEnded() {
    fillTable('ended-table', state.pages.ended.items.map(function (s) {
      return el('tr', { 'data-site': s.site, 'data-class-no': s.classNo,
        className: s.abnormalExits > 0 ? 'abnormal' : null }, [
        cell(s.site, 'site'), el('td', {}, [classLink(s.site, s.classNo)]), cell(when(s.stoppedAt), 'stoppedAt'),
        cell(String(s.attendees), 'attendees'), cell(String(s.abnormalExits), 'abnormalExits')]);
    }));
    moreButton('ended-more', state.pages.ended);
  }

  /** The latest classes (the first page: 50), the search by class number, more on request. */
  function renderSessions() {
    fillTable('sessions-table', state.pages.sessions.items.map(function (s) {
      return el('tr', { 'data-site': s.site, 'data-class-no': s.classNo }, [
        cell(s.site, 'site'), el('td', {}, [classLink(s.site, s.classNo)]), el('td', {}, [stateBadge(s.state)]),
        cell(num(s.peakUsers), 'peakUsers'), cell(when(s.lastEventAt), 'lastEventAt')]);
    }));
    document.querySelector('[data-empty-for="sessions-table"]').textContent =
      t($('sessions-search').value.trim() ? 'overview.noMatch' : 'overview.noSessions');
    moreButton('sessions-more', state.pages.sessions);
  }

  var searchTimer = null;

  function searchSessions() {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(function () {
      loadPages(state.pages.sessions, sessionsPath()).then(renderSessions).catch(showError);
    }, 250);
  }

  // ---- class view

  var ACTIVE_STATES = { CREATED: true, LIVE: true, PAUSED: true, UNKNOWN: true };

  function loadClass(r, first) {
    var base = classPath(r);
    $('class-title').textContent = r.site + ' / ' + r.classNo;
    if (first) {
      resetReport();
      $('attendance-filter').value = '';
      clear($('timeline'));
      fillTable('attendance-table', []);
      showEmpty('attendance-table', false);
    }
    return api(base).then(function (session) {
      $('class-state').textContent = t('state.' + session.state);
      $('class-state').className = 'badge state-' + session.state.toLowerCase();
      $('class-state').setAttribute('data-state', session.state);
      $('class-current').textContent = num(session.currentUsers);
      $('class-peak').textContent = num(session.peakUsers);
      $('class-recordings').textContent = String(session.recordings);
      $('class-last-event').textContent = when(session.lastEventAt);
      var active = !!ACTIVE_STATES[session.state];
      $('class-polling').hidden = !active;
      renderReconciliation(session.reconciliation);
      return Promise.all([
        api(base + '/timeline').then(renderTimeline),
        api(base + '/online').then(renderOnline),
        loadAttendance(false),
        loadReport(base),
        loadQa(false),
        loadRollcall(false)
      ]).then(function () { return active; });
    }, function (error) {
      if (error instanceof ApiError && error.status === 404) {
        $('class-state').textContent = t('class.notFound');
        return false;
      }
      throw error;
    });
  }

  function classPath(r) { return 'api/sessions/' + seg(r.site) + '/' + seg(r.classNo); }

  function classQuery(r) { return '?site=' + seg(r.site) + '&webcastId=' + seg(r.classNo); }

  function loadAttendance(more) {
    return loadPages(state.pages.attendance, classPath(state.route) + '/attendance', more).then(function (p) {
      state.attendance = p.items;
      renderAttendance();
      moreButton('attendance-more', p);
    });
  }

  /** A panel's page; an API this hub does not have (404) shows the panel as unavailable. */
  function loadPanel(p, path, more, render, listId, noteId, buttonId) {
    return loadPages(p, path, more).then(function (loaded) {
      render(loaded.items);
      moreButton(buttonId, loaded);
    }, function (error) {
      if (error instanceof ApiError && error.status === 404) return render(null);
      panelError(listId, noteId)(error);
    });
  }

  function loadQa(more) {
    return loadPanel(state.pages.qa, 'api/qa' + classQuery(state.route), more, renderQa, 'qa-list', 'qa-empty',
      'qa-more');
  }

  function loadRollcall(more) {
    return loadPanel(state.pages.rollcall, 'api/rollcall' + classQuery(state.route), more, renderRollcall,
      'rollcall-table', 'rollcall-empty', 'rollcall-more');
  }

  function panelError(listId, noteId) {
    return function (error) {
      clear(listId === 'rollcall-table' ? $(listId).querySelector('tbody') : $(listId));
      $(noteId).textContent = t('error.load', { e: error.message });
      $(noteId).hidden = false;
    };
  }

  function renderTimeline(entries) {
    var list = $('timeline');
    clear(list);
    entries.forEach(function (entry) {
      list.appendChild(el('li', { 'data-label': entry.label, 'data-action': entry.action,
        className: 'step-' + entry.label }, [
        el('time', { datetime: entry.at, text: when(entry.at) }), ' ',
        el('span', { text: t('timeline.' + entry.label) + ' (' + entry.action + ')' })]));
    });
    showEmpty('timeline', entries.length === 0);
  }

  /**
   * The online curve on a real time axis: each point at its time (epoch milliseconds on a linear
   * scale, so no date adapter is needed), the count held until the next point, and the time the
   * class was not live (before its start, pauses, after its stop; from the report) shaded grey.
   */
  function renderOnline(points) {
    state.online = points;
    var values = points.map(function (p) { return { x: Date.parse(p.at), y: p.totalUsers }; });
    showEmpty('online-chart', points.length === 0);
    if (!window.Chart) return;
    var range = chartRange();
    if (state.onlineChart) {
      state.onlineChart.data.datasets[0].data = values;
      state.onlineChart.data.datasets[0].label = t('chart.users');
      state.onlineChart.options.scales.x.min = range ? range.from : undefined;
      state.onlineChart.options.scales.x.max = range ? range.to : undefined;
      state.onlineChart.update('none');
      return;
    }
    state.onlineChart = new window.Chart($('online-chart'), {
      type: 'line',
      data: { datasets: [{ label: t('chart.users'), data: values, stepped: true, fill: true,
        borderColor: '#1f6feb', backgroundColor: 'rgba(31,111,235,0.15)', pointRadius: 2 }] },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false, parsing: false,
        scales: {
          y: { beginAtZero: true, ticks: { precision: 0 } },
          // the axis shows the time of day; the day is in the timeline beside the chart
          x: { type: 'linear', min: range ? range.from : undefined, max: range ? range.to : undefined,
            ticks: { maxTicksLimit: 8, callback: function (value) { return clock(new Date(value)); } } }
        },
        plugins: { legend: { display: false },
          tooltip: { callbacks: { title: function (items) { return items.length ? clock(new Date(items[0].parsed.x)) : ''; } } } }
      },
      plugins: [notLiveShading]
    });
  }

  var NUMBER_COLUMNS = ['operator', 'joins', 'repeatedJoins', 'normalExits', 'abnormalExits', 'closedByStop',
    'orphanLeaves', 'seconds'];

  function renderAttendance() {
    var filter = $('attendance-filter').value.trim();
    var key = state.sort.key, dir = state.sort.dir;
    var rows = state.attendance.filter(function (row) {
      return !filter || String(row.operator).indexOf(filter) >= 0 || (row.name || '').indexOf(filter) >= 0;
    }).slice().sort(function (a, b) {
      var x = sortValue(a, key), y = sortValue(b, key);
      if (x === y) return a.operator - b.operator;
      if (x === null || x === undefined) return 1;
      if (y === null || y === undefined) return -1;
      return (x < y ? -1 : 1) * dir;
    });
    fillTable('attendance-table', rows.map(function (row) {
      var tr = el('tr', { 'data-operator': row.operator, className: row.abnormalExits > 0 ? 'abnormal' : null });
      NUMBER_COLUMNS.forEach(function (col) {
        var td = cell(col === 'seconds' ? duration(row.seconds) : String(row[col]), col,
          col === 'operator' ? null : 'num');
        td.setAttribute('data-value', String(row[col]));
        tr.appendChild(td);
      });
      tr.appendChild(cell(yesNo(row.online), 'online'));
      tr.appendChild(cell(when(row.firstJoin), 'firstJoin'));
      tr.appendChild(cell(when(row.lastLeave), 'lastLeave'));
      addReconciliationCells(tr, row);
      appendPresenceCells(tr, row.operator);
      return tr;
    }));
    var abnormal = state.attendance.filter(function (row) { return row.abnormalExits > 0; }).length;
    $('attendance-summary').textContent = t(state.pages.attendance.nextOffset === null ? 'class.attendees'
      : 'class.attendeesShown', { n: state.attendance.length, a: abnormal });
    document.querySelectorAll('#attendance-table th[data-sort]').forEach(function (th) {
      var sorted = th.getAttribute('data-sort') === key;
      th.setAttribute('aria-sort', sorted ? (dir > 0 ? 'ascending' : 'descending') : 'none');
    });
  }

  // ---- reconciliation with Gensee's own record (GET /api/sessions/{site}/{classNo} .reconciliation)

  /** The state badge and, once done, what the comparison found; the failure's message when it failed. */
  function renderReconciliation(r) {
    state.reconciliation = r || null;
    var box = $('class-reconciliation');
    box.hidden = !r;
    if (!r) return;
    var badge = $('reconciliation-state');
    badge.textContent = t('reconcile.state.' + r.state);
    badge.setAttribute('data-state', r.state);
    badge.className = 'badge reconcile-' + r.state.replace(' ', '-');
    $('reconciliation-summary').textContent = r.fetchedAt === undefined ? '' : t('reconcile.summary', {
      at: when(r.fetchedAt), matched: r.matched, joins: r.missingJoins, leaves: r.missingLeaves,
      genseeOnly: r.genseeOnlyUsers, hubOnly: r.hubOnlyUsers, differ: r.durationDifferences });
    $('reconciliation-message').textContent = r.message ? t('reconcile.failed', { e: r.message,
      next: r.nextAttemptAt ? when(r.nextAttemptAt) : t('reconcile.noRetry') }) : '';
  }

  /**
   * Per attendee: the name after the user id, then Gensee's duration and the reconciled one; Gensee's is
   * highlighted where it differs from the callbacks' by more than the reconciliation's tolerance.
   */
  function addReconciliationCells(tr, row) {
    tr.insertBefore(cell(row.name || '', 'name'), tr.children[1]);
    var tolerance = state.reconciliation && state.reconciliation.toleranceSeconds;
    var differs = row.genseeSeconds !== null && row.genseeSeconds !== undefined && tolerance !== undefined
      && Math.abs(row.genseeSeconds - row.seconds) > tolerance;
    [['genseeSeconds', differs ? 'num differs' : 'num'], ['reconciledSeconds', 'num']].forEach(function (c) {
      var value = row[c[0]];
      var td = cell(value === null || value === undefined ? '—' : duration(value), c[0], c[1]);
      td.setAttribute('data-value', value === null || value === undefined ? '' : String(value));
      tr.appendChild(td);
    });
    if (differs) tr.setAttribute('data-differs', 'true');
  }

  function sortAttendance(event) {
    var th = event.target.closest('th[data-sort]');
    if (!th) return;
    var key = th.getAttribute('data-sort');
    state.sort = { key: key, dir: state.sort.key === key ? -state.sort.dir : 1 };
    renderAttendance();
  }

  /** The CSV comes through fetch with the Authorization header and is saved from a blob: no token in a URL. */
  function downloadCsv() {
    var r = state.route;
    download('api/sessions/' + seg(r.site) + '/' + seg(r.classNo) + '/attendance?format=csv', 'text/csv',
      'attendance-' + r.site + '-' + r.classNo + '.csv');
  }

  function download(path, accept, fileName) {
    api(path, { accept: accept, raw: true })
      .then(function (response) { return response.blob(); })
      .then(function (blob) {
        var url = URL.createObjectURL(blob);
        var a = el('a', { href: url, download: fileName });
        document.body.appendChild(a);
        a.click();
        a.remove();
        setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
      })
      .catch(showError);
  }

  function renderQa(questions) {
    var list = $('qa-list');
    clear(list);
    var note = $('qa-empty');
    if (questions === null) {
      note.textContent = t('class.unavailable');
      note.hidden = false;
      return;
    }
    note.textContent = t('class.noQa');
    note.hidden = questions.length > 0;
    questions.forEach(function (q) {
      var answers = el('ul', { className: 'answers' }, (q.answers || []).map(function (a) {
        return el('li', { 'data-answer-id': a.id }, [
          el('span', { className: 'who', text: (a.uname || t('class.anonymous')) + ' · ' + when(a.answeredAt) }),
          el('p', { text: a.text })]);
      }));
      list.appendChild(el('li', { 'data-question-id': q.id }, [
        el('span', { className: 'who', text: (q.uname || t('class.anonymous')) + ' · ' + when(q.askedAt) }),
        el('p', { className: 'question', text: q.text }), answers]));
    });
  }

  function renderRollcall(checkIns) {
    var note = $('rollcall-empty');
    if (checkIns === null) {
      clear($('rollcall-table').querySelector('tbody'));
      note.textContent = t('class.unavailable');
      note.hidden = false;
      return;
    }
    note.textContent = t('class.noRollcall');
    note.hidden = checkIns.length > 0;
    var body = $('rollcall-table').querySelector('tbody');
    clear(body);
    checkIns.forEach(function (c) {
      body.appendChild(el('tr', { 'data-userid': c.userid }, [cell(String(c.userid), 'userid'),
        cell(when(c.checkedInAt), 'checkedInAt')]));
    });
  }

  // ---- class report: summary card, presence in the attendance table, per-attendee timeline

  function resetReport() {
    state.report = null;
    state.selectedOperator = null;
    clear($('report-summary'));
    clear($('presence-timeline'));
    $('presence-detail').hidden = true;
  }

  function loadReport(base) {
    return optionalApi(base + '/report').then(function (report) {
      state.report = report;
      $('report-unavailable').hidden = report !== null;
      renderReportSummary();
      renderPresenceTimeline();
      renderAttendance();
      if (state.onlineChart) renderOnline(state.online);
    });
  }

  function reportRow(operator) {
    if (!state.report) return null;
    for (var i = 0; i < state.report.attendees.length; i++) {
      if (state.report.attendees[i].operator === operator) return state.report.attendees[i];
    }
    return null;
  }

  function sortValue(row, key) {
    if (key !== 'presence' && key !== 'qualified') return row[key];
    var r = reportRow(row.operator);
    return r ? r[key] : null;
  }

  function percent(share) {
    return share === null || share === undefined ? '—' : (share * 100).toFixed(1) + '%';
  }

  function appendPresenceCells(tr, operator) {
    var r = reportRow(operator);
    var presence = cell(percent(r ? r.presence : null), 'presence', 'num');
    presence.setAttribute('data-value', r && r.presence !== null ? String(r.presence) : '');
    tr.appendChild(presence);
    var qualified = el('td', { 'data-col': 'qualified' });
    if (r && r.qualified !== undefined) {
      qualified.setAttribute('data-value', String(r.qualified));
      qualified.appendChild(el('span', { className: 'badge ' + (r.qualified ? 'qualified-yes' : 'qualified-no'),
        text: t(r.qualified ? 'report.qualified' : 'report.notQualified') }));
    } else {
      qualified.textContent = '—';
    }
    tr.appendChild(qualified);
  }

  function ruleText(rule) {
    if (!rule) return t('report.noRule');
    var parts = [];
    if (rule.minPresence !== null && rule.minPresence !== undefined) {
      parts.push(t('report.ruleMinPresence', { p: percent(rule.minPresence) }));
    }
    if (rule.minMinutes !== null && rule.minMinutes !== undefined) {
      parts.push(t('report.ruleMinMinutes', { m: rule.minMinutes }));
    }
    return parts.join(t('report.ruleAnd'));
  }

  function renderReportSummary() {
    var list = $('report-summary');
    clear(list);
    if (!state.report) return;
    var c = state.report['class'];
    var facts = [
      ['liveTime', duration(c.liveSeconds), c.liveSeconds],
      ['pauses', c.pauses + ' · ' + duration(c.pausedSeconds), c.pauses],
      ['peakUsers', num(c.peakUsers), c.peakUsers],
      ['attendees', String(c.attendees), c.attendees],
      ['qualified', c.qualified === undefined ? '—' : String(c.qualified), c.qualified === undefined ? '' : c.qualified],
      ['abnormalExits', String(c.abnormalExits), c.abnormalExits],
      ['recordings', String(c.recordings), c.recordings],
      ['questions', c.questions + ' / ' + c.answers, c.questions],
      ['rollCall', String(c.rollCallCheckIns), c.rollCallCheckIns]
    ];
    facts.forEach(function (f) {
      list.appendChild(el('div', { 'data-key': f[0], 'data-value': f[2] === null ? '' : f[2] }, [
        el('dt', { text: t('report.' + f[0]) }), el('dd', { text: f[1] })]));
    });
    $('report-rule').textContent = t('report.ruleLine', { r: ruleText(c.rule) });
  }

  /** From the first start to the last stop (or now while live); without live time, the intervals' extent. */
  function chartRange() {
    var times = [];
    var report = state.report;
    if (report) {
      report['class'].liveSpans.forEach(function (span) {
        times.push(Date.parse(span.start), Date.parse(span.end || report['class'].generatedAt));
      });
    }
    state.online.forEach(function (p) { times.push(Date.parse(p.at)); });
    if (times.length === 0) return null;
    return { from: Math.min.apply(null, times), to: Math.max.apply(null, times) };
  }

  /** The parts of [from, to] outside the live spans. */
  function notLiveGaps(from, to) {
    var gaps = [];
    var report = state.report;
    if (!report) return gaps;
    var cursor = from;
    report['class'].liveSpans.forEach(function (span) {
      var start = Date.parse(span.start), end = Date.parse(span.end || report['class'].generatedAt);
      if (start > cursor) gaps.push({ from: cursor, to: Math.min(start, to) });
      cursor = Math.max(cursor, end);
    });
    if (to > cursor) gaps.push({ from: cursor, to: to });
    return gaps;
  }

  // Chart.js plugin: grey bands where the class was not live, drawn under the curve
  var notLiveShading = {
    id: 'notLiveShading',
    beforeDatasetsDraw: function (chart) {
      var x = chart.scales.x, area = chart.chartArea;
      if (!x || !state.report) return;
      var ctx = chart.ctx;
      ctx.save();
      ctx.fillStyle = 'rgba(120,130,145,0.22)';
      notLiveGaps(x.min, x.max).forEach(function (gap) {
        var left = x.getPixelForValue(gap.from), right = x.getPixelForValue(gap.to);
        ctx.fillRect(left, area.top, Math.max(1, right - left), area.bottom - area.top);
      });
      ctx.restore();
    }
  };

  var SVG = 'http://www.w3.org/2000/svg';

  function svg(tag, attrs) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs).forEach(function (name) { node.setAttribute(name, String(attrs[name])); });
    return node;
  }

  /** One row per attendee: their presence intervals as bars across the class's time, abnormal exits marked. */
  function renderPresenceTimeline() {
    var box = $('presence-timeline');
    clear(box);
    var report = state.report;
    var rows = report ? report.attendees.filter(function (a) { return a.intervals.length > 0; }) : [];
    showEmpty('presence-timeline', rows.length === 0);
    if (rows.length === 0) return;
    var now = Date.parse(report['class'].generatedAt);
    var times = [];
    report['class'].liveSpans.forEach(function (s) { times.push(Date.parse(s.start), Date.parse(s.end || report['class'].generatedAt)); });
    if (times.length === 0) {
      rows.forEach(function (a) {
        a.intervals.forEach(function (i) { times.push(Date.parse(i.joinedAt), i.leftAt ? Date.parse(i.leftAt) : now); });
      });
    }
    var from = Math.min.apply(null, times), to = Math.max.apply(null, times);
    var width = Math.max(1, to - from);
    function pct(time) { return (Math.min(Math.max(time, from), to) - from) / width * 100; }
    var gaps = notLiveGaps(from, to);
    rows.forEach(function (a) {
      var bar = svg('svg', { 'class': 'tl-bar', width: '100%', height: 18, role: 'img' });
      bar.appendChild(svg('rect', { 'class': 'tl-live', x: '0%', y: 0, width: '100%', height: 18 }));
      a.intervals.forEach(function (i) {
        var start = pct(Date.parse(i.joinedAt)), end = pct(i.leftAt ? Date.parse(i.leftAt) : now);
        bar.appendChild(svg('rect', { 'class': 'tl-interval tl-' + i.end, 'data-end': i.end, x: start + '%', y: 3,
          width: Math.max(0.3, end - start) + '%', height: 12 }));
        if (i.end === 'abnormal') {
          bar.appendChild(svg('circle', { 'class': 'tl-abnormal-exit', cx: end + '%', cy: 9, r: 5 }));
        }
      });
      // over the bars: time present during a pause does not count
      gaps.forEach(function (g) {
        bar.appendChild(svg('rect', { 'class': 'tl-gap', x: pct(g.from) + '%', y: 0,
          width: (pct(g.to) - pct(g.from)) + '%', height: 18 }));
      });
      var label = String(a.operator) + (a.name ? ' · ' + a.name : '');
      var row = el('div', { className: 'tl-row' + (a.operator === state.selectedOperator ? ' selected' : ''),
        'data-operator': a.operator, role: 'button', tabindex: 0, title: label,
        onclick: function () { selectAttendee(a.operator); } }, [
        el('span', { className: 'tl-label', text: label }), bar,
        el('span', { className: 'tl-presence', text: percent(a.presence) })]);
      row.addEventListener('keydown', function (event) {
        if (event.key === 'Enter' || event.key === ' ') { event.preventDefault(); selectAttendee(a.operator); }
      });
      box.appendChild(row);
    });
    if (state.selectedOperator !== null) renderPresenceDetail();
  }

  function selectAttendee(operator) {
    state.selectedOperator = operator;
    document.querySelectorAll('#presence-timeline .tl-row').forEach(function (row) {
      row.classList.toggle('selected', Number(row.getAttribute('data-operator')) === operator);
    });
    renderPresenceDetail();
  }

  function renderPresenceDetail() {
    var a = reportRow(state.selectedOperator);
    $('presence-detail').hidden = !a;
    if (!a) return;
    $('presence-detail-title').textContent = t('report.intervalsOf', { u: a.operator + (a.name ? ' · ' + a.name : '') })
      + ' — ' + percent(a.presence) + ', ' + duration(a.presentSeconds);
    fillTable('presence-detail-table', a.intervals.map(function (i) {
      return el('tr', { 'data-end': i.end, className: i.end === 'abnormal' ? 'abnormal' : null }, [
        cell(when(i.joinedAt), 'joinedAt'), cell(i.leftAt ? when(i.leftAt) : '—', 'leftAt'),
        cell(t('end.' + i.end), 'end')]);
    }));
  }

  function downloadReport(format, accept) {
    var r = state.route;
    download('api/sessions/' + seg(r.site) + '/' + seg(r.classNo) + '/report?format=' + format + '&lang=' + state.lang,
      accept, 'report-' + r.site + '-' + r.classNo + '.' + format);
  }

  // ---- VOD

  function loadVod(r, first) {
    return Promise.all([api('api/sites'), loadPages(state.pages.vod, vodPath(r))])
      .then(function (results) {
        var select = $('vod-site');
        clear(select);
        select.appendChild(el('option', { value: '', text: t('vod.allSites') }));
        results[0].forEach(function (site) {
          select.appendChild(el('option', { value: site.key, text: site.key, selected: site.key === r.site }));
        });
        renderCoursewares();
        $('vod-detail').hidden = !r.classNo;
        if (!r.classNo) return;
        $('vod-detail-title').textContent = r.site + ' / ' + r.classNo;
        return loadViewers(false);
      });
  }

  function vodPath(r) { return 'api/vod' + (r.site ? '?site=' + seg(r.site) : ''); }

  function renderCoursewares() {
    fillTable('vod-table', state.pages.vod.items.map(function (c) {
      return el('tr', { 'data-site': c.site, 'data-class-no': c.classNo }, [
        cell(c.site, 'site'),
        el('td', {}, [el('a', { href: '#/vod/' + seg(c.site) + '/' + seg(c.classNo), text: c.classNo })]),
        cell(String(c.viewers), 'viewers', 'num'), cell(String(c.views), 'views', 'num'),
        cell(duration(c.seconds), 'seconds', 'num'), cell(String(c.watching), 'watching', 'num'),
        cell(when(c.lastActivity), 'lastActivity')]);
    }));
    moreButton('vod-more', state.pages.vod);
  }

  function loadViewers(more) {
    var r = state.route;
    return loadPages(state.pages.viewers, 'api/vod/' + seg(r.site) + '/' + seg(r.classNo) + '/views', more)
      .then(function (p) {
        fillTable('vod-viewers-table', p.items.map(function (v) {
          return el('tr', { 'data-operator': v.operator }, [
            cell(String(v.operator), 'operator'), cell(String(v.views), 'views', 'num'),
            cell(String(v.orphanEnds), 'orphanEnds', 'num'), cell(duration(v.seconds), 'seconds', 'num'),
            cell(yesNo(v.watching), 'watching'), cell(when(v.firstView), 'firstView'),
            cell(when(v.lastEnd), 'lastEnd')]);
        }));
        moreButton('vod-viewers-more', p);
      });
  }

  // ---- deliveries

  function loadDeliveries(r, first) {
    if (first) state.deliveries.offset = 0;
    return optionalApi('api/deliveries/summary').then(function (summary) {
      $('deliveries-unavailable').hidden = summary !== null;
      var sinkSelect = $('delivery-sink');
      var chosenSink = sinkSelect.value;
      clear(sinkSelect);
      sinkSelect.appendChild(el('option', { value: '', text: t('deliveries.allSinks') }));
      fillTable('delivery-summary', (summary || []).map(function (s) {
        sinkSelect.appendChild(el('option', { value: s.sink, text: s.sink, selected: s.sink === chosenSink }));
        return el('tr', { 'data-sink': s.sink }, [
          cell(s.sink, 'sink'), cell(String(s.pending), 'pending', 'num'), cell(String(s.sending), 'sending', 'num'),
          cell(String(s.failed), 'failed', 'num'),
          cell(String(s.dead), 'dead', s.dead > 0 ? 'num abnormal' : 'num'), cell(String(s.done), 'done', 'num'),
          el('td', {}, [el('button', { type: 'button', className: 'replay-sink', 'data-replay-sink': s.sink,
            text: t('deliveries.replayAll'), disabled: !(s.dead > 0 || s.failed > 0),
            onclick: function () { replaySink(s.sink); } })])]);
      }));
      if (summary === null) {
        fillTable('deliveries-table', []);
        return;
      }
      return loadDeliveryPage(false);
    });
  }

  function loadDeliveryPage(append) {
    var query = 'status=' + seg($('delivery-status').value) + '&offset=' + state.deliveries.offset + '&limit=50';
    if ($('delivery-sink').value) query += '&sink=' + seg($('delivery-sink').value);
    return api('api/deliveries?' + query).then(function (page) {
      var body = $('deliveries-table').querySelector('tbody');
      if (!append) clear(body);
      page.items.forEach(function (d) {
        body.appendChild(el('tr', { 'data-delivery-id': d.id, 'data-status': d.status, 'data-sink': d.sink }, [
          cell(String(d.id), 'id'), cell(d.sink, 'sink'), cell(String(d.eventSeq), 'eventSeq'),
          cell(t('status.' + d.status), 'status'), cell(String(d.attempts), 'attempts', 'num'),
          cell(when(d.nextAttemptAt), 'nextAttemptAt'), cell(d.lastError || '', 'lastError', 'error-text'),
          cell(when(d.createdAt), 'createdAt'),
          el('td', {}, d.status === 'dead' || d.status === 'failed' ? [el('button', { type: 'button',
            className: 'replay', id: 'replay-' + d.id, 'data-delivery-id': d.id, text: t('deliveries.replay'),
            onclick: function () { replayOne(d.id); } })] : [])]));
      });
      showEmpty('deliveries-table', body.children.length === 0);
      $('deliveries-more').hidden = page.nextOffset === null || page.nextOffset === undefined;
      state.deliveries.offset = page.nextOffset || state.deliveries.offset;
    });
  }

  function replayOne(id) {
    api('api/deliveries/' + seg(id) + '/replay', { method: 'POST' }).then(function (result) {
      $('deliveries-message').textContent = t('deliveries.replayedOne', { id: result.id });
      return loadDeliveries(state.route, true);
    }).catch(showError);
  }

  function replaySink(sink) {
    api('api/deliveries/replay?sink=' + seg(sink), { method: 'POST' }).then(function (result) {
      $('deliveries-message').textContent = t('deliveries.replayed', { n: result.replayed });
      return loadDeliveries(state.route, true);
    }).catch(showError);
  }

  // ---- quarantine

  function loadQuarantine(r, first) {
    if (first) state.quarantine.offset = 0;
    return loadQuarantinePage(false);
  }

  function loadQuarantinePage(append) {
    return api('api/quarantine?limit=50&offset=' + state.quarantine.offset).then(function (page) {
      var body = $('quarantine-table').querySelector('tbody');
      if (!append) clear(body);
      page.items.forEach(function (q) {
        var request = q.method + ' ' + q.path + (q.query ? '?' + q.query : '');
        body.appendChild(el('tr', { 'data-quarantine-id': q.id }, [
          cell(when(q.receivedAt), 'receivedAt'), cell(q.site || '', 'site'), cell(String(q.status), 'status'),
          cell(q.reason, 'reason'),
          el('td', { 'data-col': 'request' }, [el('code', { text: request }),
            q.body ? el('pre', { text: q.body.length > 2000 ? q.body.slice(0, 2000) + '…' : q.body }) : null]),
          cell(q.remoteAddress || '', 'remote'), quarantineReplayCell(q)]));
      });
      showEmpty('quarantine-table', body.children.length === 0);
      $('quarantine-more').hidden = page.nextOffset === null || page.nextOffset === undefined;
      state.quarantine.offset = page.nextOffset || state.quarantine.offset;
    });
  }

  /** A replayed row says what its replay came to; any other row has a replay button. */
  function quarantineReplayCell(q) {
    if (q.replayedAt) {
      return cell(t('quarantine.replayed', { seq: q.replayResult ? q.replayResult.replace(/^seq /, '') : '' }), 'replay');
    }
    var outcome = q.replayStatus ? el('div', { className: 'replay-outcome',
      text: t('quarantine.refused', { status: q.replayStatus, reason: q.replayResult || '' }) }) : null;
    return el('td', { 'data-col': 'replay' }, [el('button', { type: 'button', className: 'replay',
      'data-quarantine-replay': q.id, text: t('quarantine.replay'),
      onclick: function () { replayQuarantined(q.id); } }), outcome]);
  }

  function replayQuarantined(id) {
    api('api/quarantine/' + seg(id) + '/replay', { method: 'POST' }).then(function (outcome) {
      $('quarantine-message').textContent = outcome.status === 200
        ? t('quarantine.replayed', { seq: outcome.seq.join(', ') })
        : t('quarantine.refused', { status: outcome.status, reason: outcome.reason || '' });
      state.quarantine.offset = 0;
      return loadQuarantinePage(false);
    }).catch(showError);
  }

  // ---- language

  function applyLanguage() {
    document.documentElement.lang = state.lang === 'en' ? 'en' : 'zh-CN';
    document.title = t('title');
    document.querySelectorAll('[data-i18n]').forEach(function (node) {
      node.textContent = t(node.getAttribute('data-i18n'));
    });
    document.querySelectorAll('[data-i18n-placeholder]').forEach(function (node) {
      node.setAttribute('placeholder', t(node.getAttribute('data-i18n-placeholder')));
    });
    $('lang-toggle').textContent = t('lang.switch');
  }

  function toggleLanguage() {
    state.lang = state.lang === 'en' ? 'zh' : 'en';
    localStorage.setItem(LANG_KEY, state.lang);
    applyLanguage();
    if (token()) route();
  }

  // ---- start

  document.addEventListener('DOMContentLoaded', function () {
    applyLanguage();
    $('signin-form').addEventListener('submit', signIn);
    $('signout').addEventListener('click', function () { signOut(null); });
    $('lang-toggle').addEventListener('click', toggleLanguage);
    $('attendance-filter').addEventListener('input', renderAttendance);
    $('attendance-table').querySelector('thead').addEventListener('click', sortAttendance);
    $('attendance-csv').addEventListener('click', downloadCsv);
    $('report-csv').addEventListener('click', function () { downloadReport('csv', 'text/csv'); });
    $('report-xlsx').addEventListener('click', function () {
      downloadReport('xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    });
    $('vod-site').addEventListener('change', function () {
      location.hash = $('vod-site').value ? '#/vod/' + seg($('vod-site').value) : '#/vod';
    });
    $('delivery-status').addEventListener('change', function () { state.deliveries.offset = 0; loadDeliveryPage(false).catch(showError); });
    $('delivery-sink').addEventListener('change', function () { state.deliveries.offset = 0; loadDeliveryPage(false).catch(showError); });
    $('deliveries-more').addEventListener('click', function () { loadDeliveryPage(true).catch(showError); });
    $('quarantine-more').addEventListener('click', function () { loadQuarantinePage(true).catch(showError); });
    $('sessions-search').addEventListener('input', searchSessions);
    $('sessions-more').addEventListener('click', function () {
      loadPages(state.pages.sessions, sessionsPath(), true).then(renderSessions).catch(showError);
    });
    $('ended-more').addEventListener('click', function () {
      loadPages(state.pages.ended, endedPath(), true).then(renderEnded).catch(showError);
    });
    $('attendance-more').addEventListener('click', function () { loadAttendance(true).catch(showError); });
    $('qa-more').addEventListener('click', function () { loadQa(true).catch(showError); });
    $('rollcall-more').addEventListener('click', function () { loadRollcall(true).catch(showError); });
    $('vod-more').addEventListener('click', function () {
      loadPages(state.pages.vod, vodPath(state.route), true).then(renderCoursewares).catch(showError);
    });
    $('vod-viewers-more').addEventListener('click', function () { loadViewers(true).catch(showError); });
    window.addEventListener('hashchange', route);
    route();
  });

  // read-only handle for tests and the curious: the online chart and the current route
  window.hubDashboard = {
    get onlineChart() { return state.onlineChart; },
    get report() { return state.report; },
    /** the bands of the online chart's time axis shaded as not live: [{from, to}] in epoch milliseconds */
    get notLive() {
      var x = state.onlineChart && state.onlineChart.scales.x;
      return x ? notLiveGaps(x.min, x.max) : [];
    },
    get route() { return state.route; }
  };
})();
