export * from './multi-region-bucket';
