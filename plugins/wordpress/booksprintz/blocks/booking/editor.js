/**
 * The editor side of `booksprintz/booking`: controls for the widget's attributes and a
 * live preview — the real <book-sprintz> element for the inline mode, the loader's
 * button for the popup and floating modes. Plain script against the wp.* globals (no
 * build step); the settings come from `window.booksprintzSettings`.
 */
((wp) => {
  const el = wp.element.createElement;
  const useEffect = wp.element.useEffect;
  const useRef = wp.element.useRef;
  const useState = wp.element.useState;
  const __ = wp.i18n.__;
  const blockEditor = wp.blockEditor;
  const components = wp.components;
  const settings = window.booksprintzSettings || {};
  const configured = Boolean(settings.tenant && settings.host);
  const DEFAULT_COLOR = '#1d4ed8';

  const lists = {};
  /** The business's services, staff or locations from the public API (once per kind). */
  function fetchList(kind) {
    if (!configured) return Promise.resolve([]);
    lists[kind] =
      lists[kind] ||
      window
        .fetch(`${settings.host}/api/booking/v1/${encodeURIComponent(settings.tenant)}/${kind}`)
        .then((response) => (response.ok ? response.json() : { data: [] }))
        .then((body) => body.data || [])
        .catch(() => []);
    return lists[kind];
  }

  function useList(kind) {
    const state = useState(null);
    useEffect(() => {
      fetchList(kind).then(state[1]);
    }, [kind]);
    return state[0];
  }

  /** A dropdown of the business's items, or a text field when the list cannot be read. */
  function ChoiceControl(props) {
    const items = useList(props.kind);
    if (!items || items.length === 0) {
      return el(components.TextControl, {
        label: props.label,
        help: __('An id or slug; empty lets the customer choose.', 'booksprintz'),
        value: props.value,
        onChange: props.onChange,
      });
    }
    const options = [{ label: props.anyLabel, value: '' }].concat(
      items.map((item) => ({ label: item.name, value: item.slug || item.id })),
    );
    return el(components.SelectControl, {
      label: props.label,
      value: props.value,
      options: options,
      onChange: props.onChange,
    });
  }

  /** The loader's button, as embed.js draws it on the page. */
  function ButtonPreview(props) {
    const a = props.attributes;
    return el(
      'div',
      { className: `booksprintz-preview booksprintz-preview--${a.mode}` },
      el(
        'span',
        {
          className: 'booksprintz-preview__button',
          style: { background: a.color || DEFAULT_COLOR },
        },
        a.label || __('Book now', 'booksprintz'),
      ),
      a.mode === 'button'
        ? el(
            'p',
            { className: 'booksprintz-preview__caption' },
            __(
              'Floats in the bottom-right corner of the page and opens the booking widget.',
              'booksprintz',
            ),
          )
        : null,
    );
  }

  /** The real element, in whichever document the editor canvas is (it may be an iframe). */
  function InlinePreview(props) {
    const a = props.attributes;
    const ref = useRef(null);
    useEffect(() => {
      const node = ref.current;
      if (!node) return;
      const doc = node.ownerDocument;
      if (!doc.querySelector('script[data-booksprintz-preview]')) {
        const script = doc.createElement('script');
        script.type = 'module';
        script.src = `${settings.host}/widget/v1/book-sprintz.js`;
        script.setAttribute('data-booksprintz-preview', '');
        doc.head.appendChild(script);
      }
      const widget = doc.createElement('book-sprintz');
      widget.setAttribute('tenant', settings.tenant);
      ['service', 'staff', 'location', 'locale'].forEach((name) => {
        if (a[name]) widget.setAttribute(name, a[name]);
      });
      if (a.color) widget.style.setProperty('--bs-color-primary', a.color);
      node.replaceChildren(widget);
    }, [a.service, a.staff, a.location, a.locale, a.color]);
    return el('div', { ref: ref, className: 'booksprintz-preview booksprintz-preview--inline' });
  }

  function Edit(props) {
    const a = props.attributes;
    const set = (name) => (value) => {
      const change = {};
      change[name] = value || '';
      props.setAttributes(change);
    };
    const blockProps = blockEditor.useBlockProps();
    const controls = el(
      blockEditor.InspectorControls,
      null,
      el(
        components.PanelBody,
        { title: __('Booking widget', 'booksprintz') },
        el(components.SelectControl, {
          label: __('Show as', 'booksprintz'),
          value: a.mode,
          options: [
            { label: __('The widget, in the page', 'booksprintz'), value: 'inline' },
            { label: __('A button that opens it', 'booksprintz'), value: 'popup' },
            { label: __('A floating button', 'booksprintz'), value: 'button' },
          ],
          onChange: set('mode'),
        }),
        el(ChoiceControl, {
          kind: 'services',
          label: __('Service', 'booksprintz'),
          anyLabel: __('Customer chooses', 'booksprintz'),
          value: a.service,
          onChange: set('service'),
        }),
        el(ChoiceControl, {
          kind: 'staff',
          label: __('Staff', 'booksprintz'),
          anyLabel: __('Customer chooses', 'booksprintz'),
          value: a.staff,
          onChange: set('staff'),
        }),
        el(ChoiceControl, {
          kind: 'locations',
          label: __('Location', 'booksprintz'),
          anyLabel: __('Customer chooses', 'booksprintz'),
          value: a.location,
          onChange: set('location'),
        }),
        el(components.SelectControl, {
          label: __('Language', 'booksprintz'),
          value: a.locale,
          options: [
            { label: __("The visitor's", 'booksprintz'), value: '' },
            { label: 'English', value: 'en' },
            { label: 'Español', value: 'es' },
            { label: 'Français', value: 'fr' },
          ],
          onChange: set('locale'),
        }),
        a.mode === 'inline'
          ? null
          : el(components.TextControl, {
              label: __('Button label', 'booksprintz'),
              placeholder: __('Book now', 'booksprintz'),
              value: a.label,
              onChange: set('label'),
            }),
        el(
          components.BaseControl,
          { label: __('Colour', 'booksprintz'), id: 'booksprintz-color' },
          el(components.ColorPalette, {
            value: a.color || undefined,
            colors: [
              { name: 'Blue', color: '#1d4ed8' },
              { name: 'Green', color: '#047857' },
              { name: 'Purple', color: '#6d28d9' },
              { name: 'Rose', color: '#be123c' },
              { name: 'Slate', color: '#334155' },
            ],
            onChange: set('color'),
          }),
        ),
      ),
    );

    let preview;
    if (!configured) {
      preview = el(
        components.Placeholder,
        {
          icon: 'calendar-alt',
          label: __('BookSprintz booking', 'booksprintz'),
          instructions: __(
            'Choose your business in Settings → BookSprintz to show the widget.',
            'booksprintz',
          ),
        },
        el(
          components.Button,
          { variant: 'secondary', href: settings.settingsUrl },
          __('Open the settings', 'booksprintz'),
        ),
      );
    } else if (a.mode === 'inline') {
      preview = el(InlinePreview, { attributes: a });
    } else {
      preview = el(ButtonPreview, { attributes: a });
    }
    return el('div', blockProps, controls, preview);
  }

  wp.blocks.registerBlockType('booksprintz/booking', {
    edit: Edit,
    // Rendered on the server (render.php): the saved post keeps only the attributes.
    save: () => null,
  });
})(window.wp);
