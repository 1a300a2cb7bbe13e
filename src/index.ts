export * from './bucket';
export * from './replication';
export * from './access-point';
export * from './cloudfront';
export * from './multi-region-bucket';
export * from './failover';
