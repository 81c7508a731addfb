export * from './majority';
export * from './dawid-skene';
export * from './bradley-terry';
export * from './agreement';
