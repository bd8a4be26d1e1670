// The token pages: a Copy button beside a new token (shown once), so nobody has to select it by hand.
(function () {
  var button = document.querySelector("[data-copy]");
  if (!button) { return; }
  var field = document.getElementById(button.dataset.copy);
  var said = document.querySelector(".token-new__copied");
  function say(text) { if (said) { said.textContent = text; } }
  button.hidden = false;
  button.addEventListener("click", function () {
    field.select();
    var copied = navigator.clipboard && window.isSecureContext
      ? navigator.clipboard.writeText(field.value)
      : Promise.resolve(document.execCommand("copy")).then(function (ok) { if (!ok) { throw new Error(); } });
    copied.then(function () { say("Copied to the clipboard."); },
      function () { say("Could not copy: the token is selected, press Ctrl+C (⌘C on a Mac)."); });
  });
  field.addEventListener("focus", function () { field.select(); });
}());
