export * from './bucket';
export * from './cloudfront';
