/**
 * "Test connection": reads the business's public profile from the values in the form
 * (saved or not), from this browser — the way the widget will from visitors' browsers.
 */
(() => {
  const __ = window.wp?.i18n ? window.wp.i18n.__ : (text) => text;
  const button = document.getElementById('booksprintz-test');
  const result = document.getElementById('booksprintz-test-result');
  if (!button || !result) return;

  function show(ok, text) {
    result.className = `booksprintz-settings__result ${ok ? 'is-ok' : 'is-error'}`;
    result.textContent = text;
  }

  button.addEventListener('click', () => {
    const tenant = document.getElementById('booksprintz-tenant').value.trim();
    const host = document.getElementById('booksprintz-host').value.trim().replace(/\/+$/, '');
    if (!tenant || !/^https?:\/\//.test(host)) {
      show(false, __('Enter the business slug and the host first.', 'booksprintz'));
      return;
    }
    button.disabled = true;
    result.className = 'booksprintz-settings__result';
    result.textContent = __('Checking…', 'booksprintz');
    window
      .fetch(`${host}/api/booking/v1/${encodeURIComponent(tenant)}`, { credentials: 'omit' })
      .then((response) =>
        response.json().then((body) => {
          if (response.ok && body?.business_name) {
            show(
              true,
              __('Connected to', 'booksprintz') +
                ' ' +
                body.business_name +
                ' (' +
                body.timezone +
                ').',
            );
          } else if (response.status === 404) {
            show(
              false,
              __('The host answered, but knows no business with this slug.', 'booksprintz'),
            );
          } else {
            show(false, (body && (body.detail || body.title)) || `HTTP ${response.status}`);
          }
        }),
      )
      .catch(() => {
        show(
          false,
          __(
            'Could not reach the host. Check the address, and that this site’s domain is among your business’s allowed domains.',
            'booksprintz',
          ),
        );
      })
      .then(() => {
        button.disabled = false;
      });
  });
})();
