export * from './distribution-origin';
export * from './existing-bucket';
export * from './multi-region-bucket';
export * from './props';
export * from './replication';
