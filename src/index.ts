export * from './bucket';
export * from './replication';
