export * from './multi-region-access-point-failover';
