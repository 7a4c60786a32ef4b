export * from './availability/index.ts';
export * from './deposits.ts';
export * from './openapi.ts';
export * from './origins.ts';
export * from './schemas/index.ts';
