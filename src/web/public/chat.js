// Starts Web Chat against our own Direct Line: a token from /webchat/token (the server knows
// this browser by a signed cookie), then polling, since nothing here serves a WebSocket.
(function () {
  'use strict';

  var container = document.getElementById('webchat');

  function showProblem() {
    container.textContent = '';
    var message = document.createElement('p');
    message.className = 'status';
    message.setAttribute('role', 'alert');
    message.textContent =
      'Sorry, the chat is not working right now. Try again in a few minutes, or call freephone ' +
      '0800 840 1628, Monday to Friday, 9am to 6:30pm.';
    container.appendChild(message);
  }

  var styleOptions = {
    accent: '#005EB8',
    primaryFont: 'Arial, Helvetica, sans-serif',
    backgroundColor: '#FFFFFF',
    bubbleBackground: '#F0F4F5',
    bubbleTextColor: '#212B32',
    bubbleBorderRadius: 8,
    bubbleFromUserBackground: '#005EB8',
    bubbleFromUserTextColor: '#FFFFFF',
    bubbleFromUserBorderRadius: 8,
    botAvatarInitials: 'LW',
    botAvatarBackgroundColor: '#005EB8',
    sendBoxButtonColor: '#005EB8',
    sendBoxTextColor: '#212B32',
    suggestedActionBackgroundColor: '#FFFFFF',
    suggestedActionBorderColor: '#005EB8',
    suggestedActionTextColor: '#005EB8',
    suggestedActionLayout: 'flow',
    // Our Direct Line takes no file uploads.
    hideUploadButton: true,
  };

  if (!window.WebChat || !window.fetch) {
    showProblem();
    return;
  }

  fetch('/webchat/token', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { Accept: 'application/json' },
  })
    .then(function (response) {
      if (!response.ok) throw new Error('token request failed: ' + response.status);
      return response.json();
    })
    .then(function (answer) {
      container.textContent = '';
      window.WebChat.renderWebChat(
        {
          directLine: window.WebChat.createDirectLine({
            domain: window.location.origin + '/v3/directline',
            token: answer.token,
            webSocket: false,
          }),
          userID: answer.userId,
          locale: 'en-GB',
          styleOptions: styleOptions,
        },
        container,
      );
    })
    .catch(showProblem);
})();
