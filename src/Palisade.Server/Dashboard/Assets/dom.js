// Small DOM helpers. Everything the server sends is put in the page as text (textContent), never
// as HTML, so a group named "<img onerror=…>" stays a name; with the page's Content-Security-Policy
// that keeps the token out of reach of anything in the data.

let uniqueCounter = 0;
export const uniqueId = prefix => `${prefix}-${++uniqueCounter}`;

/** h('button', { class: 'x', onclick: f, 'aria-label': 'y' }, 'text', child, …) */
export function h(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') element.addEventListener(key.slice(2), value);
    else if (key === 'class') element.className = value;
    else if (key === 'text') element.textContent = value;
    else if (key in element && typeof value !== 'string') element[key] = value;
    else element.setAttribute(key, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function replace(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

/** A form field: label, control, hint and the place its error goes, tied together for assistive technology. */
export function field(label, control, hint) {
  const id = control.id || (control.id = uniqueId(control.name || 'field'));
  const hintElement = hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null;
  if (hintElement) control.setAttribute('aria-describedby', hintElement.id);
  return h('div', { class: 'field', 'data-field': control.name },
    h('label', { for: id }, label), control, hintElement);
}

export function select(name, options, value) {
  return h('select', { name },
    options.map(([optionValue, text]) => h('option', { value: optionValue, selected: optionValue === value }, text)));
}

/** Shows problem `errors` next to the inputs they name; returns what matched no input. */
export function showFieldErrors(form, errors, resolve = key => key) {
  clearFieldErrors(form);
  const unmatched = [];
  let first = null;
  for (const [key, messages] of Object.entries(errors || {})) {
    const name = resolve(key);
    const control = name && form.elements.namedItem(name);
    if (!control || !(control instanceof HTMLElement)) {
      unmatched.push(`${key}: ${messages.join(' ')}`);
      continue;
    }

    const error = h('p', { class: 'field-error', id: `${control.id}-error` }, messages.join(' '));
    control.setAttribute('aria-invalid', 'true');
    const described = [control.getAttribute('aria-describedby'), error.id].filter(Boolean).join(' ');
    control.setAttribute('aria-describedby', described);
    control.closest('.field')?.append(error) ?? control.after(error);
    first ??= control;
  }
  first?.focus();
  return unmatched;
}

export function clearFieldErrors(form) {
  for (const error of form.querySelectorAll('.field-error')) {
    const control = form.querySelector(`[aria-describedby~="${error.id}"]`);
    if (control) {
      control.removeAttribute('aria-invalid');
      const rest = control.getAttribute('aria-describedby').split(' ').filter(id => id !== error.id).join(' ');
      if (rest) control.setAttribute('aria-describedby', rest); else control.removeAttribute('aria-describedby');
    }
    error.remove();
  }
}

/** A message for people: the problem's detail, or its title. */
export const describe = error => error?.detail || error?.message || String(error);

export function alertBox(message) {
  return h('div', { class: 'alert', role: 'alert' }, message);
}

let statusTimer;
/** A polite announcement in the status region (and a toast for sighted users). */
export function announce(message) {
  const status = document.getElementById('status');
  status.textContent = message;
  status.classList.add('visible');
  clearTimeout(statusTimer);
  statusTimer = setTimeout(() => status.classList.remove('visible'), 6000);
}

/**
 * A modal dialog (native <dialog>: focus stays inside, Escape closes, the page behind is inert).
 * `build(form)` fills the form; `onSubmit(form)` may throw an ApiError, whose field errors are shown
 * next to the inputs and whose detail is shown in the dialog, which stays open. Focus returns to the
 * element that opened it.
 */
export function formDialog({ title, build, submitLabel, danger = false, onSubmit, resolveField }) {
  return new Promise(resolve => {
    const opener = document.activeElement;
    const titleId = uniqueId('dialog-title');
    const errorArea = h('div', { class: 'dialog-error' });
    const form = h('form', { method: 'dialog', novalidate: true });
    const submit = h('button', { type: 'submit', class: danger ? 'danger' : 'primary' }, submitLabel);
    const cancel = h('button', { type: 'button', class: 'secondary', onclick: () => close(false) }, 'Cancel');
    const dialog = h('dialog', { 'aria-labelledby': titleId },
      h('h2', { id: titleId }, title), form);
    build(form);
    form.append(errorArea, h('div', { class: 'dialog-actions' }, submit, cancel));

    let result = false;
    function close(value) {
      result = value;
      dialog.close();
    }

    dialog.addEventListener('close', () => {
      dialog.remove();
      if (opener instanceof HTMLElement && opener.isConnected) opener.focus();
      resolve(result);
    });

    form.addEventListener('submit', async event => {
      event.preventDefault();
      submit.disabled = true;
      replace(errorArea);
      try {
        const value = await onSubmit(form);
        close(value ?? true);
      } catch (error) {
        const unmatched = showFieldErrors(form, error.errors, resolveField);
        const matched = Object.keys(error.errors || {}).length - unmatched.length;
        replace(errorArea, alertBox(matched > 0 ? ['Correct the marked fields.', ...unmatched].join(' ') : describe(error)));
        if (matched === 0) submit.focus();
      } finally {
        submit.disabled = false;
      }
    });

    document.body.append(dialog);
    dialog.showModal();
    const first = form.querySelector('input, select, textarea');
    (first || submit).focus();
  });
}

/** Asks before something that cannot be undone; `action` runs inside the dialog, so a refusal (409) is shown there. */
export function confirmDialog({ title, message, confirmLabel, action }) {
  return formDialog({
    title,
    submitLabel: confirmLabel,
    danger: true,
    build: form => form.append(h('p', {}, message)),
    onSubmit: async () => { await action(); return true; },
  });
}

export function formatDate(text) {
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? text : date.toLocaleString();
}

/** A table wrapped so it can scroll sideways on a narrow screen without the page doing so. */
export function table(caption, headers, rows, { emptyText = 'Nothing here yet.' } = {}) {
  const body = h('tbody', {}, rows.length ? rows : h('tr', {}, h('td', { colspan: headers.length, class: 'empty' }, emptyText)));
  return h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': caption },
    h('table', {},
      h('caption', {}, caption),
      h('thead', {}, h('tr', {}, headers.map(text => h('th', { scope: 'col' }, text)))),
      body));
}
