/* Runs in the page, after adaptivecards' dist bundle (global AdaptiveCards): parses a card for Adaptive Cards 1.5,
   validates and renders it, and reports what the renderer saw. Plain browser JavaScript: nothing to compile. */
/* global AdaptiveCards, document, window */
/* What Teams' host config (microsoft/AdaptiveCards samples/HostConfig/microsoft-teams-light.json) sets differently
   from the renderer's defaults, as far as these cards are concerned: up to 6 actions, in a row. */
var TEAMS_HOST_CONFIG = new AdaptiveCards.HostConfig({
  supportsInteractivity: true,
  fontFamily: "'Segoe UI', Tahoma, Geneva, Verdana, sans-serif",
  actions: { maxActions: 6, spacing: 'Default', buttonSpacing: 8, actionsOrientation: 'Horizontal', actionAlignment: 'Left' },
});

window.probeAdaptiveCard = function probeAdaptiveCard(json) {
  var AC = AdaptiveCards;
  var describe = function (e) {
    return { phase: AC.ValidationPhase[e.phase], event: AC.ValidationEvent[e.event], message: e.message };
  };
  // adaptivecards 3.0 checks "lang" with a global RegExp, so every other card fails the check on a valid "en":
  // start each card from a clean RegExp.
  AC.CardElement.langProperty.regEx.lastIndex = 0;
  var context = new AC.SerializationContext(AC.Versions.v1_5);
  var card = new AC.AdaptiveCard();
  card.hostConfig = TEAMS_HOST_CONFIG;
  card.parse(json, context);
  var parseEvents = [];
  for (var i = 0; i < context.eventCount; i++) parseEvents.push(describe(context.getEventAt(i)));
  var validationEvents = card.validateProperties().validationEvents.map(describe);

  var elementTypes = [];
  var actionTypes = [];
  var walk = function (node) {
    if (typeof node.getItemCount === 'function') {
      for (var j = 0; j < node.getItemCount(); j++) {
        var item = node.getItemAt(j);
        elementTypes.push(item.getJsonTypeName());
        walk(item);
      }
    }
    if (typeof node.getActionCount === 'function') {
      for (var k = 0; k < node.getActionCount(); k++) actionTypes.push(node.getActionAt(k).getJsonTypeName());
    }
  };
  walk(card);

  var rendered = card.render();
  var host = document.createElement('div');
  if (rendered) host.appendChild(rendered);
  document.body.appendChild(host);
  return {
    parseEvents: parseEvents,
    validationEvents: validationEvents,
    elementTypes: elementTypes,
    actionTypes: actionTypes,
    html: host.innerHTML,
    text: host.textContent || '',
    buttons: Array.prototype.map.call(host.querySelectorAll('button'), function (b) { return b.textContent; }),
  };
};
