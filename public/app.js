/* The web chat page: the stock Web Chat bundle (window.WebChat) on our own Direct Line, in English or Spanish. */
(function () {
  'use strict';

  // The page's own words; everything in the chat itself comes from the bot.
  var TEXT = {
    en: {
      title: 'Campaign status help',
      heading: 'Campaign status help',
      language: 'Language',
      failed: 'The chat could not connect. Reload the page to try again.',
    },
    es: {
      title: 'Ayuda con los estados de campaña',
      heading: 'Ayuda con los estados de campaña',
      language: 'Idioma',
      failed: 'No se pudo conectar el chat. Recarga la página para intentarlo de nuevo.',
    },
  };
  var LANGUAGE_NAMES = { en: 'English', es: 'Español' };
  var DEFAULT_LOCALES = { en: 'en-US', es: 'es-ES' };
  var STORAGE_KEY = 'campaign-status-bot/webchat';
  var VISITOR_KEY = 'campaign-status-bot/visitor';
  var TOKEN_SAVE_INTERVAL_MS = 60 * 1000;

  var directLineDomain = new URL('v3/directline', document.baseURI).href;
  var tokenUrl = new URL('api/webchat/token', document.baseURI).href;
  var chat = document.getElementById('chat');
  var state = { lang: 'en', locale: 'en-US', directLine: null, store: null, conversationId: null };

  function langOf(locale) {
    return /^es(\b|$)/i.test(locale || '') ? 'es' : 'en';
  }

  function browserLocale() {
    return (navigator.languages && navigator.languages[0]) || navigator.language || 'en-US';
  }

  /** The browser's own locale when it is in that language (es-MX stays es-MX), else the language's default. */
  function localeFor(lang) {
    var browser = browserLocale();
    return langOf(browser) === lang && /^[a-z]{2}(-[A-Za-z0-9]+)*$/i.test(browser) ? browser : DEFAULT_LOCALES[lang];
  }

  // sessionStorage can be unavailable (an embedding site's storage rules): then a reload starts a new conversation.
  function load() {
    try {
      return JSON.parse(window.sessionStorage.getItem(STORAGE_KEY) || 'null');
    } catch (error) {
      return null;
    }
  }

  function save() {
    if (!state.directLine) return;
    try {
      window.sessionStorage.setItem(
        STORAGE_KEY,
        JSON.stringify({ token: state.directLine.token, conversationId: state.conversationId, lang: state.lang, locale: state.locale })
      );
    } catch (error) {
      // nothing to do: see load()
    }
  }

  /** A random key this browser keeps, so the bot knows the same visitor (their language, their course) next time. */
  function visitorId() {
    try {
      var id = window.localStorage.getItem(VISITOR_KEY);
      if (!/^[0-9a-f]{32}$/.test(id || '')) {
        var bytes = new Uint8Array(16);
        window.crypto.getRandomValues(bytes);
        id = Array.prototype.map.call(bytes, function (b) { return ('0' + b.toString(16)).slice(-2); }).join('');
        window.localStorage.setItem(VISITOR_KEY, id);
      }
      return id;
    } catch (error) {
      return undefined;
    }
  }

  function postJson(url, body, token) {
    var headers = { 'Content-Type': 'application/json' };
    if (token) headers.Authorization = 'Bearer ' + token;
    return fetch(url, { method: 'POST', headers: headers, body: JSON.stringify(body || {}), credentials: 'same-origin', cache: 'no-store' }).then(
      function (response) {
        if (!response.ok) throw new Error(url + ': ' + response.status);
        return response.json();
      }
    );
  }

  function applyChrome() {
    var text = TEXT[state.lang];
    document.documentElement.lang = state.lang;
    document.title = text.title;
    document.getElementById('heading').textContent = text.heading;
    document.getElementById('language-label').textContent = text.language;
    var buttons = document.querySelectorAll('.language-switch button');
    for (var i = 0; i < buttons.length; i++) {
      var lang = buttons[i].getAttribute('data-lang');
      buttons[i].textContent = LANGUAGE_NAMES[lang];
      buttons[i].setAttribute('aria-pressed', String(lang === state.lang));
    }
  }

  function render() {
    window.WebChat.renderWebChat(
      {
        directLine: state.directLine,
        store: state.store,
        locale: state.locale,
        styleOptions: { hideUploadButton: true, suggestedActionLayout: 'flow', rootHeight: '100%', bubbleMaxWidth: 720 },
      },
      chat
    );
  }

  function switchLanguage(lang) {
    if (lang === state.lang || !TEXT[lang]) return;
    state.lang = lang;
    state.locale = localeFor(lang);
    applyChrome();
    save();
    if (!state.directLine) return;
    render();
    state.store.dispatch({ type: 'WEB_CHAT/SEND_EVENT', payload: { name: 'webchat/language', value: lang } });
  }

  /** The stored conversation with a fresh token, or a new conversation when there is none (or it has expired). */
  function openConversation() {
    var saved = load();
    var fresh = function () {
      return postJson(tokenUrl, { locale: state.locale, visitor: visitorId() }).then(function (created) {
        return { token: created.token, conversationId: created.conversationId, resumed: false };
      });
    };
    if (!saved || !saved.token || !saved.conversationId) return fresh();
    return postJson(directLineDomain + '/tokens/refresh', null, saved.token).then(
      function (refreshed) {
        return { token: refreshed.token, conversationId: saved.conversationId, resumed: true };
      },
      fresh
    );
  }

  /** `?lang=es` from an embedding page, when the dialer knows the agent's language better than the browser does. */
  function requestedLang() {
    var lang = new URLSearchParams(window.location.search).get('lang');
    return TEXT[lang] ? lang : null;
  }

  function start() {
    var saved = load();
    state.lang = saved && TEXT[saved.lang] ? saved.lang : requestedLang() || langOf(browserLocale());
    state.locale = saved && saved.locale && langOf(saved.locale) === state.lang ? saved.locale : localeFor(state.lang);
    applyChrome();
    var buttons = document.querySelectorAll('.language-switch button');
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].addEventListener('click', function (event) {
        switchLanguage(event.currentTarget.getAttribute('data-lang'));
      });
    }

    openConversation()
      .then(function (conversation) {
        state.conversationId = conversation.conversationId;
        // A resumed conversation reconnects (GET .../conversations/:id) and its stream replays the kept transcript.
        state.directLine = window.WebChat.createDirectLine({
          domain: directLineDomain,
          token: conversation.token,
          conversationId: conversation.resumed ? conversation.conversationId : undefined,
          conversationStartProperties: { locale: state.locale },
          webSocket: true,
        });
        state.store = window.WebChat.createStore();
        save();
        render();
        // Direct Line renews its token every 15 minutes; keep the newest one for the next reload.
        window.setInterval(save, TOKEN_SAVE_INTERVAL_MS);
        window.addEventListener('pagehide', save);
      })
      .catch(function (error) {
        console.error('Web chat:', error);
        var status = document.getElementById('status');
        status.textContent = TEXT[state.lang].failed;
        status.hidden = false;
      });
  }

  start();
})();
