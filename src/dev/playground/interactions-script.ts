/**
 * Browser code spliced into APP_SCRIPT's closure (it uses its `state`, `postJson`, `toast`,
 * `refresh`, `modalRoot`, `confirmRoot`, `closedViews`, `modalKey`): button clicks with Slack's
 * confirm dialog, and modal submission with the errors the app answers.
 */
export const INTERACTIONS_SCRIPT = `
  /** Slack's confirm dialog; resolves true when the person confirms. */
  function askConfirm(spec) {
    return new Promise(function (resolve) {
      var danger = spec.style === 'danger';
      confirmRoot.innerHTML = '<div class="confirm" role="alertdialog" aria-modal="true" aria-labelledby="confirm-title">' +
        '<h2 id="confirm-title">' + escapeHtml(plainOf(spec.title) || 'Are you sure?') + '</h2>' +
        '<div class="confirm-text">' + textHtml(spec.text, ctx()) + '</div>' +
        '<div class="confirm-foot"><button type="button" class="btn" data-answer="no">' + escapeHtml(plainOf(spec.deny) || 'Cancel') + '</button>' +
        '<button type="button" class="btn ' + (danger ? 'btn-danger' : 'btn-primary') + '" data-answer="yes">' + escapeHtml(plainOf(spec.confirm) || 'Yes') + '</button></div></div>';
      confirmRoot.hidden = false;
      var finish = function (answer) {
        confirmRoot.hidden = true;
        confirmRoot.innerHTML = '';
        document.removeEventListener('keydown', onKey);
        resolve(answer);
      };
      var onKey = function (event) { if (event.key === 'Escape') finish(false); };
      document.addEventListener('keydown', onKey);
      confirmRoot.querySelector('[data-answer="yes"]').focus();
      confirmRoot.onclick = function (event) {
        var choice = event.target.closest('[data-answer]');
        if (choice) finish(choice.dataset.answer === 'yes');
        else if (event.target === confirmRoot) finish(false);
      };
    });
  }

  function clickButton(button) {
    if (button.disabled) return;
    var spec = button.dataset.confirm ? JSON.parse(button.dataset.confirm) : null;
    (spec ? askConfirm(spec) : Promise.resolve(true)).then(function (go) {
      if (!go) return;
      button.disabled = true;
      button.classList.add('busy');
      postJson('/playground/action', {
        channel: current || undefined,
        messageTs: button.dataset.ts,
        actionId: button.dataset.action,
        blockId: button.dataset.block,
        choice: button.dataset.choice,
        ephemeral: button.dataset.ephemeral ? true : undefined,
      }).then(function (result) {
        button.disabled = false;
        button.classList.remove('busy');
        if (!result.ok) toast(result.message);
        refresh();
      });
    });
  }

  function showModalErrors(form, errors) {
    var general = [];
    form.querySelectorAll('.m-error').forEach(function (node) { node.hidden = true; node.textContent = ''; });
    form.querySelectorAll('.m-block').forEach(function (node) { node.classList.remove('has-error'); });
    Object.keys(errors || {}).forEach(function (blockId) {
      var block = form.querySelector('[data-input-block="' + CSS.escape(blockId) + '"]');
      var slot = block ? block.querySelector('.m-error') : null;
      if (!slot) { general.push(errors[blockId]); return; }
      slot.textContent = errors[blockId];
      slot.hidden = false;
      block.classList.add('has-error');
    });
    if (general.length > 0) {
      var top = form.querySelector('.m-general');
      top.textContent = general.join(' ');
      top.hidden = false;
    }
  }

  /** The person closed it (Cancel, ×, Escape): the playground stops showing it too. */
  function dismissModal(form) {
    postJson('/playground/close', { viewId: form.dataset.viewId });
    closeModal(form);
  }

  function closeModal(form) {
    closedViews.add(form.dataset.viewId);
    modalKey = '';
    modalRoot.hidden = true;
    modalRoot.innerHTML = '';
  }

  modalRoot.addEventListener('click', function (event) {
    var form = modalRoot.querySelector('form');
    if (form && event.target.closest('[data-modal-close]')) dismissModal(form);
  });

  document.addEventListener('keydown', function (event) {
    var form = modalRoot.querySelector('form');
    if (event.key === 'Escape' && form && confirmRoot.hidden) dismissModal(form);
  });

  modalRoot.addEventListener('submit', function (event) {
    event.preventDefault();
    var form = event.target;
    if (form.dataset.busy) return;
    var values = {};
    form.querySelectorAll('.m-input').forEach(function (field) {
      values[field.dataset.block] = values[field.dataset.block] || {};
      values[field.dataset.block][field.dataset.action] = field.value;
    });
    form.dataset.busy = '1';
    postJson('/playground/submit', { viewId: form.dataset.viewId, values: values }).then(function (result) {
      delete form.dataset.busy;
      var answer = result.body.response || {};
      if (!result.ok) showModalErrors(form, { '': result.message });
      else if (answer.response_action === 'errors') showModalErrors(form, answer.errors);
      else if (result.body.closed) closeModal(form);
      refresh();
    });
  });
`;
