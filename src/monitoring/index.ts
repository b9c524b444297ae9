export * from './monitoring-options';
