export * from './secure-distribution';
export * from './regional-failover-origin';
