export * from './errors';
export * from './schemas';
export * from './operations';
export * from './events';
export * from './client';
export * from './http-transport';
export * from './policies';
