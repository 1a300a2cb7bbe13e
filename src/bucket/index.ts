export * from './regional-bucket';
