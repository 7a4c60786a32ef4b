export * from './availability/index.ts';
export * from './deposits.ts';
export * from './openapi/index.ts';
export * from './origins.ts';
export * from './schemas/index.ts';
