export * from './bucket';
export * from './access-point';
