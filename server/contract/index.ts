export * from './actions';
export * from './errors';
export * from './schemas';
export * from './id-card';
export * from './joint';
