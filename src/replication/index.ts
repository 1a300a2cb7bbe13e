export * from './replication-options';
export * from './bucket-replication';
export * from './replication-mesh';
export * from './backfill';
export * from './replication-metric-options';
