export { buildOpenApiDocument, operations } from './document.ts';
export type { Auth, Method, Operation } from './operation.ts';
