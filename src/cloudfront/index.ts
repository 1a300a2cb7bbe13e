export * from './secure-distribution';
