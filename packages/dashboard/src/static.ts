export { html as staticHtml, unsafeStatic } from 'lit/static-html.js';
