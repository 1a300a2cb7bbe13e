export * from './distribution-origin';
export * from './existing-bucket';
export * from './multi-region-bucket';
export * from './failover-options';
export * from './props';
export * from './replication';
