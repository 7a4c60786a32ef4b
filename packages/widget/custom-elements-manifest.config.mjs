// @custom-elements-manifest/analyzer: the element's manifest for the npm package.
export default {
  globs: ['src/book-sprintz/book-sprintz.ts', 'src/events/*.ts'],
  outdir: 'dist/npm',
  litelement: true,
  plugins: [
    {
      name: 'booksprintz-tidy',
      // The analyzer also lists `dispatchEvent(new SomeEvent(…))` calls it cannot name, and
      // Lit's internal `state` properties as attributes; the JSDoc @fires tags are the record.
      // Sources are not published: point every module at the published entry, which is
      // also the one that defines the tag.
      packageLinkPhase({ customElementsManifest }) {
        for (const module of customElementsManifest.modules) {
          module.path = 'dist/npm/book-sprintz.js';
          for (const entry of module.exports ?? []) {
            if (entry.declaration) entry.declaration.module = module.path;
          }
          if ((module.declarations ?? []).some((declaration) => declaration.tagName)) {
            module.exports = [
              ...(module.exports ?? []),
              {
                kind: 'custom-element-definition',
                name: 'book-sprintz',
                declaration: { name: 'BookSprintz', module: module.path },
              },
            ];
          }
          for (const declaration of module.declarations ?? []) {
            if (declaration.events)
              declaration.events = declaration.events.filter((event) => event.name);
            if (declaration.attributes) {
              declaration.attributes = declaration.attributes.filter(
                (attribute) => attribute.name !== 'open',
              );
            }
          }
        }
      },
    },
  ],
};
