/*
 * Makes the chat pages live. Without this script they work as plain forms; with it, messages
 * arrive over the event-bus bridge (WebSocket, else SockJS over HTTP) and are sent through it.
 * The database is the guarantee: on every (re)connect the page fetches "messages after N" over
 * HTTP, and a sequence number it already shows is dropped.
 */
(function () {
  'use strict';
  if (typeof EventBus === 'undefined') {
    return;
  }
  var log = document.getElementById('chat-log');
  var consolePage = document.getElementById('console');
  if (!log && !consolePage) {
    return;
  }
  var TYPING_EVERY_MS = 3000;
  var TYPING_SHOWN_MS = 4000;
  // WebSocket first; behind a proxy that drops it, streamed answers over HTTP; behind one that also
  // buffers those, polling (all three tested in ChatTransportsBrowserTest).
  var eb = new EventBus('/eventbus', { transports: ['websocket', 'xhr-streaming', 'xhr-polling'] });
  eb.enableReconnect(true);
  eb.onerror = function () { /* a refused registration: the page still works as a form */ };

  function uuid() {
    if (window.crypto && window.crypto.randomUUID) {
      return window.crypto.randomUUID();
    }
    return 'c' + Date.now() + '-' + Math.random().toString(16).slice(2);
  }

  if (consolePage) {
    var worker = consolePage.getAttribute('data-medewerker');
    var refreshConsole = function () {
      fetch('/chat-console', { credentials: 'same-origin' }).then(function (r) {
        return r.ok ? r.text() : null;
      }).then(function (html) {
        if (!html) {
          return;
        }
        var fresh = new DOMParser().parseFromString(html, 'text/html').getElementById('console');
        if (fresh) {
          // Keep focus where it was when the list is replaced: only replace the lists, not the form.
          ['queue-heading', 'open-heading'].forEach(function (id) {
            var oldSection = document.getElementById(id).parentNode;
            var newSection = fresh.querySelector('#' + id).parentNode;
            if (!oldSection.contains(document.activeElement)) {
              oldSection.replaceWith(document.importNode(newSection, true));
            }
          });
        }
      });
    };
    eb.onopen = function () {
      eb.registerHandler('chat.wachtrij', function (err) { if (!err) { refreshConsole(); } });
      eb.registerHandler('chat.medewerker.' + worker, function (err) { if (!err) { refreshConsole(); } });
      refreshConsole();
    };
    return;
  }

  var list = log.querySelector('ol');
  var id = log.getAttribute('data-gesprek');
  var side = log.getAttribute('data-kant');
  var last = parseInt(log.getAttribute('data-laatste'), 10) || 0;
  var seen = {};
  Array.prototype.forEach.call(log.querySelectorAll('li[data-seq]'), function (li) {
    seen[li.getAttribute('data-seq')] = true;
  });
  var typingLine = document.getElementById('chat-typing');
  var stateLine = document.getElementById('chat-state');
  var form = document.getElementById('chat-form');
  var typingText = log.getAttribute('data-typen') || '…';
  var typingTimer = null;

  function whoLabel(m) {
    if (m.van === 'systeem') {
      return log.getAttribute('data-systeem') || 'Wijkportaal';
    }
    if (m.van === side) {
      return log.getAttribute('data-jij') || '';
    }
    return m.naam || log.getAttribute('data-ander') || '';
  }

  function show(m) {
    if (seen[m.seq]) {
      return;
    }
    seen[m.seq] = true;
    var li = document.createElement('li');
    li.className = 'chat-message chat-message--' + m.van + (m.van === side ? ' chat-message--mine' : '');
    li.setAttribute('data-seq', m.seq);
    var meta = document.createElement('p');
    meta.className = 'chat-meta';
    var who = document.createElement('strong');
    who.textContent = whoLabel(m);
    var time = document.createElement('span');
    time.className = 'chat-time';
    var at = new Date(m.verzonden);
    time.textContent = ('0' + at.getHours()).slice(-2) + ':' + ('0' + at.getMinutes()).slice(-2);
    meta.appendChild(who);
    meta.appendChild(document.createTextNode(' '));
    meta.appendChild(time);
    var text = document.createElement('p');
    text.className = 'chat-text';
    text.textContent = m.tekst;
    li.appendChild(meta);
    var withCard = m.kaart && typeof m.kaart.link === 'string' && m.kaart.link.charAt(0) === '/' && m.kaart.link.charAt(1) !== '/';
    // A card's message text is its title: shown once, in the card.
    if (!withCard || m.tekst !== m.kaart.titel) {
      li.appendChild(text);
    }
    if (withCard) {
      var card = document.createElement('div');
      card.className = 'chat-card';
      var p = document.createElement('p');
      var a = document.createElement('a');
      a.href = m.kaart.link;
      a.textContent = m.kaart.titel;
      p.appendChild(a);
      var line = document.createElement('p');
      line.textContent = m.kaart.regel;
      card.appendChild(p);
      card.appendChild(line);
      li.appendChild(card);
    }
    // Keep the list in sequence order, whatever order the messages arrive in.
    var after = null;
    Array.prototype.some.call(list.querySelectorAll('li[data-seq]'), function (other) {
      if (parseInt(other.getAttribute('data-seq'), 10) > m.seq) {
        after = other;
        return true;
      }
      return false;
    });
    list.insertBefore(li, after);
    if (m.seq > last) {
      last = m.seq;
    }
    if (m.van !== side && typingLine) {
      typingLine.textContent = '';
    }
  }

  /** Fetches everything after the last sequence number shown. */
  function resume() {
    return fetch('/api/v1/chat/gesprekken/' + id + '/berichten?na=' + last, { credentials: 'same-origin' }).then(function (r) {
      return r.ok ? r.json() : null;
    }).then(function (body) {
      if (!body) {
        return;
      }
      body.berichten.forEach(show);
      if (body.berichten.length > 0 && last < body.laatste) {
        // At most 500 messages per answer: fetch the rest before anything else.
        return resume();
      }
      if (body.status === 'beeindigd' && form) {
        window.location.reload();
      }
    });
  }

  eb.onopen = function () {
    eb.registerHandler('chat.gesprek.' + id, function (err, msg) {
      if (err || !msg || !msg.body) {
        return;
      }
      var body = msg.body;
      if (body.type === 'bericht') {
        if (body.seq > last + 1) {
          resume();
        } else {
          show(body);
        }
      } else if (body.type === 'typen' && body.van !== side && typingLine) {
        typingLine.textContent = typingText;
        clearTimeout(typingTimer);
        typingTimer = setTimeout(function () { typingLine.textContent = ''; }, TYPING_SHOWN_MS);
      } else if (body.type === 'status') {
        // Joined, ended, passed on: the page says it best as it is now.
        window.location.reload();
      }
    });
    resume();
  };

  if (form) {
    var textarea = form.querySelector('textarea');
    var clientIdField = form.querySelector('input[name="clientId"]');
    var lastTyping = 0;
    textarea.addEventListener('input', function () {
      var now = Date.now();
      if (eb.state === EventBus.OPEN && now - lastTyping > TYPING_EVERY_MS) {
        lastTyping = now;
        eb.send('chat.opdracht', { type: 'typen', gesprek: id });
      }
    });
    form.addEventListener('submit', function (event) {
      if (eb.state !== EventBus.OPEN) {
        return; // the plain form post still works
      }
      event.preventDefault();
      var tekst = textarea.value;
      if (!tekst.trim()) {
        return;
      }
      eb.send('chat.opdracht', { type: 'bericht', gesprek: id, clientId: clientIdField.value, tekst: tekst }, function (err, reply) {
        if (err) {
          form.submit(); // let the server say what went wrong, in words
          return;
        }
        show(reply.body.bericht);
        textarea.value = '';
        clientIdField.value = uuid();
        textarea.focus();
      });
    });
  }
  if (stateLine) {
    stateLine.setAttribute('data-live', 'true');
  }
})();
