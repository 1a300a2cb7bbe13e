export * from './bucket';
export * from './access-point';
export * from './cloudfront';
