export * from './distribution-origin';
export * from './multi-region-bucket';
export * from './replication';
