export * from './secure-distribution';
export * from './regional-failover-origin';
export * from './multi-region-access-point-origin';
