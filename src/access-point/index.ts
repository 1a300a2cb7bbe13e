export * from './multi-region-access-point';
export * from './multi-region-access-point-routes';
export * from './routing';
export * from './multi-region-access-point-grants';
